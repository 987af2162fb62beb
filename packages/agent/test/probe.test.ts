import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, gunzipSync } from 'node:zlib';
import { Command, CommanderError } from 'commander';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { CapabilityReport, ModuleStateName } from '@k3sgrid/proto';
import { registerProbeCommand } from '../src/cli/probe-command.js';
import {
  MODULES_OF_INTEREST,
  ProbeRootError,
  disksFromBlockDevices,
  formatReportTable,
  normalizeModuleName,
  parseKernelConfig,
  parseModulesList,
  parseProcModules,
  probeCapabilities,
  resolveModuleState,
  type FsReader,
} from '../src/probe/index.js';
import { tempDir } from '@k3sgrid/testkit';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixtures = path.resolve(repoRoot, '../shared/fixtures/kernels');
const fx = (name: string): string => path.join(fixtures, name);

function stateOf(r: CapabilityReport, name: string): { state: ModuleStateName; sourceFile: string } {
  const m = r.modules.find((x) => x.name === name);
  if (!m) throw new Error(`module ${name} not reported`);
  return { state: m.state, sourceFile: m.sourceFile };
}
function tool(r: CapabilityReport, name: string): { present: boolean; path: string } {
  const t = r.tools.find((x) => x.name === name);
  if (!t) throw new Error(`tool ${name} not reported`);
  return { present: t.present, path: t.path };
}
const ALL = MODULES_OF_INTEREST.map((m) => m.name);

/** Expected module answers per fixture; every fixture folder must have an entry. */
const EXPECTED: Record<
  string,
  { release: string; modules: Record<string, [ModuleStateName, string]>; tools: Record<string, string> }
> = {
  'zos-4.14.82': {
    release: '4.14.82-Zero-OS',
    // CONFIG_*=m for all 18 (checked with grep); no module lists, no proc/modules.
    modules: Object.fromEntries(ALL.map((n) => [n, ['config-module', 'boot/config-4.14.82-Zero-OS']])),
    tools: {},
  },
  'zos-5.10.55': {
    release: '5.10.55-Zero-OS',
    modules: Object.fromEntries(ALL.map((n) => [n, ['config-module', 'boot/config-5.10.55-Zero-OS']])),
    tools: {},
  },
  'debian12-cloud': {
    release: '6.1.0-56-cloud-amd64',
    modules: {
      ...Object.fromEntries(ALL.map((n) => [n, ['loadable', 'lib/modules/6.1.0-56-cloud-amd64/modules.order']])),
      // The hand-written proc/modules lists these.
      vxlan: ['loaded', 'proc/modules'],
      overlay: ['loaded', 'proc/modules'],
      br_netfilter: ['loaded', 'proc/modules'],
      ip_set: ['loaded', 'proc/modules'],
    },
    tools: { iscsiadm: '/usr/sbin/iscsiadm', 'mount.nfs': '/sbin/mount.nfs' },
  },
};

