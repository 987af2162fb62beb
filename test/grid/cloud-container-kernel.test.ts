/**
 * What a grid VM in container mode can run: the agent's probe, run as an
 * operator would (`k3sgrid-agent probe --root <sysroot> -o json`), on the
 * cloud-container kernel's configuration (test/fixtures/kernels/
 * cloud-container-6.1.21, from threefoldtech/cloud-container `config` at
 * 9dba60e). CONFIG_MODULES is off, so every answer comes from the config: rbd,
 * vxlan and overlay built in; iscsi_tcp, wireguard, nfs and ip_set absent.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { REPO_ROOT } from '../support/paths.js';
import { tempDir } from '../support/processes.js';

const FIXTURE = join(REPO_ROOT, 'test/fixtures/kernels/cloud-container-6.1.21');

interface Report {
  kernelRelease: string;
  kernelConfigSource: string;
  modules: Array<{ name: string; state: string; sourceFile: string }>;
}

function probe(root: string): Report {
  const out = execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--conditions=source',
      join(REPO_ROOT, 'packages/agent/src/bin/k3sgrid-agent.ts'),
      'probe',
      '--root',
      root,
      '-o',
      'json',
    ],
    { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, K3SGRID_FARM_ID: '', K3SGRID_GRID_NODE_ID: '' } },
  );
  return JSON.parse(out) as Report;
}

const states = (r: Report): Record<string, string> => Object.fromEntries(r.modules.map((m) => [m.name, m.state]));

describe('cloud-container 6.1.21 kernel (grid VM, container mode)', () => {
  // Each probe starts the agent CLI (seconds under tsx): run the fixture's once.
  let fromFixture: Report;
  beforeAll(() => {
    fromFixture = probe(FIXTURE);
  });

  it('the fixture is the cloud-container config, unmodified', () => {
    const text = readFileSync(join(FIXTURE, 'boot/config-6.1.21'), 'utf8');
    expect(text).toMatch(/^# Linux\/x86 6\.1\.21 Kernel Configuration$/m);
    expect(text).toMatch(/^# CONFIG_MODULES is not set$/m);
  });

  it('probe reports rbd, vxlan, overlay built in (config y) and iscsi_tcp, wireguard, nfs, ip_set absent', () => {
    const r = fromFixture;
    expect(r.kernelRelease).toBe('6.1.21');
    expect(r.kernelConfigSource).toBe('boot/config-6.1.21');
    const s = states(r);
    for (const m of ['rbd', 'vxlan', 'overlay', 'br_netfilter', 'ip_tables']) expect(s[m], m).toBe('config-builtin');
    for (const m of ['iscsi_tcp', 'wireguard', 'nfs', 'ip_set', 'ceph', 'nf_conntrack_netlink'])
      expect(s[m], m).toBe('absent');
    for (const m of r.modules) expect(m.sourceFile).toBe('boot/config-6.1.21');
  });

  it('on a VM the same config comes from /proc/config.gz (CONFIG_IKCONFIG_PROC=y), with the same answers', () => {
    const dir = tempDir('cc-kernel');
    try {
      cpSync(FIXTURE, dir, { recursive: true });
      rmSync(join(dir, 'boot'), { recursive: true });
      mkdirSync(join(dir, 'proc'), { recursive: true });
      writeFileSync(join(dir, 'proc/config.gz'), gzipSync(readFileSync(join(FIXTURE, 'boot/config-6.1.21'))));
      const r = probe(dir);
      expect(r.kernelConfigSource).toBe('proc/config.gz');
      expect(states(r)).toEqual(states(fromFixture));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the plan for such a VM: local-path, flannel-vxlan, and a warning that NetworkPolicies are not enforced', () => {
    const dir = tempDir('cc-plan');
    try {
      const file = join(dir, 'vm.json');
      writeFileSync(file, JSON.stringify(fromFixture));
      const out = execFileSync(
        process.execPath,
        [
          '--import',
          'tsx',
          '--conditions=source',
          join(REPO_ROOT, 'packages/coordinator/src/bin/k3sgrid.ts'),
          'plan',
          '--report',
          file,
          '-o',
          'json',
        ],
        { cwd: REPO_ROOT, encoding: 'utf8' },
      );
      const p = JSON.parse(out) as { storage: { choice: string }; cni: { choice: string; warnings: string[] } };
      expect(p.storage.choice).toBe('local-path');
      expect(p.cni.choice).toBe('flannel-vxlan');
      expect(p.cni.warnings.some((w) => w.startsWith('NetworkPolicies will not be enforced'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
