import { mkdtempSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BinaryMissingError,
  type ExecFn,
  InstallError,
  ensureK3sInstalled,
  installScriptEnv,
} from '../src/k3s/index.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'k3s-install-'));
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

function recorder(exitCode = 0): {
  exec: ExecFn;
  calls: { file: string; args: readonly string[]; env?: Record<string, string> }[];
} {
  const calls: { file: string; args: readonly string[]; env?: Record<string, string> }[] = [];
  const exec: ExecFn = (file, args, o) => {
    calls.push({ file, args, ...(o?.env ? { env: o.env } : {}) });
    return Promise.resolve({ exitCode, stdout: '', stderr: exitCode === 0 ? '' : 'boom' });
  };
  return { exec, calls };
}

async function placeBinary(p: string): Promise<void> {
  const f = path.join(root, p);
  await fs.mkdir(path.dirname(f), { recursive: true });
  await fs.writeFile(f, '#!/bin/sh\n', { mode: 0o755 });
}

describe('ensureK3sInstalled', () => {
  it('uses the binary at the configured path without running anything', async () => {
    await placeBinary('usr/local/bin/k3s');
    const r = recorder();
    const res = await ensureK3sInstalled({ root, installExec: 'server', exec: r.exec, initSystem: 'systemd' });
    expect(res).toEqual({ action: 'present', binaryPath: path.join(root, 'usr/local/bin/k3s') });
    expect(r.calls).toEqual([]);
  });

  it('runs the baked install script with SKIP_DOWNLOAD when the binary is elsewhere (systemd)', async () => {
    await placeBinary('opt/bin/k3s');
    await fs.mkdir(path.join(root, 'usr/local/share/k3sgrid'), { recursive: true });
    await fs.writeFile(path.join(root, 'usr/local/share/k3sgrid/install-k3s.sh'), '#!/bin/sh\n');
    const r = recorder();
    const res = await ensureK3sInstalled({
      root,
      installExec: 'agent',
      version: 'v1.31.4+k3s1',
      exec: r.exec,
      initSystem: 'systemd',
    });
    expect(res.action).toBe('install-script');
    expect(res.binaryPath).toBe(path.join(root, 'opt/bin/k3s'));
    expect(r.calls).toHaveLength(1);
    expect(r.calls[0]!.file).toBe('sh');
    expect(r.calls[0]!.args).toEqual([path.join(root, 'usr/local/share/k3sgrid/install-k3s.sh')]);
    expect(r.calls[0]!.env).toEqual({
      INSTALL_K3S_SKIP_DOWNLOAD: 'true',
      INSTALL_K3S_SKIP_START: 'true',
      INSTALL_K3S_VERSION: 'v1.31.4+k3s1',
      INSTALL_K3S_EXEC: 'agent',
      INSTALL_K3S_BIN_DIR: path.join(root, 'opt/bin'),
    });
  });

  it('reports a failing install script', async () => {
    await placeBinary('opt/bin/k3s');
    await fs.mkdir(path.join(root, 'usr/local/share/k3sgrid'), { recursive: true });
    await fs.writeFile(path.join(root, 'usr/local/share/k3sgrid/install-k3s.sh'), '');
    await expect(
      ensureK3sInstalled({ root, installExec: 'server', exec: recorder(1).exec, initSystem: 'systemd' }),
    ).rejects.toThrow(InstallError);
  });

  it('uses a baked binary directly without systemd', async () => {
    await placeBinary('opt/bin/k3s');
    const r = recorder();
    const res = await ensureK3sInstalled({ root, installExec: 'server', exec: r.exec, initSystem: 'none' });
    expect(res).toEqual({ action: 'baked', binaryPath: path.join(root, 'opt/bin/k3s') });
    expect(r.calls).toEqual([]);
  });

  it('never downloads: no binary anywhere is a clear error', async () => {
    const r = recorder();
    const p = ensureK3sInstalled({ root, installExec: 'server', exec: r.exec, initSystem: 'systemd' });
    await expect(p).rejects.toThrow(BinaryMissingError);
    await expect(p).rejects.toThrow(/never downloads/);
    expect(r.calls).toEqual([]);
  });

  it('omits INSTALL_K3S_VERSION when the assignment has none', () => {
    expect(
      installScriptEnv({ installExec: 'server', binDir: '/opt/bin', skipDownload: true, version: '' }),
    ).not.toHaveProperty('INSTALL_K3S_VERSION');
  });
});
