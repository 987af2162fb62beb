// Certificates via the openssl command line (fine for a test double; no
// crypto library for issuing certs is installed). EC P-256 keys, like k3s.
import { createHash, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { logger } from './log.js';

// ---------------------------------------------------------------- token CA hash

/** One TLV of a DER encoding. */
interface Tlv {
  tag: number;
  /** whole element, header included */
  raw: Buffer;
  /** contents */
  value: Buffer;
}

function readTlv(buf: Buffer, off: number): { tlv: Tlv; next: number } {
  const tag = buf[off];
  let len = buf[off + 1];
  if (tag === undefined || len === undefined) throw new Error('truncated DER');
  let hdr = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new Error('unsupported DER length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (buf[off + 2 + i] ?? 0);
    hdr += n;
  }
  const end = off + hdr + len;
  if (end > buf.length) throw new Error('truncated DER');
  return { tlv: { tag, raw: buf.subarray(off, end), value: buf.subarray(off + hdr, end) }, next: end };
}

function children(value: Buffer): Tlv[] {
  const out: Tlv[] = [];
  for (let off = 0; off < value.length;) {
    const { tlv, next } = readTlv(value, off);
    out.push(tlv);
    off = next;
  }
  return out;
}

function oid(value: Buffer): string {
  const parts: number[] = [];
  const first = value[0] ?? 0;
  parts.push(Math.floor(first / 40), first % 40);
  let acc = 0;
  for (let i = 1; i < value.length; i++) {
    const b = value[i]!;
    acc = acc * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      parts.push(acc);
      acc = 0;
    }
  }
  return parts.join('.');
}

/** The parts of an X.509 certificate that Go's x509.Certificate.Verify looks at. */
export interface ParsedCert {
  der: Buffer;
  x509: X509Certificate;
  rawSubject: Buffer;
  rawIssuer: Buffer;
  subjectKeyId: Buffer;
  authorityKeyId: Buffer;
  version: number;
  basicConstraintsValid: boolean;
  isCA: boolean;
  /** -1: no limit */
  maxPathLen: number;
  /** KeyUsage bits as Go numbers them (bit 0 = digitalSignature ... bit 5 = keyCertSign); 0 = extension absent */
  keyUsage: number;
  extKeyUsage: string[] | undefined;
}

const OID_SKI = '2.5.29.14';
const OID_KU = '2.5.29.15';
const OID_BC = '2.5.29.19';
const OID_AKI = '2.5.29.35';
const OID_EKU = '2.5.29.37';
const EKU_ANY = '2.5.29.37.0';
const EKU_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const KU_CERT_SIGN = 1 << 5;

export function parseCertDer(der: Buffer): ParsedCert {
  const cert = readTlv(der, 0).tlv;
  const tbs = children(cert.value)[0];
  if (!tbs) throw new Error('not a certificate');
  const f = children(tbs.value);
  let i = 0;
  let version = 1;
  if (f[0]?.tag === 0xa0) {
    const v = children(f[0].value)[0];
    version = (v?.value[0] ?? 0) + 1;
    i = 1;
  }
  // serial, signature, issuer, validity, subject, spki
  const rawIssuer = f[i + 2]?.raw ?? Buffer.alloc(0);
  const rawSubject = f[i + 4]?.raw ?? Buffer.alloc(0);
  const p: ParsedCert = {
    der,
    x509: new X509Certificate(der),
    rawSubject,
    rawIssuer,
    subjectKeyId: Buffer.alloc(0),
    authorityKeyId: Buffer.alloc(0),
    version,
    basicConstraintsValid: false,
    isCA: false,
    maxPathLen: -1,
    keyUsage: 0,
    extKeyUsage: undefined,
  };
  const extWrapper = f.slice(i + 6).find((t) => t.tag === 0xa3);
  const exts = extWrapper ? children(children(extWrapper.value)[0]?.value ?? Buffer.alloc(0)) : [];
  for (const ext of exts) {
    const parts = children(ext.value);
    const id = oid(parts[0]?.value ?? Buffer.alloc(0));
    const octets = parts[parts.length - 1]?.value ?? Buffer.alloc(0);
    const inner = octets.length > 0 ? readTlv(octets, 0).tlv : undefined;
    if (!inner) continue;
    if (id === OID_SKI) p.subjectKeyId = Buffer.from(inner.value);
    else if (id === OID_AKI) {
      const kid = children(inner.value).find((t) => t.tag === 0x80);
      if (kid) p.authorityKeyId = Buffer.from(kid.value);
    } else if (id === OID_BC) {
      p.basicConstraintsValid = true;
      for (const t of children(inner.value)) {
        if (t.tag === 0x01) p.isCA = (t.value[0] ?? 0) !== 0;
        if (t.tag === 0x02) p.maxPathLen = t.value.reduce((a, b) => a * 256 + b, 0);
      }
    } else if (id === OID_KU) {
      // BIT STRING: first byte = unused bits; Go numbers bits from the most significant bit of byte 1
      const bits = inner.value.subarray(1);
      let ku = 0;
      for (let b = 0; b < 9; b++) if ((bits[b >> 3] ?? 0) & (0x80 >> (b & 7))) ku |= 1 << b;
      p.keyUsage = ku;
    } else if (id === OID_EKU) {
      p.extKeyUsage = children(inner.value).map((t) => oid(t.value));
    }
  }
  return p;
}