describe('probe against every kernel fixture', () => {
  const dirs = readdirSync(fixtures, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);

  it('has an expectation for each fixture folder', () => {
    expect(dirs.length).toBeGreaterThanOrEqual(3);
    expect(Object.keys(EXPECTED).sort()).toEqual([...dirs].sort());
  });

  for (const name of Object.keys(EXPECTED)) {
    it(`${name}: module states, sources and tools`, async () => {
      const exp = EXPECTED[name]!;
      const r = await probeCapabilities({ root: fx(name), env: {} });
      expect(r.kernelRelease).toBe(exp.release);
      expect(r.modules.map((m) => m.name)).toEqual(ALL);
      for (const [mod, [state, source]] of Object.entries(exp.modules)) {
        expect({ mod, ...stateOf(r, mod) }).toEqual({ mod, state, sourceFile: source });
      }
      for (const t of ['iscsiadm', 'mount.nfs', 'wg', 'ipset', 'iptables', 'nft', 'haproxy']) {
        const p = exp.tools[t];
        expect({ t, ...tool(r, t) }).toEqual({ t, present: p !== undefined, path: p ?? '' });
      }
      expect(r.kernelConfigSource).toBe(`boot/config-${exp.release}`);
      // Not live: no hardware, no init system or cgroups in these sysroots.
      expect(r).toMatchObject({
        initSystem: 'none',
        cgroupVersion: 0,
        cpuCount: 0,
        memoryBytes: 0,
        disks: [],
        addresses: [],
        arch: 'x86_64',
      });
    });
  }

  it('zos-4.14.82: rbd is config-module from the kernel config; iscsiadm and mount.nfs absent', async () => {
    const r = await probeCapabilities({ root: fx('zos-4.14.82'), env: {} });
    expect(r.modules.find((m) => m.name === 'rbd')).toEqual({
      name: 'rbd',
      configSymbol: 'BLK_DEV_RBD',
      state: 'config-module',
      sourceFile: 'boot/config-4.14.82-Zero-OS',
    });
    expect(tool(r, 'iscsiadm').present).toBe(false);
    expect(tool(r, 'mount.nfs').present).toBe(false);
  });

  it('debian12-cloud: dm_crypt is found as dm-crypt.ko in modules.order', () => {
    const order = readFileSync(fx('debian12-cloud/lib/modules/6.1.0-56-cloud-amd64/modules.order'), 'utf8');
    expect(order).toContain('kernel/drivers/md/dm-crypt.ko');
    expect(parseModulesList(order).has('dm_crypt')).toBe(true);
  });

  it('reads grid metadata from the environment', async () => {
    const r = await probeCapabilities({
      root: fx('zos-5.10.55'),
      env: { K3SGRID_FARM_ID: '42', K3SGRID_GRID_NODE_ID: '7', K3SGRID_PUBLIC_IP: '203.0.113.9' },
    });
    expect(r).toMatchObject({ gridFarmId: '42', gridNodeId: '7', publicIp: '203.0.113.9' });
  });
});

