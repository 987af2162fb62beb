/**
 * `npm run package:agent`: the image root folder is complete, with the right
 * modes, and the agent in it runs from the copied Node runtime alone (no
 * tsx, no node_modules): `--version`, `probe --root <fixture>`, and a real
 * enrollment through first-boot.sh against an in-process coordinator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageAgent, PackageError, type PackageOptions } from '../../scripts/package-agent.js';
import { type RunningCoordinator, startCoordinator } from '@k3sgrid/coordinator';
import { SHARED_DIR } from '../support/paths.js';
import { tempDir, waitFor, silentLogger } from '@k3sgrid/testkit';

const arch = process.arch === 'arm64' ? 'arm64' : 'amd64';
const base = (out: string): PackageOptions => ({
  out,
  tarball: null,
  nodeBinary: process.execPath,
  arch,
  minify: false,
});

let dir: string;
let image: string;
let bundleMs = 0;
let bundleBytes = 0;

/** A bare environment: no NODE_OPTIONS, no tsx loader, a PATH without the repository's node_modules. */
const bareEnv = (extra: Record<string, string> = {}): Record<string, string> => ({
  PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
  HOME: dir,
  ...extra,
});

beforeAll(async () => {
  dir = tempDir('package-agent');
  image = join(dir, 'image');
  const r = await packageAgent(base(image));
  bundleMs = r.bundleMs;
  bundleBytes = r.bundleBytes;
}, 120_000);