/** certutil.ParseCertsPEM: every CERTIFICATE block; error if none. */
export function parseCertsPem(pem: Buffer | string): ParsedCert[] {
  const text = Buffer.isBuffer(pem) ? pem.toString('latin1') : pem;
  const blocks = [...text.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)];
  if (blocks.length === 0) throw new Error('data does not contain any valid RSA or ECDSA certificates');
  return blocks.map((m) => parseCertDer(Buffer.from((m[1] ?? '').replace(/\s+/g, ''), 'base64')));
}

function timeValid(c: ParsedCert, now: number): boolean {
  return Date.parse(c.x509.validFrom) <= now && now <= Date.parse(c.x509.validTo);
}

/** Go's checkSignatureFrom: the parent must be allowed to sign, and its key must verify the signature. */
function signedBy(child: ParsedCert, parent: ParsedCert): boolean {
  if ((parent.version === 3 && !parent.basicConstraintsValid) || (parent.basicConstraintsValid && !parent.isCA))
    return false;
  if (parent.keyUsage !== 0 && (parent.keyUsage & KU_CERT_SIGN) === 0) return false;
  try {
    return child.x509.verify(parent.x509.publicKey);
  } catch {
    return false;
  }
}

/** Potential parents, as x509.CertPool.findPotentialParents: subject match, AKID/SKID matches first. */
function potentialParents(child: ParsedCert, pool: ParsedCert[]): ParsedCert[] {
  const same = pool.filter((c) => c.rawSubject.equals(child.rawIssuer));
  const rank = (c: ParsedCert): number =>
    child.authorityKeyId.length > 0 && c.subjectKeyId.length > 0
      ? child.authorityKeyId.equals(c.subjectKeyId)
        ? 0
        : 2
      : 1;
  return same.sort((a, b) => rank(a) - rank(b));
}

/**
 * Go's x509.Certificate.Verify with Roots and Intermediates and default options
 * (KeyUsages = [ServerAuth], CurrentTime = now), reduced to what matters for CA
 * bundles: chain building by subject/AKID, CA and pathlen constraints,
 * validity periods, signatures and extended key usage. Returns the chains found.
 */
export function verifyChains(
  leaf: ParsedCert,
  roots: ParsedCert[],
  intermediates: ParsedCert[],
  now = Date.now(),
): ParsedCert[][] {
  if (!timeValid(leaf, now)) return [];
  const chains: ParsedCert[][] = [];
  const build = (chain: ParsedCert[], depth: number): void => {
    if (depth > 10) return;
    const c = chain[chain.length - 1]!;
    const consider = (kind: 'root' | 'intermediate', cand: ParsedCert): void => {
      if (chain.some((x) => x.der.equals(cand.der))) return;
      if (!signedBy(c, cand)) return;
      if (!timeValid(cand, now)) return;
      if (kind === 'intermediate' && (!cand.basicConstraintsValid || !cand.isCA)) return;
      if (cand.basicConstraintsValid && cand.maxPathLen >= 0 && chain.length - 1 > cand.maxPathLen) return;
      const next = [...chain, cand];
      if (kind === 'root') chains.push(next);
      else build(next, depth + 1);
    };
    for (const r of potentialParents(c, roots)) consider('root', r);
    for (const m of potentialParents(c, intermediates)) consider('intermediate', m);
  };
  build([leaf], 0);
  // checkChainForKeyUsage: every certificate's EKUs must allow server auth (absent = any)
  return chains.filter((ch) =>
    ch.every((x) => !x.extKeyUsage || x.extKeyUsage.includes(EKU_ANY) || x.extKeyUsage.includes(EKU_SERVER_AUTH)),
  );
}

/**
 * K10 token CA hash, k3s's `hashCA` (pkg/clientaccess/token.go @e7dd3b7e):
 * one certificate → sha256 of the bytes as served by /cacerts; several →
 * sha256 of the DER of the root of the first chain that verifies certs[0]
 * (later certs are roots when their AKID is empty or equals their SKID,
 * intermediates otherwise), falling back to the bytes when none verifies.
 */
export function hashCA(pem: Buffer | string): string {
  const bytes = Buffer.isBuffer(pem) ? pem : Buffer.from(pem);
  const certs = parseCertsPem(bytes);
  let b = bytes;
  if (certs.length > 1) {
    const roots: ParsedCert[] = [];
    const intermediates: ParsedCert[] = [];
    for (const c of certs.slice(1)) {
      if (c.authorityKeyId.length === 0 || c.authorityKeyId.equals(c.subjectKeyId)) roots.push(c);
      else intermediates.push(c);
    }
    const chain = verifyChains(certs[0]!, roots, intermediates)[0];
    if (chain) b = chain[chain.length - 1]!.der;
  }
  return createHash('sha256').update(b).digest('hex');
}