describe('probe ladder on a synthetic sysroot', () => {
  const tmp = tempDir('probe');
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const put = (rel: string, content: string | Buffer): void => {
    mkdirSync(path.dirname(path.join(tmp, rel)), { recursive: true });
    writeFileSync(path.join(tmp, rel), content);
  };
  const rel = '6.6.0-test';
  put('proc/sys/kernel/osrelease', `${rel}\n`);
  put('proc/modules', 'wireguard 98304 0 - Live 0x0\n');
  put(`lib/modules/${rel}/modules.builtin`, 'kernel/drivers/md/dm-crypt.ko\nkernel/net/ipv4/ipip.ko\n');
  // modules.dep wins over modules.order; compressed module files count.
  put(
    `lib/modules/${rel}/modules.dep`,
    'kernel/drivers/block/rbd.ko.zst: kernel/net/ceph/libceph.ko.zst\nkernel/fs/ceph/ceph.ko.xz:\n',
  );
  put(`lib/modules/${rel}/modules.order`, 'kernel/drivers/scsi/iscsi_tcp.ko\n');
  put('proc/filesystems', 'nodev\toverlay\n\text4\n');
  put('sys/module/vxlan/parameters/udp_port', '8472\n');
  put('sys/module/br_netfilter/initstate', 'live\n');
  put(
    'proc/config.gz',
    gzipSync('CONFIG_X86_64=y\nCONFIG_ISCSI_TCP=m\nCONFIG_NFS_FS=y\n# CONFIG_NFS_V4 is not set\nCONFIG_IP_SET=m\n'),
  );
  put(`boot/config-${rel}`, 'CONFIG_XT_SET=y\n');
  put('usr/local/bin/wg', '');
  put('bin/nft', '');
  mkdirSync(path.join(tmp, 'run/systemd/system'), { recursive: true });
  put('sys/fs/cgroup/cgroup.controllers', 'cpu memory\n');
  put('proc/cpuinfo', 'processor\t: 0\nmodel name\t: x\n\nprocessor\t: 1\n');
  put('proc/meminfo', 'MemTotal:        2048 kB\nMemFree: 1 kB\n');
  put('etc/hostname', 'n7\n');

  it('walks the ladder in order and names each source', async () => {
    const r = await probeCapabilities({ root: tmp, env: {} });
    const s = (n: string): [ModuleStateName, string] => {
      const x = stateOf(r, n);
      return [x.state, x.sourceFile];
    };
    expect(s('wireguard')).toEqual(['loaded', 'proc/modules']);
    expect(s('vxlan')).toEqual(['builtin', 'sys/module/vxlan']);
    expect(s('br_netfilter')).toEqual(['loaded', 'sys/module/br_netfilter']);
    expect(s('dm_crypt')).toEqual(['builtin', `lib/modules/${rel}/modules.builtin`]);
    expect(s('ipip')).toEqual(['builtin', `lib/modules/${rel}/modules.builtin`]);
    expect(s('overlay')).toEqual(['builtin', 'proc/filesystems']);
    expect(s('rbd')).toEqual(['loadable', `lib/modules/${rel}/modules.dep`]);
    expect(s('ceph')).toEqual(['loadable', `lib/modules/${rel}/modules.dep`]);
    // modules.dep exists, so modules.order is not consulted; the config is.
    expect(s('iscsi_tcp')).toEqual(['config-module', 'proc/config.gz']);
    expect(s('nfs')).toEqual(['config-builtin', 'proc/config.gz']);
    expect(s('nfsv4')).toEqual(['absent', 'proc/config.gz']);
    // proc/config.gz is preferred over boot/config-<release>.
    expect(s('xt_set')).toEqual(['absent', 'proc/config.gz']);
    expect(r.kernelConfigSource).toBe('proc/config.gz');
    expect(tool(r, 'wg')).toEqual({ present: true, path: '/usr/local/bin/wg' });
    expect(tool(r, 'nft')).toEqual({ present: true, path: '/bin/nft' });
    expect(r).toMatchObject({
      initSystem: 'systemd',
      cgroupVersion: 2,
      cpuCount: 2,
      memoryBytes: 2048 * 1024,
      hostname: 'n7',
      arch: 'x86_64',
    });
  });

  it('reports unknown when no list and no config says anything', async () => {
    const bare = tempDir('bare');
    try {
      mkdirSync(path.join(bare, 'etc/zinit'), { recursive: true });
      mkdirSync(path.join(bare, 'sys/fs/cgroup/memory'), { recursive: true });
      const r = await probeCapabilities({ root: bare, env: {} });
      expect(r.kernelRelease).toBe('');
      expect(r.modules.every((m) => m.state === 'unknown' && m.sourceFile === '')).toBe(true);
      // an /etc/zinit folder is no evidence of a running zinit
      expect(r).toMatchObject({ initSystem: 'none', cgroupVersion: 1, kernelConfigSource: '' });
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });

  it('rejects a missing root with a stable code', async () => {
    await expect(probeCapabilities({ root: path.join(tmp, 'nope') })).rejects.toMatchObject({
      code: 'probe-root-unreadable',
    });
    await expect(probeCapabilities({ root: path.join(tmp, 'etc/hostname') })).rejects.toBeInstanceOf(ProbeRootError);
  });

  it('rejects a corrupt proc/config.gz', async () => {
    const bad = tempDir('bad');
    try {
      mkdirSync(path.join(bad, 'proc'), { recursive: true });
      writeFileSync(path.join(bad, 'proc/config.gz'), 'not gzip');
      await expect(probeCapabilities({ root: bad, env: {} })).rejects.toMatchObject({ code: 'probe-read-failed' });
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });

  it('accepts an injected reader and live facts', async () => {
    const files: Record<string, string> = {
      'proc/sys/kernel/osrelease': '5.15.0\n',
      'proc/modules': 'ipt_REJECT 16384 0 - Live 0x0\n',
    };
    const reader: FsReader = {
      readText: (p) => Promise.resolve(files[p] ?? null),
      readBytes: (p) => Promise.resolve(files[p] !== undefined ? Buffer.from(files[p]) : null),
      kind: (p) => Promise.resolve(files[p] !== undefined ? 'file' : null),
      list: () => Promise.resolve(null),
    };
    const r = await probeCapabilities({
      root: tmp,
      env: {},
      reader,
      live: true,
      liveFacts: () =>
        Promise.resolve({
          cpuCount: 8,
          memoryBytes: 1,
          disks: [],
          addresses: ['10.0.0.1'],
          hostname: 'h',
          arch: 'aarch64',
        }),
    });
    expect(stateOf(r, 'ipt_REJECT')).toEqual({ state: 'loaded', sourceFile: 'proc/modules' });
    expect(stateOf(r, 'rbd').state).toBe('unknown');
    expect(r).toMatchObject({ cpuCount: 8, addresses: ['10.0.0.1'], hostname: 'h', arch: 'aarch64' });
  });
});

describe('pure parsers', () => {
  it('parses kernel config values and unset symbols', () => {
    const c = parseKernelConfig('CONFIG_A=y\nCONFIG_B=m\n# CONFIG_C is not set\nCONFIG_D="x y"\n# comment\n');
    expect([...c]).toEqual([
      ['A', 'y'],
      ['B', 'm'],
      ['C', 'n'],
      ['D', '"x y"'],
    ]);
  });
  it('normalizes module names and paths', () => {
    expect(normalizeModuleName('kernel/drivers/md/dm-crypt.ko.xz')).toBe('dm_crypt');
    expect(normalizeModuleName('ipt_REJECT.ko.zst')).toBe('ipt_REJECT');
    expect([...parseProcModules('dm_crypt 1 0 - Live 0x0\nnf_conntrack 2 1 x, Live 0x0\n')]).toEqual([
      'dm_crypt',
      'nf_conntrack',
    ]);
  });
  it('treats a missing config symbol as absent only when a config was read', () => {
    const spec = { name: 'rbd', configSymbol: 'BLK_DEV_RBD' };
    expect(resolveModuleState(spec, { config: { values: new Map(), source: 'boot/config-x' } }).state).toBe('absent');
    expect(resolveModuleState(spec, {}).state).toBe('unknown');
  });
  it('marks only blank, unpartitioned, unmounted disks unused', () => {
    const d = disksFromBlockDevices([
      { name: 'sda', type: 'disk', fsType: '', mount: '', size: 10 },
      { name: 'sda1', type: 'part', fsType: 'ext4', mount: '/', size: 9 },
      { name: 'sdb', type: 'disk', fsType: '', mount: '', size: 10 },
      { name: 'sdc', type: 'disk', fsType: 'xfs', mount: '', size: 10 },
      { name: 'zram0', type: 'disk', fsType: '', mount: '', size: 0 },
    ]);
    expect(d.map((x) => [x.name, x.unused])).toEqual([
      ['sda', false],
      ['sdb', true],
      ['sdc', false],
    ]);
  });
});

// This development machine: no loadable modules (CONFIG_MODULES unset, no
// /proc/modules, no /lib/modules) and its config in /proc/config.gz.
const liveMatches = existsSync('/proc/config.gz') && !existsSync('/proc/modules');
describe.runIf(liveMatches)('probe of the live machine /', () => {
  it('gives the kernel config and sysfs answers, never loaded or loadable', async () => {
    const config = gunzipSync(readFileSync('/proc/config.gz')).toString('utf8');
    expect(config).toMatch(/^# CONFIG_MODULES is not set$/m);
    const r = await probeCapabilities({ root: '/', env: {} });
    expect(r.kernelRelease).toBe(os.release());
    expect(r.kernelConfigSource).toBe('proc/config.gz');
    for (const m of r.modules) {
      const y = new RegExp(`^CONFIG_${m.configSymbol}=y$`, 'm').test(config);
      const sys = existsSync(`/sys/module/${m.name}`);
      // An independent oracle: sysfs first, then the config text itself.
      const expected = sys
        ? ['builtin', `sys/module/${m.name}`]
        : y
          ? ['config-builtin', 'proc/config.gz']
          : ['absent', 'proc/config.gz'];
      expect([m.name, m.state, m.sourceFile]).toEqual([m.name, ...expected]);
    }
    for (const t of r.tools) {
      const where = ['usr/local/sbin', 'usr/local/bin', 'usr/sbin', 'usr/bin', 'sbin', 'bin'].find((d) =>
        existsSync(`/${d}/${t.name}`),
      );
      expect([t.name, t.present]).toEqual([t.name, where !== undefined]);
    }
    expect(r.cpuCount).toBe(os.cpus().length);
    expect(r.memoryBytes).toBeGreaterThan(0);
    expect(r.hostname).toBe(os.hostname());
    const pid1 = readFileSync('/proc/1/comm', 'utf8').trim();
    expect(r.initSystem).toBe(
      pid1 === 'systemd' ? 'systemd' : pid1 === 'zinit' || existsSync('/var/run/zinit.sock') ? 'zinit' : 'none',
    );
  });
});

describe('k3sgrid-agent probe command', () => {
  afterEach(() => vi.restoreAllMocks());
  function program(): { p: Command; err: string[] } {
    const err: string[] = [];
    const p = new Command('k3sgrid-agent')
      .exitOverride()
      .configureOutput({ writeErr: (s) => err.push(s), writeOut: () => undefined });
    registerProbeCommand(p);
    return { p, err };
  }
  async function run(args: string[]): Promise<string> {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
    await program().p.parseAsync(args, { from: 'user' });
    return out.join('');
  }

  it('prints JSON with -o json', async () => {
    const r = JSON.parse(await run(['probe', '--root', fx('zos-4.14.82'), '-o', 'json'])) as CapabilityReport;
    expect(r.modules.find((m) => m.name === 'rbd')).toMatchObject({
      state: 'config-module',
      sourceFile: 'boot/config-4.14.82-Zero-OS',
    });
    expect(r.tools.filter((t) => ['iscsiadm', 'mount.nfs'].includes(t.name))).toEqual([
      { name: 'iscsiadm', present: false, path: '' },
      { name: 'mount.nfs', present: false, path: '' },
    ]);
  });

  it('prints an aligned table by default', async () => {
    const text = await run(['probe', '--root', fx('debian12-cloud')]);
    expect(text).toMatch(/^rbd\s+BLK_DEV_RBD\s+loadable\s+lib\/modules\/6\.1\.0-56-cloud-amd64\/modules\.order$/m);
    expect(text).toMatch(/^iscsiadm\s+yes\s+\/usr\/sbin\/iscsiadm$/m);
    const r = await probeCapabilities({ root: fx('debian12-cloud'), env: {} });
    expect(formatReportTable(r)).toBe(text);
  });

  it('fails clearly on an unreadable root and on a bad flag', async () => {
    const a = program();
    await expect(a.p.parseAsync(['probe', '--root', '/does/not/exist'], { from: 'user' })).rejects.toMatchObject({
      exitCode: 2,
      code: 'probe-root-unreadable',
    });
    expect(a.err.join('')).toContain('probe root /does/not/exist is not readable');
    const b = program();
    await expect(b.p.parseAsync(['probe', '-o', 'xml'], { from: 'user' })).rejects.toBeInstanceOf(CommanderError);
    expect(b.err.join('')).toContain("argument 'xml' is invalid");
  });
});
