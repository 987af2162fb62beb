import { execFileSync } from 'node:child_process';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { AssignmentSpec, LbSpec } from '@k3sgrid/proto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PhaseEvent } from '../src/k3s/runner.js';
import {
  HaproxyRunner,
  LbConfigRejectedError,
  LbSpecError,
  LbStartError,
  parseHostPort,
  renderHaproxyConfig,
} from '../src/lb/index.js';
import { tempDir, waitFor } from '@k3sgrid/testkit';

const PID = '/tmp/x/run/k3sgrid/haproxy.pid';

describe('renderHaproxyConfig', () => {
  const lb: LbSpec = { bind: '10.1.0.5:6443', backends: ['10.1.0.3:6443', '10.1.0.2:6443', '10.1.0.3:6443'] };

  it('renders a TCP frontend and a checked round-robin backend', () => {
    const cfg = renderHaproxyConfig(lb, { pidFile: PID });
    expect(cfg).toContain(`pidfile ${PID}`);
    expect(cfg).toContain('mode tcp');
    expect(cfg).toContain('bind 10.1.0.5:6443');
    expect(cfg).toContain('balance roundrobin');
    expect(cfg).toMatch(/default-server inter 2000ms fall 2 rise 1/);
    expect(cfg).toContain('timeout connect 5s');
    expect(cfg).toContain('timeout client 1h');
    expect(cfg).toContain('timeout server 1h');
    // de-duplicated and sorted
    const servers = cfg.split('\n').filter((l) => l.trim().startsWith('server '));
    expect(servers).toEqual([
      '    server s_10_1_0_2_6443 10.1.0.2:6443 check',
      '    server s_10_1_0_3_6443 10.1.0.3:6443 check',
    ]);
    // foreground-friendly: nothing that needs root or a daemon
    expect(cfg).not.toMatch(/^\s*(daemon|user|group|chroot|stats socket)\b/m);
  });

  it('is deterministic: backend order does not change the bytes', () => {
    const a = renderHaproxyConfig(lb, { pidFile: PID });
    const b = renderHaproxyConfig({ ...lb, backends: [...lb.backends].reverse() }, { pidFile: PID });
    expect(b).toBe(a);
  });

  it('handles IPv6, wildcard binds and names, and can drop logging', () => {
    const cfg = renderHaproxyConfig(
      { bind: ':6443', backends: ['[fd00::2]:6443', 'server-a.example:6443'] },
      { pidFile: PID, logStdout: false, checkIntervalMs: 500 },
    );
    expect(cfg).toContain('bind :6443');
    expect(cfg).toContain('server s_fd00__2_6443 [fd00::2]:6443 check');
    expect(cfg).toContain('server s_server_a_example_6443 server-a.example:6443 check');
    expect(cfg).toContain('inter 500ms');
    expect(cfg).not.toContain('log ');
  });

  it.each([
    ['10.0.0.1', 'no port'],
    ['10.0.0.1:0', 'out of range'],
    ['10.0.0.1:70000', 'out of range'],
    ['999.1.1.1:6443', 'invalid IPv4'],
    ['fd00::1:6443', 'IPv6'],
    ['[fd00::1:6443', 'not [ipv6]:port'],
    ['10.0.0.1:6443\n    server evil 1.2.3.4:1', 'not allowed'],
    ['bad host:6443', 'not allowed'],
    ['-bad.:6443', 'invalid host'],
  ])('refuses bind %j (%s)', (bind, why) => {
    expect(() => renderHaproxyConfig({ bind, backends: [] }, { pidFile: PID })).toThrow(LbSpecError);
    expect(() => parseHostPort(bind, 'x')).toThrow(why);
  });

  it('refuses a backend without host', () => {
    expect(() => renderHaproxyConfig({ bind: '127.0.0.1:1', backends: [':6443'] }, { pidFile: PID })).toThrow(
      /no host/,
    );
  });
});

// ---------------------------------------------------------------------------
// The real haproxy