/**
 * The K10 hash of a CA file. Kept under its old name for callers of index.ts;
 * it follows hashCA, so it is the file's sha256 for a single self-signed CA.
 */
export function caHashOfPem(pem: Buffer | string): string {
  return hashCA(pem);
}

// ---------------------------------------------------------------- issuing

/** Writes a self-signed CA certificate; reuses keyFile if it exists (LoadOrGenerateKeyFile). */
export async function makeCA(certFile: string, keyFile: string, cn: string): Promise<void> {
  mkdirSync(path.dirname(certFile), { recursive: true, mode: 0o700 });
  const keyArgs = existsSync(keyFile)
    ? ['-key', keyFile]
    : ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile];
  await execa('openssl', [
    'req',
    '-x509',
    ...keyArgs,
    '-out',
    certFile,
    '-days',
    '3650',
    '-subj',
    `/CN=${cn}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    // dynamiclistener cert.NewSelfSignedCACert: KeyEncipherment | DigitalSignature | CertSign
    'keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign',
  ]);
}

/** Go's time.Time.String() in UTC: 2006-01-02 15:04:05.999999999 +0000 UTC. */
function goTime(d: Date): string {
  const [date, rest = ''] = d.toISOString().replace('Z', '').split('T');
  const [hms, frac = ''] = rest.split('.');
  const f = frac.replace(/0+$/, '');
  return `${date} ${hms}${f ? `.${f}` : ''} +0000 UTC`;
}

/** The CA pairs k3s keeps in server/tls (deps.go genCerts), with the CN prefix of a generated one. */
export const CA_PAIRS = [
  { base: 'server-ca', prefix: 'k3s-server' },
  { base: 'client-ca', prefix: 'k3s-client' },
  { base: 'request-header-ca', prefix: 'k3s-request-header' },
  { base: 'etcd/server-ca', prefix: 'etcd-server' },
  { base: 'etcd/peer-ca', prefix: 'etcd-peer' },
] as const;

/**
 * createSigningCertKey per pair: a pair whose .crt and .key both exist is used
 * as it is (custom CA); otherwise the key is loaded or generated and a new
 * self-signed CA `CN=<prefix>-ca@<unix>` is written. service.key (RSA) is
 * generated only when missing. Returns the pairs that were generated.
 */
export async function ensureCAs(tlsDir: string, now = Math.floor(Date.now() / 1000)): Promise<string[]> {
  const generated: string[] = [];
  for (const p of CA_PAIRS) {
    const crt = path.join(tlsDir, `${p.base}.crt`);
    const key = path.join(tlsDir, `${p.base}.key`);
    if (existsSync(crt) && existsSync(key)) continue;
    const started = new Date();
    await makeCA(crt, key, `${p.prefix}-ca@${now}`);
    const notAfter = new Date(started.getTime() + 3650 * 24 * 3600 * 1000);
    logger.info(
      `generated self-signed CA certificate CN=${p.prefix}-ca@${now}: notBefore=${goTime(started)} notAfter=${goTime(notAfter)}`,
    );
    generated.push(p.base);
  }
  const serviceKey = path.join(tlsDir, 'service.key');
  if (!existsSync(serviceKey)) {
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    writeFile0600(serviceKey, privateKey);
    generated.push('service.key');
  }
  return generated;
}

export interface Issued {
  cert: string;
  key: string;
}

/** Issues a leaf cert signed by the CA (the first certificate of caCert). `sans` are IPs or DNS names. */
export async function issue(opts: {
  caCert: string;
  caKey: string;
  cn: string;
  orgs?: string[];
  sans?: string[];
  usage: 'server' | 'client';
}): Promise<Issued> {
  const dir = mkdtempSync(path.join(tmpdir(), 'k3s-double-cert-'));
  try {
    const keyFile = path.join(dir, 'key.pem');
    const certFile = path.join(dir, 'cert.pem');
    const subj = `/${(opts.orgs ?? []).map((o) => `O=${o}/`).join('')}CN=${opts.cn}`;
    const args = [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '365',
      '-subj',
      subj,
      '-CA',
      opts.caCert,
      '-CAkey',
      opts.caKey,
      '-addext',
      'basicConstraints=critical,CA:FALSE',
      '-addext',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      '-addext',
      `extendedKeyUsage=${opts.usage === 'server' ? 'serverAuth' : 'clientAuth'}`,
    ];
    const sans = [...new Set(opts.sans ?? [])];
    if (sans.length > 0) {
      const ext = sans.map((s) => (/^[0-9.]+$/.test(s) || s.includes(':') ? `IP:${s}` : `DNS:${s}`)).join(',');
      args.push('-addext', `subjectAltName=${ext}`);
    }
    await execa('openssl', args);
    return { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function writeFile0600(file: string, data: string | Buffer): void {
  writeFileSync(file, data, { mode: 0o600 });
}
