/**
 * The CA hash as k3s computes it for `K10<hash>::…` tokens
 * (pkg/clientaccess/token.go `hashCA`, research §5):
 * - one certificate in the bundle: sha256 over the literal bytes of
 *   `<data-dir>/server/tls/server-ca.crt` (PEM text as stored and as served on /cacerts);
 * - more than one: every certificate after the first whose AuthorityKeyId is
 *   empty or equal to its SubjectKeyId is a root, the others are
 *   intermediates; the first certificate is verified against them and the
 *   hash is sha256 over the DER of the root of the first chain found;
 * - if that verification fails, the hash falls back to the file bytes.
 *
 * Verification follows Go's x509.Verify as far as it matters here: issuer
 * name and signature, issuers must be CAs, every certificate of the chain
 * must be valid now, and a certificate with extended key usages must allow
 * server authentication (Go's default when no usage is asked for).
 */
import { X509Certificate, createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** id-kp-serverAuth and anyExtendedKeyUsage. */
const SERVER_AUTH_EKUS = ['1.3.6.1.5.5.7.3.1', '2.5.29.37.0'];
const OID_SUBJECT_KEY_ID = Buffer.from([0x55, 0x1d, 0x0e]); // 2.5.29.14
const OID_AUTHORITY_KEY_ID = Buffer.from([0x55, 0x1d, 0x23]); // 2.5.29.35

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

interface Tlv {
  tag: number;
  value: Buffer;
}

/** The DER elements directly inside `buf` (no recursion). */
function derChildren(buf: Buffer): Tlv[] {
  const out: Tlv[] = [];
  let i = 0;
  while (i < buf.length) {
    const tag = buf[i++] ?? 0;
    let len = buf[i++] ?? 0;
    if (len & 0x80) {
      const n = len & 0x7f;
      if (n === 0 || n > 4) throw new Error('unsupported DER length');
      len = 0;
      for (let k = 0; k < n; k++) len = len * 256 + (buf[i++] ?? 0);
    }
    if (i + len > buf.length) throw new Error('truncated DER');
    out.push({ tag, value: buf.subarray(i, i + len) });
    i += len;
  }
  return out;
}

/** Key identifiers of a certificate (raw bytes). */
export interface KeyIds {
  subjectKeyId: Buffer;
  authorityKeyId: Buffer;
}

/** SubjectKeyId and the keyIdentifier of AuthorityKeyId, as Go's x509 parses them (empty when absent). */
export function keyIds(cert: X509Certificate): KeyIds {
  const empty: KeyIds = { subjectKeyId: Buffer.alloc(0), authorityKeyId: Buffer.alloc(0) };
  const certSeq = derChildren(cert.raw)[0];
  const tbs = certSeq ? derChildren(certSeq.value)[0] : undefined;
  const extsWrapper = tbs ? derChildren(tbs.value).find((e) => e.tag === 0xa3) : undefined;
  const exts = extsWrapper ? derChildren(extsWrapper.value)[0] : undefined;
  if (!exts) return empty;
  const ids: KeyIds = { ...empty };
  for (const ext of derChildren(exts.value)) {
    const parts = derChildren(ext.value);
    const oid = parts[0]?.value;
    const octets = parts.at(-1);
    if (!oid || !octets || octets.tag !== 0x04) continue;
    if (oid.equals(OID_SUBJECT_KEY_ID)) {
      ids.subjectKeyId = derChildren(octets.value)[0]?.value ?? Buffer.alloc(0);
    } else if (oid.equals(OID_AUTHORITY_KEY_ID)) {
      const seq = derChildren(octets.value)[0];
      // keyIdentifier is [0] IMPLICIT; Go ignores authorityCertIssuer/serial.
      ids.authorityKeyId =
        (seq ? derChildren(seq.value).find((e) => e.tag === 0x80)?.value : undefined) ?? ids.authorityKeyId;
    }
  }
  return ids;
}

function validAt(cert: X509Certificate, now: Date): boolean {
  return new Date(cert.validFrom) <= now && now <= new Date(cert.validTo);
}

function ekuAllowsServerAuth(cert: X509Certificate): boolean {
  // Node's `keyUsage` is the extended key usage list; undefined when the extension is absent.
  const ekus = cert.keyUsage as string[] | undefined;
  return ekus === undefined || ekus.some((u) => SERVER_AUTH_EKUS.includes(u));
}

function issued(child: X509Certificate, parent: X509Certificate, now: Date): boolean {
  return (
    parent.ca &&
    validAt(parent, now) &&
    ekuAllowsServerAuth(parent) &&
    child.checkIssued(parent) &&
    child.verify(parent.publicKey)
  );
}

/**
 * The root of the first chain from `leaf` through `intermediates` to one of
 * `roots`, or null when there is none (x509.Verify failing).
 */
function verifiedRoot(
  leaf: X509Certificate,
  roots: readonly X509Certificate[],
  intermediates: readonly X509Certificate[],
  now: Date,
): X509Certificate | null {
  if (!validAt(leaf, now) || !ekuAllowsServerAuth(leaf)) return null;
  const walk = (cur: X509Certificate, path: ReadonlySet<X509Certificate>): X509Certificate | null => {
    const root = roots.find((r) => issued(cur, r, now));
    if (root) return root;
    for (const next of intermediates) {
      if (path.has(next) || !issued(cur, next, now)) continue;
      const found = walk(next, new Set([...path, next]));
      if (found) return found;
    }
    return null;
  };
  return walk(leaf, new Set([leaf]));
}

/**
 * The K10 CA hash of a CA bundle (lowercase hex). `now` is the time the
 * chain must be valid at (default: the current time).
 * @throws Error when the bundle holds no PEM certificate (k3s fails there too).
 */
export function computeCaHash(bundle: Uint8Array | string, now: Date = new Date()): string {
  const bytes = typeof bundle === 'string' ? Buffer.from(bundle, 'utf8') : Buffer.from(bundle);
  const pems = bytes.toString('latin1').match(PEM_CERT) ?? [];
  if (pems.length === 0) throw new Error('no PEM certificate in CA bundle');
  if (pems.length === 1) return sha256Hex(bytes);

  let certs: X509Certificate[];
  try {
    certs = pems.map((p) => new X509Certificate(p));
  } catch (err) {
    throw new Error(`CA bundle holds a certificate that does not parse: ${String(err)}`, { cause: err });
  }
  const [leaf, ...others] = certs as [X509Certificate, ...X509Certificate[]];
  const roots: X509Certificate[] = [];
  const intermediates: X509Certificate[] = [];
  for (const c of others) {
    const { subjectKeyId, authorityKeyId } = keyIds(c);
    if (authorityKeyId.length === 0 || authorityKeyId.equals(subjectKeyId)) roots.push(c);
    else intermediates.push(c);
  }
  const root = verifiedRoot(leaf, roots, intermediates, now);
  // k3s: "if verification fails, fall back to hashing the whole file".
  return root === null ? sha256Hex(bytes) : sha256Hex(root.raw);
}

/** The hash of a CA file, or null while it does not exist. */
export async function caHashOfFile(file: string): Promise<string | null> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  return computeCaHash(bytes);
}
