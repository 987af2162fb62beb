/**
 * Init-system detection by what is running (PID 1, sd_booted, zinit's
 * socket, `zinit list`), never by folders every image has (/etc/zinit).
 */
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { detectRunningInit } from '../src/cli/k3s-integration.js';
import { supervisorKindFor } from '../src/k3s/index.js';
import { type ProbeExec, detectInitSystem, nodeFsReader, probeCapabilities } from '../src/probe/index.js';
import { tempDir } from '@k3sgrid/testkit';

const roots: string[] = [];
const servers: net.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** A sysroot with the agent tarball's /etc/zinit file and a zinit binary, as every grid image has. */
function sysroot(files: Record<string, string> = {}): string {
  const root = tempDir('probe-init');
  roots.push(root);
  const put = (rel: string, content: string): void => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), content);
  };
  put('etc/zinit/k3sgrid-agent.yaml', 'exec: /usr/local/lib/k3sgrid/first-boot.sh\n');
  put('sbin/zinit', '');
  for (const [rel, content] of Object.entries(files)) put(rel, content);
  return root;
}

const never: ProbeExec = () => Promise.resolve({ exitCode: 1 });

describe('init system detection', () => {
  it('an /etc/zinit folder and a zinit binary without a running zinit are not zinit', async () => {
    const root = sysroot({ 'proc/1/comm': 'bash\n' });
    expect(await detectInitSystem(nodeFsReader(root), { exec: never })).toBe('none');
    expect((await probeCapabilities({ root, env: {} })).initSystem).toBe('none');
    // the supervisor choice under `auto` follows: the built-in supervisor, not `zinit monitor`
    const init = await detectRunningInit(root);
    expect(init).toBe('none');
    expect(supervisorKindFor(init)).toBe('builtin');
  });

  it('PID 1 decides: comm, or the basename of /proc/1/exe', async () => {
    expect(await detectInitSystem(nodeFsReader(sysroot({ 'proc/1/comm': 'zinit\n' })))).toBe('zinit');
    expect(await detectInitSystem(nodeFsReader(sysroot({ 'proc/1/comm': 'systemd\n' })))).toBe('systemd');
    const debian = sysroot({ 'proc/1/comm': 'init\n' });
    symlinkSync('/lib/systemd/systemd', path.join(debian, 'proc/1/exe'));
    expect(await detectInitSystem(nodeFsReader(debian))).toBe('systemd');
    // a container whose PID 1 is something else is not systemd, even with /run/systemd/system mounted in
    const container = sysroot({ 'proc/1/comm': 'node\n' });
    mkdirSync(path.join(container, 'run/systemd/system'), { recursive: true });
    expect(await detectInitSystem(nodeFsReader(container))).toBe('none');
  });

  it('without a readable PID 1 (a fixture): sd_booted, then the zinit socket', async () => {
    const sd = sysroot();
    mkdirSync(path.join(sd, 'run/systemd/system'), { recursive: true });
    expect(await detectInitSystem(nodeFsReader(sd))).toBe('systemd');

    const zos = sysroot();
    mkdirSync(path.join(zos, 'var/run'), { recursive: true });
    const server = net.createServer();
    servers.push(server);
    await new Promise<void>((r) => server.listen(path.join(zos, 'var/run/zinit.sock'), r));
    expect(await detectInitSystem(nodeFsReader(zos))).toBe('zinit');
  });

  it('zinit not as PID 1 is found when `zinit list` answers (live only)', async () => {
    const root = sysroot({ 'proc/1/comm': 'tini\n' });
    const calls: string[] = [];
    const exec: ProbeExec = (file, args) => {
      calls.push([file, ...args].join(' '));
      return Promise.resolve({ exitCode: 0 });
    };
    expect(await detectInitSystem(nodeFsReader(root), { exec })).toBe('zinit');
    expect(calls).toEqual(['zinit list']);
    const missing: ProbeExec = () => Promise.reject(new Error('spawn zinit ENOENT'));
    expect(await detectInitSystem(nodeFsReader(root), { exec: missing })).toBe('none');
  });
});
