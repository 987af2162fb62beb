// Pure parts of the k3s test double (no cluster): the K10 CA hash rule, the
// default-route address, the advertise address rule, the release build.
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { buildDoubleRelease } from './build.js';
import { hashCA } from './certs.js';
import { parseFlags } from './flags.js';
import { advertiseAddress, advertisePort, chooseHostIP, defaultRoutes } from './net.js';
import { gitCommit, versionText } from './version.js';
import { tempDir } from '@k3sgrid/testkit';

const dir = tempDir('k3s-double-pure');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** openssl: an EC CA, self-signed or signed by `parent`. */
async function ca(name: string, parent?: string): Promise<{ pem: string; key: string }> {
  const key = path.join(dir, `${name}.key`);
  const pem = path.join(dir, `${name}.pem`);
  await execa('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    key,
    '-out',
    pem,
    '-days',
    '3650',
    '-subj',
    `/CN=${name}`,
    ...(parent ? ['-CA', path.join(dir, `${parent}.pem`), '-CAkey', path.join(dir, `${parent}.key`)] : []),
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign,digitalSignature',
  ]);
  return { pem: readFileSync(pem, 'utf8'), key };
}

const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');
const der = (pem: string): Buffer => new X509Certificate(pem).raw;

describe('hashCA (pkg/clientaccess/token.go)', () => {
  it('one certificate: sha256 of the file bytes; a bundle: sha256 of the DER of the root of the first verified chain', async () => {
    const root = await ca('root');
    const inter = await ca('intermediate', 'root');
    const leaf = await ca('server', 'intermediate');
    expect(hashCA(root.pem)).toBe(sha(root.pem));
    // generate-custom-ca-certs.sh: <type>-ca.crt = <type>-ca.pem + intermediate + root
    const bundle = leaf.pem + inter.pem + root.pem;
    expect(hashCA(bundle)).toBe(sha(der(root.pem)));
    expect(hashCA(bundle)).not.toBe(sha(bundle));
    // the root alone after the leaf CA: no chain (intermediate missing) → file bytes
    expect(hashCA(leaf.pem + root.pem)).toBe(sha(leaf.pem + root.pem));
    // leaf CA and its issuer that is also a root (AKID = own SKID) → the root's DER
    expect(hashCA(inter.pem + root.pem)).toBe(sha(der(root.pem)));
    // an unrelated root: verification fails → file bytes
    const other = await ca('other');
    expect(hashCA(leaf.pem + other.pem)).toBe(sha(leaf.pem + other.pem));
    expect(() => hashCA('not a certificate')).toThrow();
  });
});

describe('addresses', () => {
  const route = [
    'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT',
    'eth1\t0000A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0',
    'eth0\t00000000\t0102A8C0\t0003\t0\t0\t200\t00000000\t0\t0\t0',
    'wg0\t00000000\t00000000\t0001\t0\t0\t100\t00000000\t0\t0\t0',
  ].join('\n');
  const ifaces = {
    lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }],
    eth0: [{ address: '192.168.2.7', family: 'IPv4', internal: false }],
    wg0: [
      { address: 'fe80::1', family: 'IPv6', internal: false },
      { address: '10.1.0.4', family: 'IPv4', internal: false },
    ],
  } as unknown as Parameters<typeof chooseHostIP>[1];

  it('the default-route address: lowest-metric default route, first IPv4 of its interface', () => {
    expect(defaultRoutes(route).map((r) => r.iface)).toEqual(['wg0', 'eth0']);
    expect(chooseHostIP(route, ifaces)).toBe('10.1.0.4');
    expect(() => chooseHostIP(route.split('\n').slice(0, 2).join('\n'), ifaces)).toThrow(/no default routes found/);
  });

  it('advertise address: advertise-address, else first node-external-ip, else first node-ip, else the default route; port 6443', () => {
    const adv = (args: string[]): string => advertiseAddress(parseFlags('server', args, {}).flags, () => '10.9.9.9');
    expect(adv(['--advertise-address', '10.0.0.1', '--node-external-ip', '1.2.3.4', '--node-ip', '10.0.0.2'])).toBe(
      '10.0.0.1',
    );
    expect(adv(['--node-external-ip', '1.2.3.4,1.2.3.5', '--node-ip', '10.0.0.2'])).toBe('1.2.3.4');
    expect(adv(['--node-ip', '10.0.0.2', '--node-ip', '10.0.0.3'])).toBe('10.0.0.2');
    expect(adv([])).toBe('10.9.9.9');
    expect(advertisePort(parseFlags('server', [], {}).flags)).toBe(6443);
    expect(advertisePort(parseFlags('server', ['--https-listen-port', '7443'], {}).flags)).toBe(7443);
  });
});

describe('release build', () => {
  it('one executable file per version, same bytes on rebuild, the version compiled in', async () => {
    const a = await buildDoubleRelease({ version: 'v1.33.4+k3s1', outFile: path.join(dir, 'a/k3s-v1.33.4+k3s1') });
    const b = await buildDoubleRelease({ version: 'v1.33.4+k3s1', outFile: path.join(dir, 'b/k3s') });
    const c = await buildDoubleRelease({ version: 'v1.34.1+k3s1', outFile: path.join(dir, 'c/k3s') });
    expect(a.sha256).toBe(b.sha256);
    expect(a.size).toBe(b.size);
    expect(c.sha256).not.toBe(a.sha256);
    expect(sha(readFileSync(a.path))).toBe(a.sha256);
    // no tsx, no node_modules: the file runs from anywhere, by the name it was invoked with
    const v = await execa(c.path, ['--version'], {
      cwd: tmpdir(),
      env: { PATH: process.env.PATH, K3S_DOUBLE_VERSION: 'v9.9.9+k3s9' },
      extendEnv: false,
    });
    expect(v.stdout).toBe(versionText('k3s', 'v1.34.1+k3s1').trimEnd());
    expect(v.stdout).toMatch(/^k3s version v1\.34\.1\+k3s1 \([0-9a-f]{8}\)\ngo version go1\.24\.5$/);
    // $K3S_DOUBLE_NODE when node is not on PATH
    const w = await execa(a.path, ['--version'], {
      env: { PATH: '/nonexistent', K3S_DOUBLE_NODE: process.execPath },
      extendEnv: false,
    });
    expect(w.stdout.split('\n')[0]).toBe(
      `k3s-v1.33.4+k3s1 version v1.33.4+k3s1 (${gitCommit('v1.33.4+k3s1').slice(0, 8)})`,
    );
    const none = await execa('/bin/sh', [a.path, '--version'], {
      env: { PATH: '/nonexistent' },
      extendEnv: false,
      reject: false,
    });
    expect(none.exitCode).toBe(127);
    await expect(buildDoubleRelease({ version: '1.33', outFile: path.join(dir, 'x') })).rejects.toThrow(
      /not a k3s release version/,
    );
    writeFileSync(path.join(dir, 'done'), '');
  });
});