describe('package:agent image root', () => {
  it('has every file with the right mode', () => {
    const want: Record<string, number> = {
      'usr/local/bin/k3sgrid-agent': 0o755,
      'usr/local/lib/k3sgrid/node': 0o755,
      'usr/local/lib/k3sgrid/first-boot.sh': 0o755,
      'usr/local/lib/k3sgrid/agent.mjs': 0o644,
      'usr/local/lib/k3sgrid/manifest.json': 0o644,
      'etc/k3sgrid/packages.txt': 0o644,
      'etc/k3sgrid/agent.env.example': 0o644,
      'etc/zinit/k3sgrid-agent.yaml': 0o644,
      'etc/systemd/system/k3sgrid-agent.service': 0o644,
    };
    const got = Object.fromEntries(
      Object.keys(want).map((p) => [p, existsSync(join(image, p)) ? statSync(join(image, p)).mode & 0o777 : -1]),
    );
    expect(got).toEqual(want);
    // No k3s binary without --k3s-binary: the node gets it from the coordinator.
    expect(existsSync(join(image, 'usr/local/bin/k3s'))).toBe(false);
    expect(
      (JSON.parse(readFileSync(join(image, 'usr/local/lib/k3sgrid/manifest.json'), 'utf8')) as { k3s: unknown }).k3s,
    ).toBeNull();
    const pkgs = readFileSync(join(image, 'etc/k3sgrid/packages.txt'), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    expect(pkgs).toEqual(['open-iscsi', 'nfs-common', 'wireguard-tools', 'haproxy']);
    expect(readFileSync(join(image, 'etc/zinit/k3sgrid-agent.yaml'), 'utf8')).toMatch(
      /^exec: \/usr\/local\/lib\/k3sgrid\/first-boot\.sh$/m,
    );
    expect(readFileSync(join(image, 'etc/systemd/system/k3sgrid-agent.service'), 'utf8')).toMatch(
      /^ExecStart=\/usr\/local\/lib\/k3sgrid\/first-boot\.sh$/m,
    );
    const manifest = JSON.parse(readFileSync(join(image, 'usr/local/lib/k3sgrid/manifest.json'), 'utf8')) as {
      files: Record<string, { sha256: string }>;
    };
    const sha = createHash('sha256')
      .update(readFileSync(join(image, 'usr/local/lib/k3sgrid/agent.mjs')))
      .digest('hex');
    expect(manifest.files['usr/local/lib/k3sgrid/agent.mjs']?.sha256).toBe(sha);
  });

  it('the bundle is one self-contained file (no imports of workspace or npm packages)', () => {
    const text = readFileSync(join(image, 'usr/local/lib/k3sgrid/agent.mjs'), 'utf8');
    const specifiers = [...text.matchAll(/^\s*import\s[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]);
    expect(specifiers.filter((s) => !s?.startsWith('node:'))).toEqual([]);
    // The k3s flag list is embedded (esbuild define), not read from a data folder next to the sources.
    expect(text).not.toContain('__K3SGRID_K3S_FLAGS_JSON__');
    expect(text).toContain('"name": "cluster-init"');
    process.stderr.write(`agent bundle: ${(bundleBytes / 1024 / 1024).toFixed(2)} MiB, built in ${bundleMs} ms\n`);
  });

  it('answers --version from the copied runtime', () => {
    const r = spawnSync(join(image, 'usr/local/bin/k3sgrid-agent'), ['--version'], {
      cwd: dir,
      env: bareEnv(),
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('probes a fixture root: rbd is a module in the kernel config of Zero-OS 4.14.82', () => {
    const r = spawnSync(
      join(image, 'usr/local/bin/k3sgrid-agent'),
      ['probe', '--root', join(SHARED_DIR, 'fixtures/kernels/zos-4.14.82'), '-o', 'json'],
      { cwd: dir, env: bareEnv(), encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { kernelRelease: string; modules: Array<{ name: string; state: string }> };
    expect(report.kernelRelease).toBe('4.14.82-Zero-OS');
    expect(report.modules.find((m) => m.name === 'rbd')?.state).toBe('config-module');
  });

  it('first-boot.sh refuses to start without a coordinator URL', () => {
    const r = spawnSync(join(image, 'usr/local/lib/k3sgrid/first-boot.sh'), [], {
      cwd: dir,
      env: bareEnv({ K3SGRID_ENV_FILE: join(dir, 'none.env') }),
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('K3SGRID_COORDINATOR is not set');
  });

  it("bakes a k3s binary only when it matches the release's sha256sum file or the given sha256", async () => {
    const fake = join(dir, 'k3s');
    writeFileSync(fake, '#!/bin/sh\necho fake k3s\n');
    const sha = createHash('sha256').update(readFileSync(fake)).digest('hex');
    const sums = (hex: string): string => {
      const p = join(dir, `sha256sum-${hex.slice(0, 4)}.txt`);
      writeFileSync(
        p,
        `${hex}  ${arch === 'amd64' ? 'k3s' : 'k3s-arm64'}\n${'9'.repeat(64)}  k3s-airgap-images-${arch}.tar.zst\n`,
      );
      return p;
    };
    const code = async (o: Partial<PackageOptions>): Promise<string> => {
      try {
        await packageAgent({ ...base(join(dir, 'image-k3s')), k3sBinary: fake, k3sVersion: 'v1.33.4+k3s1', ...o });
        return 'ok';
      } catch (err) {
        return err instanceof PackageError ? err.code : String(err);
      }
    };
    expect(await code({})).toBe('k3s-checksum-missing');
    expect(await code({ k3sSha256File: sums('0'.repeat(64)) })).toBe('k3s-checksum-mismatch');
    expect(await code({ k3sSha256: '1'.repeat(64) })).toBe('k3s-checksum-mismatch');
    expect(await code({ k3sSha256File: sums(sha), k3sSha256: '2'.repeat(64) })).toBe('k3s-checksum-mismatch');
    expect(await code({ k3sSha256File: sums(sha), k3sVersion: 'latest' })).toBe('package-usage');
    expect(existsSync(join(dir, 'image-k3s/usr/local/bin/k3s'))).toBe(false);
    expect(await code({ k3sSha256File: sums(sha) })).toBe('ok');
    const installed = join(dir, 'image-k3s/usr/local/bin/k3s');
    expect(statSync(installed).mode & 0o777).toBe(0o755);
    expect(
      (JSON.parse(readFileSync(join(dir, 'image-k3s/usr/local/lib/k3sgrid/manifest.json'), 'utf8')) as { k3s: unknown })
        .k3s,
    ).toEqual({ version: 'v1.33.4+k3s1', sha256: sha, bytes: readFileSync(fake).length, path: '/usr/local/bin/k3s' });
    expect(await code({ k3sSha256: sha })).toBe('ok');
  }, 120_000);

  it('refuses to wipe a folder it did not make', async () => {
    writeFileSync(join(dir, 'somefile'), 'x');
    await expect(packageAgent(base(dir))).rejects.toMatchObject({ code: 'package-out-dir-foreign' });
    expect(existsSync(join(dir, 'somefile'))).toBe(true);
  });
});

describe('package:agent tarball modes', () => {
  it('packs fixed modes (dirs 0755, files 0644/0755) under a builder umask of 077, and no state or secrets', async () => {
    const previous = process.umask(0o077);
    let tarball: string;
    try {
      tarball = join(dir, 'umask077.tar.gz');
      await packageAgent({ ...base(join(dir, 'image-umask077')), tarball });
    } finally {
      process.umask(previous);
    }
    const listing = execFileSync('tar', ['-tvzf', tarball], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l !== '');
    const entries = listing.map((l) => {
      const cols = l.split(/\s+/);
      return { mode: cols[0] ?? '', owner: cols[1] ?? '', name: (cols[5] ?? '').replace(/^\.\//, '') };
    });
    expect(entries.length).toBeGreaterThan(10);
    const bad = entries.filter((e) =>
      e.mode.startsWith('d') ? e.mode !== 'drwxr-xr-x' : e.mode !== '-rw-r--r--' && e.mode !== '-rwxr-xr-x',
    );
    expect(bad).toEqual([]);
    const modeOf = (name: string): string | undefined => entries.find((e) => e.name === name)?.mode;
    expect(modeOf('usr/')).toBe('drwxr-xr-x');
    expect(modeOf('usr/local/bin/')).toBe('drwxr-xr-x');
    expect(modeOf('usr/local/bin/k3sgrid-agent')).toBe('-rwxr-xr-x');
    expect(modeOf('usr/local/lib/k3sgrid/first-boot.sh')).toBe('-rwxr-xr-x');
    expect(modeOf('usr/local/lib/k3sgrid/agent.mjs')).toBe('-rw-r--r--');
    expect(entries.every((e) => e.owner === '0/0')).toBe(true);
    // Only the image: no agent state (identity, caches) and no filled-in secrets.
    expect(entries.filter((e) => /^(var|run|tmp|root|home)\//.test(e.name))).toEqual([]);
    expect(
      entries.filter((e) => /(^|\/)(agent\.env|identity\.json|coordinator\.json|[^/]+\.key)$/.test(e.name)),
    ).toEqual([]);
    // and the folder itself has the same modes
    expect(statSync(join(dir, 'image-umask077/usr')).mode & 0o777).toBe(0o755);
  }, 120_000);
});

describe('first-boot.sh with the packaged agent', () => {
  let c: RunningCoordinator;
  let child: ChildProcess | undefined;
  const admin = (): string => readFileSync(join(c.state.dir, 'admin.token'), 'utf8').trim();

  beforeAll(async () => {
    c = await startCoordinator({
      stateDir: join(dir, 'coord'),
      listen: '127.0.0.1:0',
      advertise: ['127.0.0.1'],
      logger: silentLogger,
    });
    // Formation waits for more nodes than will come: no role is assigned, nothing touches this machine.
    const res = await c.app.inject({
      method: 'POST',
      url: '/v1/clusters',
      headers: { authorization: `Bearer ${admin()}` },
      payload: { name: 'boot', formation: { minNodes: 5 } },
    });
    expect(res.statusCode).toBe(201);
  });

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await c?.close();
  });

  it('enrolls the node with the URL and token from the environment, and saves them 0600', async () => {
    const res = await c.app.inject({
      method: 'POST',
      url: '/v1/clusters/boot/join-tokens',
      headers: { authorization: `Bearer ${admin()}` },
      payload: { roles: ['agent'] },
    });
    const token = res.json<{ token: string }>().token;
    const envFile = join(dir, 'etc-k3sgrid/agent.env');
    let stderr = '';
    child = spawn(join(image, 'usr/local/lib/k3sgrid/first-boot.sh'), [], {
      cwd: dir,
      env: bareEnv({
        K3SGRID_COORDINATOR: c.agentUrl,
        K3SGRID_TOKEN: token,
        K3SGRID_ENV_FILE: envFile,
        K3SGRID_AGENT_STATE_DIR: join(dir, 'agent-state'),
        K3SGRID_ROOT_PREFIX: join(dir, 'node-root'),
        K3SGRID_HOSTNAME: 'packaged-1',
        K3SGRID_SUPERVISOR: 'builtin',
        K3SGRID_K3S_BINARY: join(dir, 'no-k3s-here'),
      }),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const node = await waitFor(
      'the packaged agent to enroll',
      async () => {
        if (child?.exitCode !== null) throw new Error(`agent exited ${String(child?.exitCode)}: ${stderr}`);
        const r = await c.app.inject({
          method: 'GET',
          url: '/v1/nodes?cluster=boot',
          headers: { authorization: `Bearer ${admin()}` },
        });
        return r
          .json<{ items: Array<{ hostname: string; connected: boolean; agentVersion: string }> }>()
          .items.find((n) => n.hostname === 'packaged-1' && n.connected);
      },
      60_000,
    );
    expect(node.agentVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(statSync(envFile).mode & 0o777).toBe(0o600);
    const saved = readFileSync(envFile, 'utf8');
    expect(saved).toContain(`K3SGRID_TOKEN=${token}\n`);
    expect(saved).toContain(`K3SGRID_COORDINATOR=${c.agentUrl}\n`);
    child.kill('SIGTERM');
    await new Promise((r) => child?.once('exit', r));
  }, 90_000);
});