const haveHaproxy = (() => {
  try {
    execFileSync('haproxy', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** A random 127.a.b.0 base, so parallel runs do not collide. */
const base = `127.${10 + Math.floor(Math.random() * 200)}.${1 + Math.floor(Math.random() * 250)}`;
const lbAddr = `${base}.1`;
let lbPort = 0;

interface Echo {
  name: string;
  addr: string;
  server: net.Server;
  sockets: Set<net.Socket>;
  hits: number;
}

async function echoServer(name: string, host: string): Promise<Echo> {
  const e: Echo = { name, addr: '', server: net.createServer(), sockets: new Set(), hits: 0 };
  e.server.on('connection', (sock) => {
    e.sockets.add(sock);
    sock.on('close', () => e.sockets.delete(sock));
    sock.on('data', (d) => {
      e.hits += 1;
      sock.write(`${name}:${d.toString()}`);
    });
    sock.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => e.server.listen(0, host, resolve));
  e.addr = `${host}:${(e.server.address() as net.AddressInfo).port}`;
  return e;
}

function closeEcho(e: Echo): Promise<void> {
  return new Promise((resolve) => {
    e.server.close(() => resolve());
    for (const s of e.sockets) s.destroy();
  });
}

/** Sends `msg` through the load balancer and returns the reply (or throws). */
function through(msg: string, port = lbPort, host = lbAddr): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host, port });
    let buf = '';
    const t = setTimeout(() => {
      s.destroy();
      reject(new Error(`no reply through ${host}:${port}`));
    }, 5000);
    s.on('connect', () => s.write(msg));
    s.on('data', (d) => {
      buf += d.toString();
      if (buf.endsWith(msg)) {
        clearTimeout(t);
        s.end();
        resolve(buf);
      }
    });
    s.on('error', (err) => {
      clearTimeout(t);
      reject(err);
    });
    s.on('close', () => {
      clearTimeout(t);
      if (!buf.endsWith(msg)) reject(new Error(`connection closed; got ${JSON.stringify(buf)}`));
    });
  });
}

async function freePort(host: string): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, host, resolve));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

function spec(lb: LbSpec, generation = 1): AssignmentSpec {
  return {
    nodeId: 'n-lb',
    clusterId: 'c1',
    clusterName: 'alpha',
    epoch: 1,
    generation,
    role: 'lb',
    nodeName: 'lb1',
    serverUrl: '',
    k3sVersion: '',
    tlsSans: [],
    nodeLabels: [],
    nodeTaints: [],
    flannelBackend: '',
    disable: [],
    secretsEncryption: false,
    nodeIp: lbAddr,
    nodeExternalIp: '',
    flannelIface: '',
    manifests: [],
    lb,
    datastoreEndpoint: '',
    k3sRelease: null,
    advertiseAddress: '',
    nodePrep: { modules: [], services: [], reason: '' },
    disableNetworkPolicy: false,
  };
}

