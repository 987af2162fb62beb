import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type HttpsGet,
  KubeconfigError,
  caHashOfFile,
  checkAgentReady,
  checkServerReady,
  computeCaHash,
  nodeHttpsGet,
  nodeIsReady,
  parseKubeconfig,
} from '../src/k3s/index.js';
import { tempDir } from '@k3sgrid/testkit';

let dir: string;
const pem = (n: string): string => readFileSync(path.join(dir, n), 'utf8');
function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

beforeAll(() => {
  dir = tempDir('k3s-health');
  writeFileSync(
    path.join(dir, 'ca.ext'),
    'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n',
  );
  writeFileSync(path.join(dir, 'srv.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  writeFileSync(path.join(dir, 'cli.ext'), 'extendedKeyUsage=clientAuth\n');
  const key = (n: string): void => openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', n);
  key('root.key');
  openssl(
    'req',
    '-x509',
    '-new',
    '-key',
    'root.key',
    '-subj',
    '/CN=k3s-server-ca@1',
    '-days',
    '30',
    '-out',
    'root.crt',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  key('int.key');
  openssl('req', '-new', '-key', 'int.key', '-subj', '/CN=intermediate', '-out', 'int.csr');
  openssl(
    'x509',
    '-req',
    '-in',
    'int.csr',
    '-CA',
    'root.crt',
    '-CAkey',
    'root.key',
    '-CAcreateserial',
    '-days',
    '30',
    '-extfile',
    'ca.ext',
    '-out',
    'int.crt',
  );
  key('srv.key');
  openssl('req', '-new', '-key', 'srv.key', '-subj', '/CN=k3s', '-out', 'srv.csr');
  openssl(
    'x509',
    '-req',
    '-in',
    'srv.csr',
    '-CA',
    'root.crt',
    '-CAkey',
    'root.key',
    '-CAcreateserial',
    '-days',
    '30',
    '-extfile',
    'srv.ext',
    '-out',
    'srv.crt',
  );
  key('cli.key');
  openssl('req', '-new', '-key', 'cli.key', '-subj', '/O=system:masters/CN=system:admin', '-out', 'cli.csr');
  openssl(
    'x509',
    '-req',
    '-in',
    'cli.csr',
    '-CA',
    'root.crt',
    '-CAkey',
    'root.key',
    '-CAcreateserial',
    '-days',
    '30',
    '-extfile',
    'cli.ext',
    '-out',
    'cli.crt',
  );
  openssl('x509', '-in', 'root.crt', '-outform', 'DER', '-out', 'root.der');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('CA hash (K10)', () => {
  it('single certificate: sha256 of the literal file bytes', async () => {
    const bytes = readFileSync(path.join(dir, 'root.crt'));
    const expected = createHash('sha256').update(bytes).digest('hex');
    expect(computeCaHash(bytes)).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
    // literal bytes: a trailing newline changes the hash
    expect(computeCaHash(Buffer.concat([bytes, Buffer.from('\n')]))).not.toBe(expected);
    expect(await caHashOfFile(path.join(dir, 'root.crt'))).toBe(expected);
    expect(await caHashOfFile(path.join(dir, 'missing.crt'))).toBeNull();
  });

  it('bundle: sha256 of the DER of the root of the first certificate', () => {
    const bundle = pem('int.crt') + pem('root.crt');
    const rootDerHash = createHash('sha256')
      .update(readFileSync(path.join(dir, 'root.der')))
      .digest('hex');
    expect(computeCaHash(bundle)).toBe(rootDerHash);
    expect(computeCaHash(bundle)).not.toBe(createHash('sha256').update(bundle).digest('hex'));
    // srv is not issued by int: x509.Verify fails and k3s hashes the file bytes
    const unchained = pem('srv.crt') + pem('int.crt');
    expect(computeCaHash(unchained)).toBe(createHash('sha256').update(unchained).digest('hex'));
    expect(() => computeCaHash('nothing')).toThrow();
  });
});

const nodeJson = (ready: boolean): string =>
  JSON.stringify({
    kind: 'Node',
    metadata: { name: 'n1' },
    status: {
      conditions: [
        { type: 'MemoryPressure', status: 'False' },
        { type: 'Ready', status: ready ? 'True' : 'False' },
      ],
    },
  });

function kubeconfig(server: string): string {
  const b = (n: string): string => Buffer.from(pem(n)).toString('base64');
  return `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: ${b('root.crt')}
    server: ${server}
  name: default
contexts:
- context: {cluster: default, user: default}
  name: default
current-context: default
kind: Config
users:
- name: default
  user:
    client-certificate-data: ${b('cli.crt')}
    client-key-data: ${b('cli.key')}
`;
}

describe('server readiness against a real TLS server', () => {
  let server: https.Server;
  let base: string;
  let ready = false;
  beforeAll(async () => {
    server = https.createServer(
      { key: pem('srv.key'), cert: pem('srv.crt'), ca: pem('root.crt'), requestCert: true, rejectUnauthorized: false },
      (req, res) => {
        const authed = 'authorized' in req.socket && req.socket.authorized === true;
        if (req.url === '/ping') return res.end('pong');
        if (!authed) {
          res.statusCode = 401;
          return res.end('Unauthorized');
        }
        if (req.url === '/readyz') return res.end('ok');
        if (req.url === '/api/v1/nodes/n1') return res.end(nodeJson(ready));
        res.statusCode = 404;
        res.end('{}');
      },
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.close();
  });

  it('ping, readyz with the admin client cert, and the node Ready condition', async () => {
    const input = {
      baseUrl: base,
      nodeName: 'n1',
      kubeconfig: kubeconfig(base),
      serverCa: pem('root.crt'),
      get: nodeHttpsGet,
    };
    ready = false;
    expect(await checkServerReady(input)).toEqual({ ready: false, detail: 'node n1 is not Ready' });
    ready = true;
    expect((await checkServerReady(input)).ready).toBe(true);
    expect((await checkServerReady({ ...input, nodeName: 'other' })).detail).toContain('HTTP 404');
    expect((await checkServerReady({ ...input, kubeconfig: null })).detail).toBe('no admin kubeconfig yet');
  });

  it('agent: its own Node Ready through the server URL with the kubelet credentials', async () => {
    const credentials = { ca: pem('root.crt'), cert: pem('cli.crt'), key: pem('cli.key') };
    ready = true;
    expect(await checkAgentReady({ serverUrl: base, nodeName: 'n1', credentials, get: nodeHttpsGet })).toMatchObject({
      ready: true,
    });
    ready = false;
    expect(await checkAgentReady({ serverUrl: base, nodeName: 'n1', credentials, get: nodeHttpsGet })).toEqual({
      ready: false,
      detail: 'node n1 is not Ready',
    });
    // no client certificate: the apiserver says 401, whatever /ping says
    ready = true;
    const anon = await checkAgentReady({
      serverUrl: base,
      nodeName: 'n1',
      credentials: { ...credentials, cert: '', key: '' },
      get: nodeHttpsGet,
    });
    expect(anon.ready).toBe(false);
    expect(anon.detail).toContain('HTTP 401');
    // not registered yet: k3s has not written client-kubelet.crt
    expect(await checkAgentReady({ serverUrl: base, nodeName: 'n1', credentials: null, get: nodeHttpsGet })).toEqual({
      ready: false,
      detail: 'k3s agent has not registered yet (no client-kubelet.crt)',
    });
  });

  it('refuses a server whose certificate is not from the pinned CA', async () => {
    const r = await checkServerReady({
      baseUrl: base,
      nodeName: 'n1',
      kubeconfig: kubeconfig(base),
      serverCa: pem('int.crt'),
      get: nodeHttpsGet,
    });
    expect(r.ready).toBe(false);
    expect(r.detail).toContain('/ping');
  });
});

describe('readiness logic with an injected fetch', () => {
  it('server: not ready when /ping fails or readyz is not ok', async () => {
    const responses: Record<string, { status: number; body: string }> = {
      '/ping': { status: 200, body: 'pong' },
      '/readyz': { status: 500, body: '[-]etcd failed' },
    };
    const seen: string[] = [];
    const get: HttpsGet = (url, opts) => {
      const p = new URL(url).pathname;
      seen.push(`${p} ${opts.cert !== undefined ? 'cert' : 'nocert'}`);
      const r = responses[p];
      return r ? Promise.resolve(r) : Promise.reject(new Error('ECONNREFUSED'));
    };
    const input = {
      baseUrl: 'https://10.0.0.1:6443/',
      nodeName: 'n1',
      kubeconfig: kubeconfig('https://127.0.0.1:6443'),
      serverCa: null,
      get,
    };
    expect((await checkServerReady(input)).detail).toContain('/readyz answered 500');
    expect(seen).toEqual(['/ping nocert', '/readyz cert']);
    delete responses['/ping'];
    expect((await checkServerReady(input)).detail).toContain('ECONNREFUSED');
  });

  it('agent: a server that answers /ping is not enough; the Node must be Ready', async () => {
    const seen: string[] = [];
    const get: HttpsGet = (url, o) => {
      seen.push(`${new URL(url).pathname} ${o.cert ? 'cert' : 'nocert'}`);
      return Promise.resolve(
        url.endsWith('/ping') ? { status: 200, body: 'pong' } : { status: 403, body: 'nodes "w1" is forbidden' },
      );
    };
    const credentials = { ca: 'CA', cert: 'CERT', key: 'KEY' };
    const r = await checkAgentReady({ serverUrl: 'https://s:6443/', nodeName: 'w1', credentials, get });
    expect(r.ready).toBe(false);
    expect(r.detail).toContain('HTTP 403');
    expect(seen).toEqual(['/api/v1/nodes/w1 cert']);
  });

  it('parses kubeconfigs and node conditions', () => {
    const k = parseKubeconfig(kubeconfig('https://127.0.0.1:6443'));
    expect(k.server).toBe('https://127.0.0.1:6443');
    expect(k.cert).toBe(pem('cli.crt'));
    expect(() => parseKubeconfig('kind: Config\n')).toThrow(KubeconfigError);
    expect(nodeIsReady(nodeJson(true))).toBe(true);
    expect(nodeIsReady(nodeJson(false))).toBe(false);
    expect(nodeIsReady('not json')).toBe(false);
  });
});
