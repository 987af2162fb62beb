// Certificates via the openssl command line (fine for a test double; no
// crypto library for issuing certs is installed). EC P-256 keys, like k3s.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';

/**
 * K10 token CA hash for a single self-signed CA: sha256 over the literal PEM
 * bytes as served by /cacerts (k3s-protocol.md §1 "How the CA hash is computed").
 */
export function caHashOfPem(pem: Buffer | string): string {
  return createHash('sha256').update(pem).digest('hex');
}

export async function makeCA(certFile: string, keyFile: string, cn: string): Promise<void> {
  await execa('openssl', [
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
    '3650',
    '-subj',
    `/CN=${cn}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign,digitalSignature',
  ]);
}

export interface Issued {
  cert: string;
  key: string;
}

/** Issues a leaf cert signed by the CA. `sans` are IPs or DNS names. */
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
