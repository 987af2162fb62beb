/**
 * The CA hash as k3s computes it for `K10<hash>::…` tokens
 * (pkg/clientaccess/token.go `hashCA`):
 * - one certificate in the bundle: sha256 over the literal bytes of
 *   `<data-dir>/server/tls/server-ca.crt` (PEM text as stored and as served on /cacerts);
 * - more than one: verify the first certificate against the others and hash
 *   the DER of the root of that chain (best effort here: chain by issuer and
 *   signature; k3s's x509.Verify also checks validity dates and key usages).
 */
import { X509Certificate, createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function computeCaHash(bundle: Uint8Array | string): string {
  const bytes = typeof bundle === 'string' ? Buffer.from(bundle, 'utf8') : Buffer.from(bundle);
  const pems = bytes.toString('latin1').match(PEM_CERT) ?? [];
  if (pems.length === 0) throw new Error('no PEM certificate in CA bundle');
  if (pems.length === 1) return sha256Hex(bytes);

  const certs = pems.map((p) => new X509Certificate(p));
  const [leaf, ...others] = certs as [X509Certificate, ...X509Certificate[]];
  let cur = leaf;
  const seen = new Set<X509Certificate>([leaf]);
  for (;;) {
    const issuer = others.find((c) => !seen.has(c) && cur.checkIssued(c) && cur.verify(c.publicKey));
    if (issuer === undefined) break;
    seen.add(issuer);
    cur = issuer;
    if (cur.checkIssued(cur) && cur.verify(cur.publicKey)) break; // self-signed root
  }
  if (cur === leaf) throw new Error('first certificate of the CA bundle does not chain to another certificate in it');
  return sha256Hex(cur.raw);
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
