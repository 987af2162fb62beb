/**
 * Node preparation (spec.nodePrep) with an injected exec and an in-memory
 * /proc and /sys: modules loaded unless the probe ladder says loaded or
 * built in, services through systemd, or found running elsewhere.
 */
import path from 'node:path';
import type { AssignmentSecrets, AssignmentSpec, NodePrep } from '@k3sgrid/proto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type ExecFn,
  K3sRunner,
  MODULES_LOAD_FILE,
  type PhaseEvent,
  prepareNode,
  renderModulesLoad,
} from '../src/k3s/index.js';
import type { FsReader } from '../src/probe/index.js';
import { tempDir } from '@k3sgrid/testkit';
import { promises as fs } from 'node:fs';

/** /proc/modules and /sys/module as a mutable map; modprobe adds to it. */
class Host {
  loaded = new Set<string>(['overlay']);
  builtin = new Set<string>(['nfs']);
  readonly calls: string[] = [];
  readonly reader: FsReader = {
    readText: (p) =>
      Promise.resolve(
        p === 'proc/modules'
          ? [...this.loaded].map((m) => `${m} 16384 0 - Live 0x0`).join('\n') + '\n'
          : p === 'proc/sys/kernel/osrelease'
            ? '6.1.0-test\n'
            : p === 'lib/modules/6.1.0-test/modules.builtin'
              ? [...this.builtin].map((m) => `kernel/x/${m}.ko`).join('\n')
              : null,
      ),
    readBytes: () => Promise.resolve(null),
    kind: () => Promise.resolve(null),
    list: () => Promise.resolve(null),
  };
  constructor(
    private readonly answers: (line: string) => { exitCode?: number; stdout?: string; stderr?: string } = () => ({}),
  ) {}
  readonly exec: ExecFn = (file, args) => {
    const line = [file, ...args].join(' ');
    this.calls.push(line);
    const a = this.answers(line);
    const exitCode = a.exitCode ?? 0;
    if (file === 'modprobe' && exitCode === 0) this.loaded.add(args[0]!.replace(/-/g, '_'));
    return Promise.resolve({
      exitCode,
      stdout: a.stdout ?? (line.includes('is-active') ? 'active\n' : ''),
      stderr: a.stderr ?? '',
    });
  };
}

const longhorn: NodePrep = { modules: ['iscsi_tcp', 'overlay'], services: ['iscsid'], reason: 'storage longhorn' };

describe('prepareNode', () => {
  // After a reboot k3s.service starts on its own, before the agent: the modules must load at boot.
  it('systemd: lists the modules for systemd-modules-load; other inits write nothing', async () => {
    const written: string[] = [];
    const persistModules = (content: string): Promise<void> => {
      written.push(content);
      return Promise.resolve();
    };
    const host = new Host();
    await prepareNode(longhorn, { exec: host.exec, reader: host.reader, initSystem: 'systemd', persistModules });
    expect(written).toEqual([renderModulesLoad(['iscsi_tcp', 'overlay'])]);
    expect(written[0]?.split('\n').filter((l) => l && !l.startsWith('#'))).toEqual(['iscsi_tcp', 'overlay']);
    expect(MODULES_LOAD_FILE).toBe('/etc/modules-load.d/k3sgrid.conf');

    const zinit = new Host((l) => (l.startsWith('zinit') ? { stdout: 'state: Running\n' } : {}));
    await prepareNode(longhorn, { exec: zinit.exec, reader: zinit.reader, initSystem: 'zinit', persistModules });
    expect(written).toHaveLength(1);

    const broken = (): Promise<void> => Promise.reject(new Error('EROFS: read-only file system'));
    const ro = new Host();
    await expect(
      prepareNode(longhorn, {
        exec: ro.exec,
        reader: ro.reader,
        initSystem: 'systemd',
        persistModules: broken,
      }),
    ).rejects.toThrow(
      /storage longhorn needs iscsi_tcp, overlay loaded at boot: writing \/etc\/modules-load.d\/k3sgrid.conf failed: Error: EROFS/,
    );
  });

  it('systemd: modprobes what is not loaded or built in, enables and starts the services', async () => {
    const host = new Host();
    const r = await prepareNode(
      { ...longhorn, modules: [...longhorn.modules, 'nfs'] },
      { exec: host.exec, reader: host.reader, initSystem: 'systemd' },
    );
    expect(host.calls).toEqual([
      'modprobe iscsi_tcp',
      'systemctl enable --now iscsid.service',
      'systemctl is-active iscsid.service',
    ]);
    expect(r).toEqual({ modulesLoaded: ['iscsi_tcp'], servicesStarted: ['iscsid'], servicesFoundRunning: [] });
  });

  it('names what the plan needed and why when modprobe fails', async () => {
    const host = new Host((l) =>
      l === 'modprobe iscsi_tcp'
        ? { exitCode: 1, stderr: 'modprobe: FATAL: Module iscsi_tcp not found in directory /lib/modules/6.1.0-test' }
        : {},
    );
    await expect(
      prepareNode(longhorn, { exec: host.exec, reader: host.reader, initSystem: 'systemd' }),
    ).rejects.toMatchObject({
      code: 'k3s-node-prep-failed',
      retryable: true,
      message:
        'storage longhorn needs kernel module iscsi_tcp: modprobe iscsi_tcp failed (exit 1): modprobe: FATAL: Module iscsi_tcp not found in directory /lib/modules/6.1.0-test',
    });
  });

  it('names the service when systemd cannot start it', async () => {
    const host = new Host((l) =>
      l.startsWith('systemctl enable')
        ? { exitCode: 5, stderr: 'Failed to enable unit: Unit file iscsid.service does not exist.' }
        : {},
    );
    await expect(
      prepareNode(longhorn, { exec: host.exec, reader: host.reader, initSystem: 'systemd' }),
    ).rejects.toThrow(
      'storage longhorn needs iscsid running: systemctl enable --now iscsid.service failed (exit 5): Failed to enable unit: Unit file iscsid.service does not exist.',
    );
    const inactive = new Host((l) => (l.includes('is-active') ? { exitCode: 3, stdout: 'failed\n' } : {}));
    await expect(
      prepareNode(longhorn, { exec: inactive.exec, reader: inactive.reader, initSystem: 'systemd' }),
    ).rejects.toThrow('storage longhorn needs iscsid running: it is failed after systemctl enable --now');
  });

  it('zinit or no init system: a running service is used, a missing one fails saying why', async () => {
    const running = new Host((l) => (l === 'pidof iscsid' ? { stdout: '812\n' } : { exitCode: 1 }));
    running.loaded.add('iscsi_tcp');
    expect(await prepareNode(longhorn, { exec: running.exec, reader: running.reader, initSystem: 'zinit' })).toEqual({
      modulesLoaded: [],
      servicesStarted: [],
      servicesFoundRunning: ['iscsid'],
    });
    expect(running.calls).toEqual(['zinit status iscsid', 'pidof iscsid']);

    const nfs = new Host((l) => (l === 'pidof rpc.statd' ? { stdout: '90\n' } : { exitCode: 1 }));
    expect(
      (
        await prepareNode(
          { modules: [], services: ['rpc-statd'], reason: 'storage nfs' },
          { exec: nfs.exec, reader: nfs.reader, initSystem: 'none' },
        )
      ).servicesFoundRunning,
    ).toEqual(['rpc-statd']);

    const missing = new Host(() => ({ exitCode: 1 }));
    missing.loaded.add('iscsi_tcp');
    await expect(
      prepareNode(longhorn, { exec: missing.exec, reader: missing.reader, initSystem: 'none' }),
    ).rejects.toThrow(
      /^storage longhorn needs iscsid running: the agent cannot start host services without an init system \(it only does so through systemd\), and iscsid is not running/,
    );
  });
});

