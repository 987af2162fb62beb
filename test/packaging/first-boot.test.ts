/**
 * first-boot.sh and the zinit unit, run for real with a stand-in for the
 * agent (a shell script in place of the bundled Node runtime that records its
 * environment and exits with a chosen code):
 * - settings from a ZOS zosrc file (own-kernel VMs), in the format ZOS writes
 *   (threefoldtech/zosbase pkg/vm/cloudinit/image.go: `export NAME='value'`,
 *   a single quote written as '"'"');
 * - under zinit (K3SGRID_ZINIT_SERVICE=1) an agent that exits 3 is not left
 *   for zinit to restart (zinit restarts every non-oneshot service 2 s after
 *   any exit: threefoldtech/zinit v0.2.28 src/zinit/lifecycle.rs), other
 *   exits are passed on; without zinit the exit code is the agent's own.
 * Also: the zinit unit uses only keys zinit knows (src/zinit/config.rs), and
 * the Dockerfile cannot build an image without zinit's sha256.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { REPO_ROOT } from '../support/paths.js';
import { tempDir, waitFor } from '@k3sgrid/testkit';

let dir: string;
let script: string;

beforeAll(() => {
  dir = tempDir('first-boot');
  const lib = join(dir, 'usr/local/lib/k3sgrid');
  mkdirSync(lib, { recursive: true });
  script = join(lib, 'first-boot.sh');
  copyFileSync(join(REPO_ROOT, 'packaging/rootfs/usr/local/lib/k3sgrid/first-boot.sh'), script);
  chmodSync(script, 0o755);
  // Stand-in for `node agent.mjs run`: writes its K3SGRID_* env, counts its runs, exits FAKE_EXIT.
  writeFileSync(
    join(lib, 'node'),
    [
      '#!/bin/sh',
      'env | grep "^K3SGRID_" | sort > "$FAKE_OUT"',
      'echo run >> "$FAKE_OUT.runs"',
      'exit "${FAKE_EXIT:-0}"',
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  writeFileSync(join(lib, 'agent.mjs'), '');
});

const baseEnv = (name: string, extra: Record<string, string>): Record<string, string> => ({
  PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
  K3SGRID_ENV_FILE: join(dir, `${name}.env`),
  FAKE_OUT: join(dir, `${name}.out`),
  ...extra,
});

const envOf = (file: string): Record<string, string> =>
  Object.fromEntries(
    readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );

describe('first-boot.sh', () => {
  it('reads K3SGRID_* from a ZOS zosrc file when the environment has no coordinator', () => {
    const zosrc = join(dir, 'zosrc');
    // As zosbase cloudinit/image.go writes it: quote() wraps in '...' and writes ' as '"'"'.
    writeFileSync(
      zosrc,
      [
        "export K3SGRID_COORDINATOR='wss://coordinator.example.net:8443'",
        `export K3SGRID_TOKEN='K3G1pin::id.se'"'"'cret'`,
        "export K3SGRID_NODE_IP='10.20.3.2'",
        "export PATH='/nowhere'",
        `export K3SGRID_NOT_RUN='$(touch ${join(dir, 'pwned')})'`,
        "init='/usr/local/lib/k3sgrid/first-boot.sh'",
        '',
      ].join('\n'),
    );
    const env = baseEnv('zosrc', { K3SGRID_ZOSRC: zosrc });
    const r = spawnSync(script, [], { env, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const seen = envOf(env.FAKE_OUT as string);
    expect(seen).toMatchObject({
      K3SGRID_COORDINATOR: 'wss://coordinator.example.net:8443',
      K3SGRID_TOKEN: "K3G1pin::id.se'cret",
      K3SGRID_NODE_IP: '10.20.3.2',
    });
    expect(existsSync(join(dir, 'pwned'))).toBe(false);
    // Saved for restarts, 0600.
    expect(readFileSync(env.K3SGRID_ENV_FILE as string, 'utf8')).toContain(
      'K3SGRID_COORDINATOR=wss://coordinator.example.net:8443',
    );
  });

  it('the environment wins over zosrc', () => {
    const env = baseEnv('envwins', {
      K3SGRID_ZOSRC: join(dir, 'zosrc'),
      K3SGRID_COORDINATOR: 'wss://other.example.net:8443',
    });
    expect(spawnSync(script, [], { env }).status).toBe(0);
    expect(envOf(env.FAKE_OUT as string).K3SGRID_COORDINATOR).toBe('wss://other.example.net:8443');
  });

  it('without zinit, the exit code is the agent own (systemd stops on 3 by RestartPreventExitStatus)', () => {
    for (const code of [0, 1, 3]) {
      const env = baseEnv(`plain${code}`, { K3SGRID_COORDINATOR: 'wss://c:1', FAKE_EXIT: String(code) });
      expect(spawnSync(script, [], { env }).status).toBe(code);
    }
  });

  it('under zinit, an agent exiting 1 is passed on (zinit restarts it)', () => {
    const env = baseEnv('zinit1', { K3SGRID_COORDINATOR: 'wss://c:1', FAKE_EXIT: '1', K3SGRID_ZINIT_SERVICE: '1' });
    expect(spawnSync(script, [], { env }).status).toBe(1);
  });

  it('under zinit, an agent exiting 3 is not restarted: the service stays up without it until stopped', async () => {
    const env = baseEnv('zinit3', { K3SGRID_COORDINATOR: 'wss://c:1', FAKE_EXIT: '3', K3SGRID_ZINIT_SERVICE: '1' });
    const child = spawn(script, [], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    await waitFor('the refusal message', () => /not restarting it/.test(stderr), 10_000);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(child.exitCode).toBeNull(); // still running: zinit sees nothing to restart
    expect(readFileSync(`${env.FAKE_OUT}.runs`, 'utf8')).toBe('run\n');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

describe('the zinit unit and the Dockerfile', () => {
  it('uses only keys zinit knows, is not oneshot, and tells first-boot.sh it runs under zinit', () => {
    const unit = parseYaml(
      readFileSync(join(REPO_ROOT, 'packaging/rootfs/etc/zinit/k3sgrid-agent.yaml'), 'utf8'),
    ) as Record<string, unknown>;
    // threefoldtech/zinit src/zinit/config.rs Service (v0.2.28).
    const known = ['exec', 'test', 'oneshot', 'shutdown_timeout', 'after', 'signal', 'log', 'env', 'dir'];
    expect(Object.keys(unit).filter((k) => !known.includes(k))).toEqual([]);
    expect(unit.oneshot ?? false).toBe(false);
    expect(unit.exec).toBe('/usr/local/lib/k3sgrid/first-boot.sh');
    expect(unit.env).toEqual({ K3SGRID_ZINIT_SERVICE: '1' });
  });

  it('installs zinit from a pinned release and refuses to build without its sha256', () => {
    const text = readFileSync(join(REPO_ROOT, 'packaging/Dockerfile'), 'utf8');
    expect(text).toContain(
      'ARG ZINIT_URL=https://github.com/threefoldtech/zinit/releases/download/v0.2.28/zinit-linux-x86_64',
    );
    expect(text).toMatch(/^ARG ZINIT_SHA256=$/m); // no invented default
    // The guard itself, run as the build would run it.
    const guard = /if ! printf[\s\S]*?fi;/.exec(text)?.[0].replace(/\\\n/g, '\n') ?? '';
    expect(guard).not.toBe('');
    const run = (sha: string): number | null =>
      spawnSync('sh', ['-c', `set -e; ${guard} echo ok`], {
        env: { PATH: '/usr/bin:/bin', ZINIT_SHA256: sha, ZINIT_URL: 'u' },
      }).status;
    expect(run('')).toBe(1);
    expect(run('abc')).toBe(1);
    expect(run('a'.repeat(64))).toBe(0);
  });
});
