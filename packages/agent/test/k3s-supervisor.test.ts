import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BuiltinSupervisor,
  type ExecFn,
  type K3sCommandLine,
  LineRing,
  SupervisorError,
  SystemdSupervisor,
  ZinitSupervisor,
  createSupervisor,
  supervisorKindFor,
  systemdState,
} from '../src/k3s/index.js';
import { backoffMs } from '@k3sgrid/proto';
import { tempDir, waitFor } from '@k3sgrid/testkit';

let dir: string;
const supervisors: BuiltinSupervisor[] = [];
beforeEach(() => {
  dir = tempDir('k3s-sup');
});
afterEach(async () => {
  for (const s of supervisors.splice(0)) await s.stop();
  await fs.rm(dir, { recursive: true, force: true });
});

async function script(name: string, body: string): Promise<string> {
  const f = path.join(dir, name);
  await fs.writeFile(f, `#!${process.execPath}\n${body}\n`, { mode: 0o755 });
  return f;
}

const until = (cond: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<unknown> =>
  waitFor('condition', cond, timeoutMs, 20);

function builtin(opts: ConstructorParameters<typeof BuiltinSupervisor>[0] = {}): BuiltinSupervisor {
  const s = new BuiltinSupervisor({ backoffBaseMs: 20, backoffMaxMs: 100, stopTimeoutMs: 500, ...opts });
  supervisors.push(s);
  return s;
}

describe('built-in supervisor', () => {
  it('restarts a crashing child with back-off and keeps its log lines', async () => {
    const starts = path.join(dir, 'starts');
    const file = await script(
      'crash',
      `require('fs').appendFileSync(${JSON.stringify(starts)}, process.pid + '\\n');
console.log('starting up, arg=' + process.argv[2]);
console.error('fatal: cannot do the thing');
process.exit(3);`,
    );
    const s = builtin();
    await s.start({ role: 'server', file, args: ['server'], env: {} });
    await until(async () => (await s.status()).restarts >= 3);
    const st = await s.status();
    expect(st.lastExit).toEqual({ code: 3, signal: null });
    expect(readFileSync(starts, 'utf8').trim().split('\n').length).toBeGreaterThanOrEqual(3);
    const tail = s.logTail();
    expect(tail).toContain('starting up, arg=server');
    expect(tail).toContain('fatal: cannot do the thing');
    expect(tail.some((l) => l.includes('k3s exited (code 3'))).toBe(true);
    await s.stop();
    const n = readFileSync(starts, 'utf8').trim().split('\n').length;
    await new Promise((r) => setTimeout(r, 300));
    expect(readFileSync(starts, 'utf8').trim().split('\n').length).toBe(n); // no restart after stop
    expect((await s.status()).state).toBe('stopped');
  });

  it('keeps only the last 200 lines', async () => {
    const file = await script(
      'chatty',
      `for (let i = 0; i < 500; i++) console.log('line ' + i); setInterval(() => {}, 1000);`,
    );
    const s = builtin();
    await s.start({ role: 'agent', file, args: [], env: {} });
    await until(() => s.logTail().includes('line 499'));
    const tail = s.logTail();
    expect(tail).toHaveLength(200);
    expect(tail[0]).toBe('line 300');
  });

  it('stops with SIGTERM, passes the env, and does not restart', async () => {
    const out = path.join(dir, 'out');
    const file = await script(
      'term',
      `const fs = require('fs');
fs.writeFileSync(${JSON.stringify(out)}, 'env=' + process.env.K3S_DOUBLE_ROOT);
process.on('SIGTERM', () => { fs.appendFileSync(${JSON.stringify(out)}, ' got-term'); process.exit(0); });
console.log('ready');
setInterval(() => {}, 1000);`,
    );
    const s = builtin();
    await s.start({ role: 'server', file, args: [], env: { K3S_DOUBLE_ROOT: '/x' } });
    await until(() => s.logTail().includes('ready'));
    const pid = (await s.status()).pid;
    expect(pid).toBeGreaterThan(0);
    await s.stop();
    expect(readFileSync(out, 'utf8')).toBe('env=/x got-term');
    expect((await s.status()).restarts).toBe(0);
    expect(() => process.kill(pid!, 0)).toThrow();
  });

  it('sends SIGKILL when SIGTERM is ignored', async () => {
    const file = await script(
      'stubborn',
      `process.on('SIGTERM', () => console.log('ignoring TERM')); console.log('up'); setInterval(() => {}, 1000);`,
    );
    const s = builtin({ stopTimeoutMs: 200 });
    await s.start({ role: 'server', file, args: [], env: {} });
    await until(() => s.logTail().includes('up'));
    const pid = (await s.status()).pid!;
    const t0 = Date.now();
    await s.stop();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
    expect(s.logTail().some((l) => l.includes('SIGKILL'))).toBe(true);
    expect((await s.status()).lastExit?.signal).toBe('SIGKILL');
    expect(() => process.kill(pid, 0)).toThrow();
  });

  it('start() while running restarts once with the new command', async () => {
    const starts = path.join(dir, 'starts');
    const file = await script(
      'long',
      `require('fs').appendFileSync(${JSON.stringify(starts)}, process.argv.slice(2).join(' ') + '\\n'); setInterval(() => {}, 1000);`,
    );
    const s = builtin();
    await s.start({ role: 'server', file, args: ['a'], env: {} });
    await until(() => readFileSync(starts, 'utf8').includes('a'));
    const pid1 = (await s.status()).pid;
    await s.start({ role: 'server', file, args: ['b'], env: {} });
    await until(() => readFileSync(starts, 'utf8').includes('b'));
    expect((await s.status()).pid).not.toBe(pid1);
    expect(readFileSync(starts, 'utf8')).toBe('a\nb\n');
  });

  it('reports a missing binary in the log tail and keeps trying', async () => {
    const s = builtin();
    await s.start({ role: 'server', file: path.join(dir, 'nope'), args: [], env: {} });
    await until(async () => (await s.status()).restarts >= 1);
    expect(s.logTail().some((l) => l.includes('failed to run k3s'))).toBe(true);
  });

  it('back-off doubles from the base up to the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 50].map((a) => backoffMs(a, { baseMs: 1000, capMs: 30_000 }))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });

  it('resets the back-off after a healthy run', async () => {
    let now = 0;
    let jump = false;
    // After the third crash, the next child is started at t=0 and exits at t=5 s: a healthy run.
    const clock = {
      now: () => {
        const v = now;
        if (jump) {
          jump = false;
          now = 5000;
        }
        return v;
      },
      sleep: () => Promise.resolve(),
    };
    const file = await script('c', 'process.exit(1);');
    const delays: number[] = [];
    const s = builtin({
      clock,
      backoffBaseMs: 10,
      backoffMaxMs: 10_000,
      healthyResetMs: 1000,
      onRestartScheduled: (ms) => {
        delays.push(ms);
        if (delays.length === 3) jump = true;
      },
    });
    await s.start({ role: 'server', file, args: [], env: {} });
    await until(() => delays.length >= 5);
    await s.stop();
    // 10, 20, 40 ... then a reset to 10 after the healthy run
    expect(delays.slice(0, 5)).toEqual([10, 20, 40, 10, 20]);
  });

  it('never adopts: its child died with the agent that started it', async () => {
    expect(await builtin().adopt()).toBe(false);
  });

  it('line ring keeps the time of each line', () => {
    let t = 1000;
    const r = new LineRing(10, () => t);
    r.write('old\n');
    t = 2000;
    r.write('new\npart');
    expect(r.since(1500)).toEqual(['new', 'part']);
    expect(r.since(0)).toEqual(['old', 'new', 'part']);
  });

  it('line ring keeps partial lines until their newline', () => {
    const r = new LineRing(3);
    r.write('a\nb');
    expect(r.toArray()).toEqual(['a', 'b']);
    r.write('c\r\nd\ne\n');
    expect(r.toArray()).toEqual(['bc', 'd', 'e']);
  });
});

type Call = { file: string; args: string[] };
function recordingExec(respond: (c: Call) => { exitCode?: number; stdout?: string } = () => ({})): {
  exec: ExecFn;
  calls: Call[];
} {
  const calls: Call[] = [];
  const exec: ExecFn = (file, args) => {
    const c = { file, args: [...args] };
    calls.push(c);
    const r = respond(c);
    return Promise.resolve({ exitCode: r.exitCode ?? 0, stdout: r.stdout ?? '', stderr: '' });
  };
  return { exec, calls };
}

const cmd: K3sCommandLine = {
  role: 'server',
  file: '/usr/local/bin/k3s',
  args: ['server', '--config', '/etc/rancher/k3s/config.yaml'],
  env: { K3S_DEBUG: 'true', WEIRD: 'a "b" $c' },
};

describe('systemd supervisor', () => {
  it('writes the unit and env file and drives systemctl', async () => {
    const r = recordingExec((c) =>
      c.args[0] === 'show'
        ? { stdout: 'ActiveState=active\nSubState=running\nMainPID=4242\nNRestarts=2\nExecMainStatus=0\n' }
        : {},
    );
    const s = new SystemdSupervisor({ root: dir, exec: r.exec });
    await s.start(cmd);
    const unit = await fs.readFile(path.join(dir, 'etc/systemd/system/k3s.service'), 'utf8');
    expect(unit).toContain('Type=notify');
    expect(unit).toContain('KillMode=process');
    expect(unit).toContain('Delegate=yes');
    expect(unit).toContain('Restart=always');
    expect(unit).toContain('EnvironmentFile=-/etc/systemd/system/k3s.service.env');
    expect(unit).toContain(
      'ExecStart="/usr/local/bin/k3s" \\\n    "server" \\\n    "--config" \\\n    "/etc/rancher/k3s/config.yaml"',
    );
    const envFile = path.join(dir, 'etc/systemd/system/k3s.service.env');
    expect(await fs.readFile(envFile, 'utf8')).toBe('K3S_DEBUG="true"\nWEIRD="a \\"b\\" $c"\n');
    expect((await fs.stat(envFile)).mode & 0o777).toBe(0o600);
    expect(unit).toContain('NotifyAccess=all');
    expect(r.calls).toEqual([
      { file: 'systemctl', args: ['daemon-reload'] },
      { file: 'systemctl', args: ['enable', 'k3s.service'] },
      { file: 'systemctl', args: ['restart', '--no-block', 'k3s.service'] },
    ]);
    expect(await s.status()).toEqual({
      kind: 'systemd',
      state: 'running',
      pid: 4242,
      restarts: 2,
      lastExit: { code: 0, signal: null },
    });
    await s.stop();
    expect(r.calls.at(-1)).toEqual({ file: 'systemctl', args: ['stop', 'k3s.service'] });
  });

  it('uses k3s-agent.service for agents and disables the server unit on a role change', async () => {
    const r = recordingExec();
    const s = new SystemdSupervisor({ root: dir, exec: r.exec });
    await s.start(cmd);
    r.calls.length = 0;
    await s.start({ ...cmd, role: 'agent', args: ['agent', '--config', '/etc/rancher/k3s/config.yaml'] });
    expect(await fs.readFile(path.join(dir, 'etc/systemd/system/k3s-agent.service'), 'utf8')).toContain('"agent"');
    expect(r.calls[0]).toEqual({ file: 'systemctl', args: ['disable', '--now', 'k3s.service'] });
    expect(r.calls.at(-1)).toEqual({ file: 'systemctl', args: ['restart', '--no-block', 'k3s-agent.service'] });
  });

  it('disables the other unit after an agent restart too (its file is still on disk)', async () => {
    await new SystemdSupervisor({ root: dir, exec: recordingExec().exec }).start(cmd);
    const r = recordingExec();
    const fresh = new SystemdSupervisor({ root: dir, exec: r.exec }); // a new agent process knows nothing
    await fresh.start({ ...cmd, role: 'agent', args: ['agent', '--config', '/etc/rancher/k3s/config.yaml'] });
    expect(r.calls[0]).toEqual({ file: 'systemctl', args: ['disable', '--now', 'k3s.service'] });
    await expect(fs.access(path.join(dir, 'etc/systemd/system/k3s.service'))).rejects.toThrow();
  });

  it('a Type=notify unit that runs but has not sent READY=1 counts as running', () => {
    expect(systemdState('activating', 'start', 4242)).toBe('running');
    expect(systemdState('activating', 'start-pre', 0)).toBe('starting');
    expect(systemdState('activating', 'start', 0)).toBe('starting');
    expect(systemdState('activating', 'auto-restart', 0)).toBe('backoff');
    expect(systemdState('active', 'running', 1)).toBe('running');
    expect(systemdState('failed', 'failed', 0)).toBe('failed');
    expect(systemdState('inactive', 'dead', 0)).toBe('stopped');
  });

  it('adopts a unit that runs with the same command line, and only that', async () => {
    const show = { stdout: 'ActiveState=active\nSubState=running\nMainPID=4242\nNRestarts=0\nExecMainStatus=0\n' };
    await new SystemdSupervisor({ root: dir, exec: recordingExec().exec }).start(cmd);
    const r = recordingExec((c) => (c.args[0] === 'show' ? show : {}));
    const after = new SystemdSupervisor({ root: dir, exec: r.exec });
    expect(await after.adopt({ ...cmd, args: [...cmd.args, '--debug'] })).toBe(false);
    expect(await after.adopt({ ...cmd, env: { ...cmd.env, K3S_DEBUG: 'false' } })).toBe(false);
    expect(await after.adopt(cmd)).toBe(true);
    expect(r.calls.map((c) => c.args[0])).toEqual(['show']); // nothing restarted, nothing rewritten
    expect(await after.status()).toMatchObject({ state: 'running', pid: 4242 });

    const stopped = recordingExec((c) =>
      c.args[0] === 'show' ? { stdout: 'ActiveState=inactive\nSubState=dead\nMainPID=0\n' } : {},
    );
    expect(await new SystemdSupervisor({ root: dir, exec: stopped.exec }).adopt(cmd)).toBe(false);
  });

  it('reads log lines since a time from journald', async () => {
    const r = recordingExec((c) => (c.file === 'journalctl' ? { stdout: 'a\nb\n' } : {}));
    const s = new SystemdSupervisor({ root: dir, exec: r.exec });
    await s.start(cmd);
    expect(await s.logTailSince(1_700_000_000_999)).toEqual(['a', 'b']);
    expect(r.calls.at(-1)).toEqual({
      file: 'journalctl',
      args: ['-u', 'k3s.service', '--since', '@1700000000', '-n', '200', '--no-pager', '-o', 'cat'],
    });
  });

  it('raises a typed error when systemctl fails, and fetches logs from journald', async () => {
    const r = recordingExec((c) =>
      c.file === 'journalctl' ? { stdout: 'l1\nl2\n' } : c.args[0] === 'restart' ? { exitCode: 1 } : {},
    );
    const s = new SystemdSupervisor({ root: dir, exec: r.exec });
    await expect(s.start(cmd)).rejects.toThrow(SupervisorError);
    expect(await s.refreshLogTail()).toEqual(['l1', 'l2']);
    expect(r.calls.at(-1)).toEqual({
      file: 'journalctl',
      args: ['-u', 'k3s.service', '-n', '200', '--no-pager', '-o', 'cat'],
    });
  });
});

describe('zinit supervisor', () => {
  it('writes /etc/zinit/k3s.yaml and monitors it', async () => {
    const r = recordingExec((c) => (c.args[0] === 'status' ? { exitCode: 1 } : {}));
    const s = new ZinitSupervisor({ root: dir, exec: r.exec });
    await s.start(cmd);
    const text = await fs.readFile(path.join(dir, 'etc/zinit/k3s.yaml'), 'utf8');
    const svc = YAML.parse(text) as { exec: string; env: Record<string, string>; log: string };
    expect(svc.exec).toBe('/usr/local/bin/k3s server --config /etc/rancher/k3s/config.yaml');
    expect(svc.env).toEqual(cmd.env);
    expect(svc.log).toBe('ring');
    expect(r.calls).toEqual([
      { file: 'zinit', args: ['status', 'k3s'] },
      { file: 'zinit', args: ['monitor', 'k3s'] },
    ]);
  });

  it('re-monitors a known service on start and parses status', async () => {
    const r = recordingExec((c) =>
      c.args[0] === 'status' ? { stdout: 'name: k3s\npid: 77\nstate: Running\ntarget: Up\n' } : {},
    );
    const s = new ZinitSupervisor({ root: dir, exec: r.exec });
    await s.start({ ...cmd, file: '/opt/bin/k3s', args: ['server', '--node-label', 'a b'] });
    expect(r.calls.map((c) => c.args.join(' '))).toEqual(['status k3s', 'stop k3s', 'forget k3s', 'monitor k3s']);
    expect(YAML.parse(await fs.readFile(path.join(dir, 'etc/zinit/k3s.yaml'), 'utf8'))).toMatchObject({
      exec: "/opt/bin/k3s server --node-label 'a b'",
    });
    expect(await s.status()).toMatchObject({ kind: 'zinit', state: 'running', pid: 77 });
    await s.restart();
    expect(r.calls.slice(-2).map((c) => c.args.join(' '))).toEqual(['stop k3s', 'start k3s']);
  });

  it('adopts a running service with the same service file', async () => {
    const running = recordingExec((c) =>
      c.args[0] === 'status' ? { stdout: 'name: k3s\npid: 77\nstate: Running\ntarget: Up\n' } : {},
    );
    await new ZinitSupervisor({ root: dir, exec: running.exec }).start(cmd);
    running.calls.length = 0;
    const after = new ZinitSupervisor({ root: dir, exec: running.exec });
    expect(await after.adopt({ ...cmd, args: ['agent'] })).toBe(false);
    expect(await after.adopt(cmd)).toBe(true);
    expect(running.calls.map((c) => c.args.join(' '))).toEqual(['status k3s']);
  });
});

describe('supervisor choice', () => {
  it('follows the probe and can be overridden', () => {
    expect(supervisorKindFor('systemd')).toBe('systemd');
    expect(supervisorKindFor('zinit')).toBe('zinit');
    expect(supervisorKindFor('none')).toBe('builtin');
    expect(supervisorKindFor(undefined)).toBe('builtin');
    expect(supervisorKindFor('systemd', 'builtin')).toBe('builtin');
    expect(createSupervisor('zinit').kind).toBe('zinit');
    expect(createSupervisor('systemd').kind).toBe('systemd');
    expect(createSupervisor('builtin').kind).toBe('builtin');
  });
});