describe('node preparation in the runner', () => {
  let root: string;
  const runners: K3sRunner[] = [];
  beforeEach(() => {
    root = tempDir('k3s-prep');
  });
  afterEach(async () => {
    for (const r of runners.splice(0)) await r.stop();
    await fs.rm(root, { recursive: true, force: true });
  });

  const spec = (nodePrep: NodePrep): AssignmentSpec => ({
    nodeId: 'n',
    clusterId: 'c',
    clusterName: 'c',
    epoch: 1,
    generation: 1,
    role: 'agent',
    nodeName: 'w1',
    serverUrl: 'https://10.0.0.1:6443',
    k3sVersion: '',
    tlsSans: [],
    nodeLabels: [],
    nodeTaints: [],
    flannelBackend: '',
    disable: [],
    secretsEncryption: false,
    nodeIp: '10.0.0.5',
    nodeExternalIp: '',
    flannelIface: '',
    manifests: [],
    lb: null,
    datastoreEndpoint: '',
    k3sRelease: null,
    advertiseAddress: '',
    nodePrep,
    disableNetworkPolicy: false,
  });
  const secrets: AssignmentSecrets = { token: 't', nodePassword: 'p', datastoreCredentials: '', agentToken: '' };

  it('prepares the node before k3s starts; a failure is reported, nothing is started, and it is retried', async () => {
    const bin = path.join(root, 'usr/local/bin/k3s');
    await fs.mkdir(path.dirname(bin), { recursive: true });
    await fs.writeFile(
      bin,
      `#!${process.execPath}\nprocess.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1000);\n`,
      { mode: 0o755 },
    );
    let iscsid = false;
    const host = new Host((l) =>
      l === 'pidof iscsid' ? (iscsid ? { stdout: '5\n' } : { exitCode: 1 }) : { exitCode: 1 },
    );
    host.loaded.add('iscsi_tcp');
    const events: PhaseEvent[] = [];
    const runner = new K3sRunner({
      root,
      onPhase: (e) => events.push(e),
      supervisorKind: 'builtin',
      initSystem: 'none',
      exec: host.exec,
      hostReader: host.reader,
      retry: { baseMs: 20, capMs: 40, random: () => 0 },
      healthCheck: async (ctx) => ({ ready: (await ctx.supervisor.status()).state === 'running', detail: 'up' }),
      healthIntervalMs: 20,
    });
    runners.push(runner);
    expect((await runner.apply(spec(longhorn), secrets)).action).toBe('retrying');
    expect(events.map((e) => e.phase)).toEqual(['configuring', 'configuring', 'failed']);
    expect(events[1]?.message).toBe(
      'preparing the node for storage longhorn: module iscsi_tcp, module overlay, service iscsid',
    );
    expect(events[2]?.message).toMatch(
      /^k3s-node-prep-failed: storage longhorn needs iscsid running: .* \(retrying in/,
    );
    expect((await runner.supervisor.status()).state).toBe('stopped');
    iscsid = true; // the operator starts it
    await runner.waitForPhase(['ready'], 5000);
  });
});