const until = (cond: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<unknown> =>
  waitFor('condition', cond, timeoutMs, 25);

describe.skipIf(!haveHaproxy)('HaproxyRunner with the real haproxy', () => {
  let root: string;
  let a: Echo;
  let b: Echo;
  let c: Echo;
  let runner: HaproxyRunner;
  const events: PhaseEvent[] = [];
  const pid = async (): Promise<number | null> => (await runner.supervisor.status()).pid;

  beforeAll(async () => {
    root = tempDir('lb-haproxy');
    a = await echoServer('A', `${base}.2`);
    b = await echoServer('B', `${base}.3`);
    c = await echoServer('C', `${base}.4`);
    lbPort = await freePort(lbAddr);
    runner = new HaproxyRunner({
      root,
      onPhase: (e) => events.push(e),
      checkIntervalMs: 200,
      healthIntervalMs: 200,
      supervisorOptions: { backoffBaseMs: 50, stopTimeoutMs: 3000 },
    });
  });
  afterAll(async () => {
    await runner.stop();
    for (const e of [a, b, c]) await closeEcho(e);
    await fs.rm(root, { recursive: true, force: true });
  });
  afterEach(() => {
    events.length = 0;
  });

  it('starts haproxy over two backends and carries traffic to both', async () => {
    const r = await runner.apply(spec({ bind: `${lbAddr}:${lbPort}`, backends: [a.addr, b.addr] }));
    expect(r.action).toBe('started');
    expect(r.configFile).toBe(path.join(root, 'etc/k3sgrid/haproxy.cfg'));
    expect(events.map((e) => e.phase)).toEqual(['configuring', 'starting', 'running', 'ready']);
    expect(events.every((e) => e.caHash === null && e.epoch === 1 && e.generation === 1)).toBe(true);
    const cfg = readFileSync(r.configFile, 'utf8');
    expect(cfg).toContain(`bind ${lbAddr}:${lbPort}`);
    expect(cfg).toContain(`${a.addr} check`);
    expect(existsSync(`${r.configFile}.new`)).toBe(false);
    // the master's pid file, under the root prefix
    expect(Number(readFileSync(path.join(root, 'run/k3sgrid/haproxy.pid'), 'utf8').trim())).toBe(await pid());

    const replies = [];
    for (let i = 0; i < 6; i++) replies.push(await through(`hello${i}`));
    expect(replies.every((x) => /^[AB]:hello\d$/.test(x))).toBe(true);
    expect(a.hits).toBeGreaterThan(0);
    expect(b.hits).toBeGreaterThan(0);
  });

  it('re-applying the same assignment is a no-op (same pid)', async () => {
    const before = await pid();
    const r = await runner.apply(spec({ bind: `${lbAddr}:${lbPort}`, backends: [b.addr, a.addr] }, 2));
    expect(r.action).toBe('noop');
    expect(await pid()).toBe(before);
    expect(events).toEqual([]);
  });

  it('keeps carrying traffic through the other backend when one stops', async () => {
    await closeEcho(a);
    a.hits = 0;
    const hitsB = b.hits;
    for (let i = 0; i < 4; i++) expect(await through(`after${i}`)).toBe(`B:after${i}`);
    expect(b.hits - hitsB).toBe(4);
  });

  it('reloads when the backends change and rewrites the config file', async () => {
    const before = await pid();
    const r = await runner.apply(spec({ bind: `${lbAddr}:${lbPort}`, backends: [b.addr, c.addr] }, 3));
    expect(r.action).toBe('restarted');
    expect(await pid()).not.toBe(before);
    const cfg = readFileSync(r.configFile, 'utf8');
    expect(cfg).toContain(`${c.addr} check`);
    expect(cfg).not.toContain(a.addr);
    const hitsC = c.hits;
    for (let i = 0; i < 6; i++) expect(await through(`x${i}`)).toMatch(/^[BC]:x\d$/);
    expect(c.hits).toBeGreaterThan(hitsC);
    expect(events.at(-1)?.phase).toBe('ready');
    expect(events.at(-1)?.generation).toBe(3);
  });

  it('reports a config haproxy refuses as failed with its message; the running haproxy stays', async () => {
    const before = await pid();
    const cfgBefore = readFileSync(runner.configFile, 'utf8');
    const bad = spec({ bind: 'no-such-host.invalid:7443', backends: [b.addr] }, 4);
    const err = await runner.apply(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LbConfigRejectedError);
    const failed = events.at(-1)!;
    expect(failed.phase).toBe('failed');
    expect(failed.message).toContain('lb-config-rejected');
    expect(failed.message).toMatch(/\[ALERT\].*'bind' : invalid address: 'no-such-host\.invalid'/);
    expect(failed.logTail.some((l) => l.includes('[ALERT]'))).toBe(true);
    expect(await pid()).toBe(before);
    expect(readFileSync(runner.configFile, 'utf8')).toBe(cfgBefore);
    expect(await through('still')).toMatch(/^[BC]:still$/);
  });

  it('puts the previous config back when the new one cannot bind', async () => {
    // 10.254.254.1 is valid syntax but not an address of this machine: haproxy -c passes, bind fails.
    const cfgBefore = readFileSync(runner.configFile, 'utf8');
    const err = await runner.apply(spec({ bind: '10.254.254.1:7443', backends: [b.addr] }, 5)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LbStartError);
    const failed = events.at(-1)!;
    expect(failed.phase).toBe('failed');
    expect(failed.message).toMatch(/cannot bind socket/);
    expect(failed.logTail.join('\n')).toMatch(/cannot bind socket/);
    expect(readFileSync(runner.configFile, 'utf8')).toBe(cfgBefore);
    await until(async () => (await runner.supervisor.status()).state === 'running');
    expect(await through('rolled-back')).toMatch(/^[BC]:rolled-back$/);
    // a good assignment after a failure applies again
    const r = await runner.apply(spec({ bind: `${lbAddr}:${lbPort}`, backends: [c.addr] }, 6));
    expect(r.action).toBe('restarted');
    expect(await through('c-only')).toBe('C:c-only');
  });

  it('reports a missing haproxy binary', async () => {
    const other = new HaproxyRunner({
      root,
      binary: path.join(root, 'no-haproxy'),
      onPhase: (e) => events.push(e),
    });
    await expect(other.apply(spec({ bind: `${lbAddr}:1`, backends: [] }))).rejects.toMatchObject({
      code: 'lb-binary-missing',
    });
    expect(events.at(-1)?.phase).toBe('failed');
  });

  it('stop() ends haproxy and closes the bind address', async () => {
    await runner.stop();
    expect((await runner.supervisor.status()).state).toBe('stopped');
    await expect(through('gone')).rejects.toThrow();
    expect(runner.active).toBe(false);
  });
});
