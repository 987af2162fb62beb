/**
 * Real Linux nodes under QEMU (issue 15). Debian 12's own kernel and a
 * debootstrap root with systemd as PID 1 boot with a NoCloud seed holding
 * the user-data that the real `k3sgrid cloud-init` prints. cloud-init
 * downloads the agent tarball (built as `npm run package:agent` builds it)
 * from a loopback HTTP server, installs it and starts its systemd unit; the
 * agent enrolls with a coordinator in this process, reports the live
 * kernel's capabilities, and runs k3s (the k3s test double, imported into
 * the coordinator as a k3s release) through systemd.
 *
 * Two guests, booted at the same time from the same root (each its own
 * overlay):
 * - `vm-node1`, the first server of cluster `vm` (storage longhorn): its
 *   coordinator reaches its API at the guest's own address, a hostfwd bound
 *   on the host's `lo`; kubectl on the host reaches it through a loopback
 *   hostfwd, TLS verified against the guest's address.
 *   Afterwards it is reinstalled (new token, state wiped) as `vm-nfs1`, the
 *   first server of cluster `vm-nfs` (storage nfs), with modprobe nfs made
 *   to fail first.
 * - `vm-worker1`, a worker of cluster `vm-w`, whose first server runs on the
 *   host (a lab agent) at 10.0.2.102, an address on the host's `lo` that the
 *   guest reaches through a guestfwd; a stale node-password secret planted
 *   on that server makes the worker's registration fail.
 * The guests reach the host only through guestfwd addresses.
 *
 * Not part of `npm test`: `npm run test:vm`, as root (needs qemu-system-x86,
 * qemu-utils, genisoimage, kubectl, etcd-server, etcd-client, and
 * debootstrap the first time, when it builds the root into .cache/vm/ or
 * K3SGRID_VM_CACHE).
 */
import { afterAll, beforeAll, describe, expect, it, onTestFailed, vi } from 'vitest';
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { execa } from 'execa';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { CloseCode, type CapabilityReport } from '@k3sgrid/proto';
import { AGENT_SYSTEMD_UNIT, DEFAULT_K3S_VERSION, type NodeRow, type RunningCoordinator } from '@k3sgrid/coordinator';
import { waitFor } from '@k3sgrid/testkit';
import { doubleRelease, importK3sRelease, type LabNode } from '../../scripts/lib/lab-core.js';
import {
  GUEST_COORDINATOR,
  GUEST_FILES,
  api,
  apiText,
  buildAgentTarball,
  checkHostTools,
  guestForwards,
  k3sgridCli,
  serveFiles,
  startVmCoordinator,
  vmTempDir,
  type FileServer,
} from './fixture.js';
import { claimHostAddress, type HostAddress } from './host-address.js';
import { probeAccel, startVm, type Accel, type Vm } from './qemu.js';
import { ensureRootfs, vmCacheDir, type RootfsImage } from './rootfs.js';
import { makeSeedIso } from './seed.js';
import { labLogTail, plantStaleNodePassword, removeNodePassword, startHostServer, stopLabAgent } from './worker.js';

const HOSTNAME = 'vm-node1';
const WORKER = 'vm-worker1';
const HOST_SERVER = 'host-server1';
/** The server VM's name after its reinstall into cluster vm-nfs. */
const NFS_NODE = 'vm-nfs1';
const TARBALL_PATH = '/k3sgrid-agent-linux-amd64.tar.gz';
const VERSION = DEFAULT_K3S_VERSION;
/** The address QEMU's user networking gives every guest. */
const GUEST_IP = '10.0.2.15';
/** The worker cluster's first server, on the host's lo; the worker guest reaches it through a guestfwd. */
const HOST_SERVER_IP = '10.0.2.102';
/** A server VM must have the 2 GiB the election asks of servers (MemTotal, after the kernel's share). */
const SERVER_MEMORY_MIB = 2560;

interface NodeJson {
  id: string;
  name: string;
  hostname: string;
  role: string;
  phase: string;
  connected: boolean;
  lastError: string;
  agentVersion: string;
  report?: CapabilityReport;
}

interface ClusterJson {
  id: string;
  name: string;
  phase: string;
  statusMessage: string;
  storage: string | null;
  kubeconfigAvailable: boolean;
  ready?: { servers: { ready: number; desired: number }; workers: { ready: number; desired: number } };
  plan?: { storage?: { choice?: string | null } };
}

interface EventJson {
  id: number;
  type: string;
  message: string;
  data: { logTail?: string[] };
}

const started = Date.now();
const timings: Record<string, string> = {};
const mark = (what: string, ms: number): void => {
  timings[what] = `${(ms / 1000).toFixed(1)} s`;
  console.log(`[vm test ${((Date.now() - started) / 1000).toFixed(1)}s] ${what}: ${timings[what]}`);
};
const log = (line: string): void => console.log(`[vm test ${((Date.now() - started) / 1000).toFixed(1)}s] ${line}`);

let dir = '';
let image: RootfsImage;
let accel: Accel;
let files: FileServer | undefined;
let coordinator: RunningCoordinator | undefined;
let coordinatorPort = 0;
let clusterId = '';
let vm: Vm | undefined;
const addresses: HostAddress[] = [];
/** The worker side (issue 15, part 5), set up while the server VM boots. */
let worker: Worker | undefined;
let workerSetup: Promise<Worker> | undefined;
let tarball: { path: string; sha256: string; ms: number };

interface Worker {
  coordinator: RunningCoordinator;
  clusterId: string;
  server: LabNode;
  vm: Vm;
  /** Ms since the worker's QEMU started, at its setup's end. */
  startedAt: number;
}

/** What both guests' user-data have in common. */
function cloudInitArgs(cluster: string, role: 'server' | 'agent', hostname: string): string[] {
  return [
    'cloud-init',
    cluster,
    '--role',
    role,
    '--agent-url',
    `http://${GUEST_FILES.address}:${GUEST_FILES.port}${TARBALL_PATH}`,
    '--agent-sha256',
    tarball.sha256,
    '--coordinator',
    `wss://${GUEST_COORDINATOR.address}:${GUEST_COORDINATOR.port}`,
    '--hostname',
    hostname,
    // The guest has no package mirror; the image carries the packages.
    '--no-packages',
  ];
}

/**
 * The worker side: its own coordinator (the server VM's is stopped for its
 * reboot meanwhile), cluster `vm-w` with registration `dns` at the host
 * server's address, the first server on the host, a stale node-password
 * secret for the worker's name on it, and only then the worker guest, so its
 * first registration already meets the stale secret.
 */
async function setUpWorker(): Promise<Worker> {
  const wdir = join(dir, 'worker');
  const c = await startVmCoordinator(join(wdir, 'coordinator'), { logFile: join(wdir, 'coordinator.log') });
  let server: LabNode | undefined;
  try {
    await importK3sRelease(c, VERSION);
    const cluster = await api<ClusterJson>(c, 'POST', '/v1/clusters', {
      name: 'vm-w',
      servers: 1,
      registration: { mode: 'dns', address: HOST_SERVER_IP },
      // Not auto: the worker's capability change below must change its labels, not the storage choice.
      storage: 'local-path',
      formation: { minNodes: 1 },
    });
    const { token } = await c.service.createToken(
      cluster.id,
      { ttlSeconds: 3600, maxUses: 1, roles: ['server'], description: 'vm test: host server' },
      'vm-test',
    );
    server = startHostServer({
      labDir: join(wdir, 'lab'),
      ip: HOST_SERVER_IP,
      coordinator: c,
      token,
      hostname: HOST_SERVER,
    });
    const t0 = Date.now();
    const s = server;
    await waitFor(
      'the host server of cluster vm-w ready',
      async () => {
        if (s.child.exitCode !== null) throw new Error(`the host server's agent exited:\n${labLogTail(s)}`);
        const cl = await api<ClusterJson>(c, 'GET', `/v1/clusters/${cluster.id}`);
        return cl.phase === 'ready' && cl.kubeconfigAvailable ? cl : undefined;
      },
      240_000,
      500,
    ).catch((err: unknown) => {
      throw new Error(`${String(err)}\n--- host server log ---\n${labLogTail(s)}`);
    });
    mark('worker cluster: host server ready (enroll, fetch k3s, etcd)', Date.now() - t0);
    await plantStaleNodePassword(HOST_SERVER_IP, WORKER);

    const userData = await k3sgridCli(c, cloudInitArgs('vm-w', 'agent', WORKER));
    const seedIso = await makeSeedIso(wdir, { userData, instanceId: `k3sgrid-vm-w-${Date.now()}`, hostname: WORKER });
    if (!files) throw new Error('no file server');
    const w = await startVm({
      name: WORKER,
      dir: join(wdir, 'vm'),
      kernel: image.kernel,
      initrd: image.initrd,
      rootImage: image.rootImage,
      seedIso,
      accel,
      // A worker needs no 2 CPUs; one keeps the other host core for the server VM.
      cpus: 1,
      memoryMiB: 1536,
      guestForwards: [
        ...guestForwards(c, files),
        { guestAddress: HOST_SERVER_IP, guestPort: 6443, hostAddress: HOST_SERVER_IP, hostPort: 6443 },
      ],
      log,
    });
    return { coordinator: c, clusterId: cluster.id, server, vm: w, startedAt: Date.now() };
  } catch (err) {
    if (server) await stopLabAgent(server);
    await c.close();
    throw err;
  }
}

beforeAll(async () => {
  await checkHostTools();
  dir = vmTempDir();
  image = await ensureRootfs({ log });
  mark(
    image.built ? 'rootfs build (debootstrap + mkfs.ext4 -d)' : 'rootfs from the cache',
    image.built ? image.buildMs : 0,
  );
  const probe = await probeAccel(image.kernel, { cacheFile: join(vmCacheDir(), 'accel-probe.json') });
  accel = probe.accel;
  log(`accelerator ${probe.accel}: ${probe.reason}`);
  // The coordinator reaches the server VM at its own address (a hostfwd there), from 127.0.0.1.
  addresses.push(await claimHostAddress(GUEST_IP, { loopbackSource: true }));
  addresses.push(await claimHostAddress(HOST_SERVER_IP));

  tarball = await buildAgentTarball(dir);
  mark('agent tarball (package:agent)', tarball.ms);
  files = await serveFiles({ [TARBALL_PATH]: tarball.path });
  coordinator = await startVmCoordinator(join(dir, 'coordinator'), { logFile: join(dir, 'coordinator.log') });
  coordinatorPort = coordinator.port;
  // One node makes the cluster; formation is held until the coordinator
  // holds the k3s release, which the formation test imports.
  const cluster = await api<ClusterJson>(coordinator, 'POST', '/v1/clusters', {
    name: 'vm',
    servers: 1,
    registration: { mode: 'server' },
    storage: 'longhorn',
    formation: { minNodes: 1 },
  });
  clusterId = cluster.id;
  const userData = await k3sgridCli(coordinator, cloudInitArgs('vm', 'server', HOSTNAME));
  const seedIso = await makeSeedIso(dir, { userData, instanceId: `k3sgrid-vm-${Date.now()}`, hostname: HOSTNAME });

  vm = await startVm({
    name: HOSTNAME,
    dir: join(dir, 'vm'),
    kernel: image.kernel,
    initrd: image.initrd,
    rootImage: image.rootImage,
    seedIso,
    accel,
    memoryMiB: SERVER_MEMORY_MIB,
    guestForwards: guestForwards(coordinator, files),
    hostForwards: [
      // kubectl's way in (and the hostfwd test's).
      { guestPort: 6443 },
      // The coordinator's: the guest's own address, as on a network where it reaches its nodes.
      { guestPort: 6443, hostAddress: GUEST_IP, hostPort: 6443 },
    ],
    log,
  });
  // The worker side comes up meanwhile; its test waits for it.
  workerSetup = setUpWorker().then((w) => (worker = w));
  workerSetup.catch((err: unknown) => log(`worker setup failed (its test reports it): ${String(err)}`));
  mark('boot to init (systemd on the console)', await vm.waitForConsole(/systemd\[1\]: systemd \d+/, 120_000));
  await vm.waitForChannel(300_000);
  mark('boot to the command channel', vm.sinceBoot());
}, 20 * 60_000);

afterAll(async () => {
  // A setup still under way would start things after this teardown.
  await workerSetup?.catch(() => undefined);
  await Promise.all([vm?.dispose(), worker?.vm.dispose()]);
  if (worker) await stopLabAgent(worker.server);
  await worker?.coordinator.close();
  await coordinator?.close();
  await files?.close();
  for (const a of addresses) await a.release();
  console.log(`[vm test] timings: ${JSON.stringify(timings)}`);
  if (dir && !process.env.K3SGRID_VM_KEEP) rmSync(dir, { recursive: true, force: true });
  else if (dir) console.log(`[vm test] kept ${dir} (K3SGRID_VM_KEEP)`);
}, 120_000);

const guest = (): Vm => {
  if (!vm) throw new Error('the VM did not start');
  return vm;
};
const coord = (): RunningCoordinator => {
  if (!coordinator) throw new Error('no coordinator');
  return coordinator;
};

/** What a guest, its coordinator and the host server knew, for a failure message. */
async function describeGuest(
  v: Vm | undefined,
  c: RunningCoordinator | undefined,
  unit: string,
  title: string,
): Promise<string> {
  const parts: string[] = [];
  if (v?.running) {
    const r = await v
      .run(
        'cloud-init status --long; systemctl --failed --no-pager; ' +
          `systemctl status --no-pager ${unit} k3sgrid-agent | head -n 30; tail -n 20 /var/log/cloud-init-output.log; ` +
          `echo '--- agent ---'; journalctl -b -u k3sgrid-agent --no-pager -o cat | tail -n 40; ` +
          `echo '--- ${unit} ---'; journalctl -b -u ${unit} --no-pager -o cat | tail -n 40; ` +
          "echo '--- journal ---'; journalctl -b --no-pager -o short-monotonic -n 40",
        { timeoutMs: 60_000 },
      )
      .catch((err: unknown) => ({ stdout: `(guest channel: ${String(err)})`, stderr: '' }));
    parts.push(`--- ${title}: guest ---\n${r.stdout}${r.stderr}`);
  }
  if (v) parts.push(`--- ${title}: console tail ---\n${v.consoleTail(40)}`);
  if (c) {
    const nodes = await api(c, 'GET', '/v1/nodes').catch((err: unknown) => String(err));
    const clusters = await api(c, 'GET', '/v1/clusters').catch((err: unknown) => String(err));
    parts.push(`--- ${title}: coordinator ---\nnodes ${JSON.stringify(nodes)}\nclusters ${JSON.stringify(clusters)}`);
  }
  return parts.join('\n');
}

/** On failure, prints what the guests and the coordinators knew (CI has nothing else to look at). */
function diagnoseOnFailure(): void {
  onTestFailed(async () => {
    const parts = [await describeGuest(vm, coordinator, 'k3s', HOSTNAME)];
    if (worker) {
      parts.push(await describeGuest(worker.vm, worker.coordinator, 'k3s-agent', WORKER));
      parts.push(`--- host server ---\n${labLogTail(worker.server)}`);
    }
    console.log(parts.join('\n'));
  });
}

/** The node record of `hostname`, once the coordinator has it. */
async function enrolledNode(c: RunningCoordinator, hostname = HOSTNAME): Promise<NodeJson> {
  const node = await waitFor(
    `node ${hostname} in GET /v1/nodes`,
    async () => (await api<{ items: NodeJson[] }>(c, 'GET', '/v1/nodes')).items.find((n) => n.hostname === hostname),
    120_000,
    500,
  );
  return api<NodeJson>(c, 'GET', `/v1/nodes/${node.id}`);
}

/** Properties of a systemd unit in the guest. */
async function unitProps(v: Vm, unit: string, props: readonly string[]): Promise<Record<string, string>> {
  const out = await v.check(`systemctl show ${unit} ${props.map((p) => `-p ${p}`).join(' ')}`);
  const m: Record<string, string> = {};
  for (const line of out.split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) m[line.slice(0, i)] = line.slice(i + 1).trim();
  }
  return m;
}

/** The agent's log lines (pino JSON) of this boot, parsed. */
async function agentLog(v: Vm, thisBootOnly = true): Promise<Array<Record<string, unknown> & { msg?: string }>> {
  const text = await v.check(`journalctl ${thisBootOnly ? '-b' : ''} -u k3sgrid-agent --no-pager -o cat`);
  return text.split('\n').flatMap((l) => {
    if (!l.startsWith('{')) return [];
    try {
      return [JSON.parse(l) as Record<string, unknown> & { msg?: string }];
    } catch {
      return [];
    }
  });
}

/** The stored node row (assignment generations as committed and acknowledged). */
async function nodeRow(c: RunningCoordinator, id: string): Promise<NodeRow> {
  const row = await c.state.store.getNode(id);
  if (!row) throw new Error(`node ${id} is not in the store`);
  return row;
}

/**
 * The coordinator's kubeconfig of a cluster, written for the host's kubectl.
 * `via`: the host port of a hostfwd to the guest's 6443; the server URL is
 * rewritten to it and TLS still verifies the guest's address.
 */
async function kubeconfigFile(
  c: RunningCoordinator,
  id: string,
  name: string,
  via?: { port: number; serverName: string },
): Promise<{ file: string; server: string; args: string[] }> {
  const text = await apiText(c, `/v1/clusters/${id}/kubeconfig`);
  const doc = parseYaml(text) as { clusters: Array<{ cluster: { server: string } }> };
  const first = doc.clusters[0];
  if (!first) throw new Error(`the kubeconfig of ${name} has no cluster`);
  const server = first.cluster.server;
  if (via) for (const cl of doc.clusters) cl.cluster.server = `https://127.0.0.1:${via.port}`;
  const file = join(dir, `kubeconfig-${name}.yaml`);
  writeFileSync(file, stringifyYaml(doc), { mode: 0o600 });
  return { file, server, args: ['--kubeconfig', file, ...(via ? ['--tls-server-name', via.serverName] : [])] };
}

/** The host's kubectl; resolves its output (and rejects with its stderr). */
async function kubectl(args: readonly string[]): Promise<string> {
  const r = await execa('kubectl', ['--request-timeout=10s', ...args], { reject: false, timeout: 30_000 });
  if (r.exitCode !== 0) throw new Error(`kubectl ${args.join(' ')}: exit ${r.exitCode}: ${r.stderr}`);
  return r.stdout;
}

/** True when kubectl (with `args` for the cluster) shows Node `name` Ready. */
async function kubeNodeReady(args: readonly string[], name: string): Promise<boolean> {
  const node = JSON.parse(await kubectl([...args, 'get', 'node', name, '-o', 'json'])) as {
    status?: { conditions?: Array<{ type: string; status: string }> };
  };
  return (node.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

async function waitNodeAndCluster(
  c: RunningCoordinator,
  nodeId: string,
  cid: string,
  what: string,
  timeoutMs: number,
): Promise<{ node: NodeJson; cluster: ClusterJson }> {
  return waitFor(
    what,
    async () => {
      const node = await api<NodeJson>(c, 'GET', `/v1/nodes/${nodeId}`);
      const cluster = await api<ClusterJson>(c, 'GET', `/v1/clusters/${cid}`);
      // Ready with the kubeconfig held: the coordinator then judges readiness by the cluster's own API (its Nodes).
      return node.connected && node.phase === 'ready' && cluster.phase === 'ready' && cluster.kubeconfigAvailable
        ? { node, cluster }
        : undefined;
    },
    timeoutMs,
    1000,
  );
}

let kube: { file: string; server: string; args: string[] } | undefined;

describe('Debian 12 nodes under QEMU', { concurrent: false }, () => {
  it('runs the generated user-data through cloud-init without errors, starts the agent unit, and enrolls', async () => {
    diagnoseOnFailure();
    const v = guest();
    // `status --wait` returns at the first error, so also wait for the end of the final stage.
    const wait = await v.run(
      'cloud-init status --wait >/dev/null; until [ -e /var/lib/cloud/instance/boot-finished ]; do sleep 0.5; done',
      { timeoutMs: 480_000 },
    );
    expect(wait.code, wait.stderr).toBe(0);
    mark('boot to cloud-init done', v.sinceBoot());

    const status = await v.run('cloud-init status --long');
    const diagnostics = async (): Promise<string> =>
      (await v.run('tail -n 60 /var/log/cloud-init-output.log; journalctl -u k3sgrid-agent --no-pager | tail -n 30'))
        .stdout;
    expect(status.stdout, await diagnostics()).toMatch(/^status: done$/m);
    expect(status.code).toBe(0);
    const result = JSON.parse(await v.check('cat /run/cloud-init/result.json')) as { v1: { errors: unknown[] } };
    expect(result.v1.errors).toEqual([]);
    // cloud-init 22.4 reports schema problems (unknown keys, wrong types) only as warnings.
    const warnings = (await v.run("grep -E '\\[(WARNING|ERROR|CRITICAL)\\]' /var/log/cloud-init.log")).stdout;
    expect(warnings.split('\n').filter(Boolean)).toEqual([]);
    expect(await v.check('cloud-init schema --system')).toContain('Valid cloud-config');

    // What the user-data did: the tarball came from the file server, checked and unpacked.
    expect(files?.requests).toContainEqual({ path: TARBALL_PATH, status: 200 });
    expect((await v.check('/usr/local/bin/k3sgrid-agent --version')).trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(await v.check('cat /etc/systemd/system/k3sgrid-agent.service')).toBe(AGENT_SYSTEMD_UNIT);
    expect((await v.check('stat -c %a:%U /etc/k3sgrid/agent.env')).trim()).toBe('600:root');
    expect((await v.run('systemctl is-active k3sgrid-agent.service')).stdout.trim()).toBe('active');
    expect((await v.run('systemctl is-enabled k3sgrid-agent.service')).stdout.trim()).toBe('enabled');

    const node = await enrolledNode(coord());
    mark('boot to enrolled (node in GET /v1/nodes)', v.sinceBoot());
    expect(node).toMatchObject({ name: HOSTNAME, hostname: HOSTNAME, connected: true });
    expect(node.agentVersion).toMatch(/^\d+\.\d+\.\d+/);
    const journal = await v.check('journalctl -u k3sgrid-agent --no-pager -o cat');
    expect(journal).toContain('enrolled with coordinator');
    expect(journal).toContain(`"nodeId":"${node.id}"`);
  });

  it('reports the live kernel, systemd, cgroup v2 and the storage tools to the coordinator', async () => {
    diagnoseOnFailure();
    const v = guest();
    const node = await enrolledNode(coord());
    const report = node.report;
    if (!report) throw new Error('the node has no capability report');

    const release = (await v.check('uname -r')).trim();
    expect(release).toBe(image.kernelRelease);
    expect(report.kernelRelease).toBe(release);
    expect(report.kernelConfigSource).toBe(
      (await v.run('test -e /proc/config.gz')).code === 0 ? 'proc/config.gz' : `boot/config-${release}`,
    );

    // The guest's own files say what each module is; the report must agree.
    const names = (text: string): Set<string> =>
      new Set(
        text
          .split('\n')
          .map((l) => (l.split(/[\s:]/)[0] ?? '').split('/').pop() ?? '')
          .filter(Boolean)
          .map((n) => n.replace(/\.ko(\.(xz|zst|gz))?$/, '').replace(/-/g, '_')),
      );
    const loaded = names(await v.check('cat /proc/modules'));
    const builtin = names(await v.check(`cat /lib/modules/${release}/modules.builtin`));
    const loadable = names(await v.check(`cat /lib/modules/${release}/modules.dep`));
    const truth = (name: string): string => {
      const n = name.replace(/-/g, '_');
      if (loaded.has(n)) return 'loaded';
      if (builtin.has(n)) return 'builtin';
      if (loadable.has(n)) return 'loadable';
      return 'neither loaded, built in nor a module file';
    };
    for (const m of report.modules) {
      const t = truth(m.name);
      if (t.startsWith('neither')) expect(['config-module', 'config-builtin', 'absent'], m.name).toContain(m.state);
      else expect(m.state, `${m.name} (${m.sourceFile})`).toBe(t);
    }
    for (const name of ['rbd', 'iscsi_tcp']) {
      const m = report.modules.find((x) => x.name === name);
      expect(m?.state, name).toMatch(/^(loaded|loadable)$/);
      expect(m?.sourceFile, name).toBe(m?.state === 'loaded' ? 'proc/modules' : `lib/modules/${release}/modules.dep`);
    }
    // modprobe agrees that the loadable ones load (the kernel package's own module files).
    expect(await v.run('modprobe rbd && grep -q "^rbd " /proc/modules')).toMatchObject({ code: 0 });

    expect((await v.check('cat /proc/1/comm')).trim()).toBe('systemd');
    expect(report.initSystem).toBe('systemd');
    expect((await v.check('stat -fc %T /sys/fs/cgroup')).trim()).toBe('cgroup2fs');
    expect(report.cgroupVersion).toBe(2);

    for (const tool of ['iscsiadm', 'mount.nfs']) {
      const path = (await v.check(`readlink -f "$(command -v ${tool})"`)).trim();
      const fact = report.tools.find((t) => t.name === tool);
      expect(fact?.present, tool).toBe(true);
      expect(fact && (await v.check(`readlink -f ${fact.path}`)).trim(), tool).toBe(path);
    }

    expect(report.hostname).toBe(HOSTNAME);
    expect(report.cpuCount).toBe(Number((await v.check('nproc')).trim()));
    expect(report.addresses).toContain(GUEST_IP);
  });

  it('reaches only the forwarded addresses, and the host reaches its 6443 through hostfwd', async () => {
    diagnoseOnFailure();
    const v = guest();
    const fetch = (url: string): Promise<{ code: number }> =>
      v.run(`curl -fsS -m 5 -o /dev/null ${url}`, { timeoutMs: 30_000 });
    // Forwarded: the file server and the coordinator.
    expect(await fetch(`http://${GUEST_FILES.address}:${GUEST_FILES.port}${TARBALL_PATH}`)).toMatchObject({ code: 0 });
    expect(
      await v.run(`curl -sk -m 5 -o /dev/null https://${GUEST_COORDINATOR.address}:${GUEST_COORDINATOR.port}/healthz`),
    ).toMatchObject({ code: 0 });
    // Not forwarded: user networking maps the host's loopback to 10.0.2.2; restrict=on closes it.
    expect((await fetch(`http://10.0.2.2:${files?.port}${TARBALL_PATH}`)).code).not.toBe(0);
    // No DNS and no route out.
    expect((await v.run('getent hosts deb.debian.org', { timeoutMs: 30_000 })).code).not.toBe(0);
    expect((await fetch('http://1.1.1.1/')).code).not.toBe(0);

    // hostfwd: a listener on the guest's 6443 answers on the host (kubectl's way in, later).
    const hello = `k3sgrid hostfwd ${randomUUID()}\n`;
    await v.writeFile('/run/k3sgrid-test-www/hello.txt', hello);
    await v.check(
      'systemd-run --unit k3sgrid-test-6443 python3 -m http.server 6443 --bind 0.0.0.0 --directory /run/k3sgrid-test-www',
    );
    const port = v.hostPort(6443);
    const body = await waitFor(
      `GET http://127.0.0.1:${port}/hello.txt through hostfwd`,
      () =>
        new Promise<string | undefined>((resolve) => {
          const req = request({ host: '127.0.0.1', port, path: '/hello.txt', timeout: 3000 }, (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (d: string) => (text += d));
            res.on('end', () => resolve(res.statusCode === 200 ? text : undefined));
          });
          req.on('error', () => resolve(undefined));
          req.on('timeout', () => req.destroy());
          req.end();
        }),
      60_000,
      500,
    );
    expect(body).toBe(hello);
    await v.check('systemctl stop k3sgrid-test-6443');
  });

  it('is elected first server, fetches k3s from the coordinator and runs it as k3s.service until the cluster is ready; kubectl gets nodes', async () => {
    diagnoseOnFailure();
    const v = guest();
    const c = coord();
    const node = await enrolledNode(c);
    // Formation is held while the coordinator has no k3s for the node's arch.
    const held = await api<ClusterJson>(c, 'GET', `/v1/clusters/${clusterId}`);
    expect(held.phase).toBe('pending');
    expect(held.statusMessage).toContain(`holds no k3s ${VERSION} for amd64`);
    expect((await v.run('test -e /usr/local/bin/k3s')).code).not.toBe(0);

    const served = vi.spyOn(c.releases, 'blobForNode');
    const t0 = Date.now();
    await importK3sRelease(c, VERSION);
    const sha256 = createHash('sha256')
      .update(readFileSync(await doubleRelease(VERSION)))
      .digest('hex');
    const releases = await api<{ items: Array<{ version: string; arch: string; sha256: string }> }>(
      c,
      'GET',
      '/v1/releases',
    );
    expect(releases.items).toContainEqual(expect.objectContaining({ version: VERSION, arch: 'amd64', sha256 }));

    const { node: ready, cluster } = await waitNodeAndCluster(c, node.id, clusterId, 'node and cluster ready', 360_000);
    mark('release imported → node and cluster ready', Date.now() - t0);
    mark('server VM boot to ready', v.sinceBoot());
    expect(ready.role).toBe('server-init');
    expect(cluster.ready?.servers).toEqual({ ready: 1, desired: 1 });

    // The binary came from the coordinator, over the node's signed, pinned channel.
    expect(served.mock.calls.some(([sha, n]) => sha === sha256 && n.id === node.id)).toBe(true);
    served.mockRestore();
    expect((await v.check('sha256sum /usr/local/bin/k3s')).split(/\s+/)[0]).toBe(sha256);
    expect((await v.check('/usr/local/bin/k3s --version')).split('\n')[0]).toMatch(
      new RegExp(`^k3s version ${VERSION.replace(/[+.]/g, '\\$&')} `),
    );
    const installed = (await agentLog(v)).find((l) => l.msg === `installed k3s ${VERSION}`);
    expect(installed, 'agent log: installed k3s').toMatchObject({ dest: '/usr/local/bin/k3s', sha256 });

    // Its config, run by the real k3s.service: Type=notify, active only after READY=1.
    const config = parseYaml(await v.check('cat /etc/rancher/k3s/config.yaml')) as Record<string, unknown>;
    expect(config).toMatchObject({ 'cluster-init': true, 'node-name': HOSTNAME, 'node-ip': [GUEST_IP] });
    expect(await unitProps(v, 'k3s', ['Type', 'NotifyAccess', 'ActiveState', 'SubState', 'UnitFileState'])).toEqual({
      Type: 'notify',
      NotifyAccess: 'all',
      ActiveState: 'active',
      SubState: 'running',
      UnitFileState: 'enabled',
    });
    expect(await v.check('journalctl -b -u k3s --no-pager -o cat')).toContain('k3s is up and running');

    // The real kubectl, with the kubeconfig the coordinator serves: its
    // server is the guest's address; through the loopback hostfwd, TLS
    // still verifies that address.
    kube = await kubeconfigFile(c, clusterId, 'vm', { port: v.hostPort(6443), serverName: GUEST_IP });
    expect(kube.server).toBe(`https://${GUEST_IP}:6443`);
    const table = await kubectl([...kube.args, 'get', 'nodes']);
    expect(table).toMatch(new RegExp(`^${HOSTNAME}\\s+Ready\\s+control-plane,etcd,master\\s`, 'm'));
    expect(await kubeNodeReady(kube.args, HOSTNAME)).toBe(true);
    // TLS is verified: a name the guest's certificate does not carry is refused.
    await expect(
      kubectl(['--kubeconfig', kube.file, '--tls-server-name', '10.0.2.99', 'get', 'nodes']),
    ).rejects.toThrow(/x509|certificate/);
  });

  it('prepares the node for Longhorn before k3s starts: iscsi_tcp loaded, iscsid active', async () => {
    diagnoseOnFailure();
    const v = guest();
    const c = coord();
    const cluster = await api<ClusterJson>(c, 'GET', `/v1/clusters/${clusterId}`);
    expect(cluster.storage).toBe('longhorn');
    expect(cluster.plan?.storage?.choice).toBe('longhorn');
    const node = await enrolledNode(c);
    // Before the agent prepared it, nothing had loaded the module.
    expect(node.report?.modules.find((m) => m.name === 'iscsi_tcp')?.state).toBe('loadable');

    expect(await v.run('grep -q "^iscsi_tcp " /proc/modules')).toMatchObject({ code: 0 });
    expect((await v.run('systemctl is-active iscsid.service')).stdout.trim()).toBe('active');
    expect((await v.run('systemctl is-enabled iscsid.service')).stdout.trim()).toBe('enabled');
    // iscsid was active before k3s's start began (k3s has been started once on this boot).
    const iscsid = await unitProps(v, 'iscsid', ['ActiveEnterTimestampMonotonic']);
    const k3s = await unitProps(v, 'k3s', ['InactiveExitTimestampMonotonic', 'NRestarts']);
    expect(k3s['NRestarts']).toBe('0');
    expect(Number(iscsid['ActiveEnterTimestampMonotonic'])).toBeGreaterThan(0);
    expect(Number(iscsid['ActiveEnterTimestampMonotonic'])).toBeLessThan(Number(k3s['InactiveExitTimestampMonotonic']));
    // The agent did it, and before it started k3s.
    const lines = await agentLog(v);
    const prepared = lines.findIndex((l) => l.msg === 'node prepared');
    const starting = lines.findIndex((l) => l.msg === 'k3s phase' && l['phase'] === 'starting');
    expect(lines[prepared]).toMatchObject({
      reason: 'storage longhorn',
      modulesLoaded: ['iscsi_tcp'],
      servicesStarted: ['iscsid'],
    });
    expect(starting).toBeGreaterThan(prepared);
  });

  it('comes back after systemctl kill k3s, and after a reboot without the coordinator from its cached assignment', async () => {
    diagnoseOnFailure();
    const v = guest();
    const c = coord();
    const node = await enrolledNode(c);
    const args = kube?.args;
    if (!args) throw new Error('no kubeconfig (the formation test failed)');

    // systemd restarts a killed k3s (Restart=always); the node is ready again.
    const before = await unitProps(v, 'k3s', ['MainPID', 'NRestarts']);
    const t0 = Date.now();
    await v.check('systemctl kill k3s.service');
    await waitFor(
      'k3s restarted by systemd and active',
      async () => {
        const p = await unitProps(v, 'k3s', ['MainPID', 'NRestarts', 'ActiveState']);
        return p['ActiveState'] === 'active' &&
          Number(p['NRestarts']) === Number(before['NRestarts']) + 1 &&
          p['MainPID'] !== before['MainPID']
          ? p
          : undefined;
      },
      180_000,
      1000,
    );
    await waitNodeAndCluster(c, node.id, clusterId, 'node ready again after systemctl kill', 180_000);
    await waitFor('kubectl: node Ready after the kill', () => kubeNodeReady(args, HOSTNAME), 60_000, 1000);
    mark('systemctl kill k3s → ready again', Date.now() - t0);

    // Reboot with the coordinator stopped: k3s comes back from the cached assignment.
    const assigned = await nodeRow(c, node.id);
    expect(assigned.assignment.ackedGeneration).toBe(assigned.assignment.generation);
    // Test only: the agent retries a lost coordinator within 5 s (30 s by default), so the restarted one is found soon.
    await v.writeFile(
      '/etc/systemd/system/k3sgrid-agent.service.d/50-k3sgrid-vm-test.conf',
      '[Service]\nEnvironment=K3SGRID_RECONNECT_MAX_MS=5000\n',
    );
    await c.close();
    coordinator = undefined;
    const t1 = Date.now();
    await v.reboot();
    mark('reboot to the command channel', Date.now() - t1);
    await waitFor(
      'k3s active after the reboot',
      async () => (await v.run('systemctl is-active k3s.service')).stdout.trim() === 'active',
      240_000,
      1000,
    );
    await waitFor('kubectl: node Ready after the reboot', () => kubeNodeReady(args, HOSTNAME), 120_000, 1000);
    mark('reboot (coordinator stopped) → kubectl Ready', Date.now() - t1);
    // The agent itself reports ready on this boot (its check may trail kubectl's view).
    const lines = await waitFor(
      'the agent reports ready after resuming from its cache',
      async () => {
        const all = await agentLog(v);
        const resumed = all.findIndex((l) => l.msg === 'resuming from the cached assignment');
        return resumed >= 0 && all.some((l, i) => i > resumed && l.msg === 'k3s phase' && l['phase'] === 'ready')
          ? all
          : undefined;
      },
      180_000,
      2000,
    );
    expect(lines.find((l) => l.msg === 'resuming from the cached assignment')).toMatchObject({
      role: 'server-init',
      generation: assigned.assignment.generation,
    });
    expect(lines.some((l) => l.msg === 'reconnecting after back-off')).toBe(true);
    expect(lines.filter((l) => l.msg === 'authenticated to coordinator')).toEqual([]);

    // The coordinator comes back on the same port: the agent reconnects, the
    // identical assignment changes nothing, k3s is not restarted.
    const running = await unitProps(v, 'k3s', ['MainPID', 'NRestarts']);
    coordinator = await startVmCoordinator(join(dir, 'coordinator'), {
      port: coordinatorPort,
      logFile: join(dir, 'coordinator.log'),
    });
    await waitNodeAndCluster(coordinator, node.id, clusterId, 'node reconnected and ready', 120_000);
    const after = await nodeRow(coordinator, node.id);
    expect(after.assignment.generation).toBe(assigned.assignment.generation);
    expect(after.assignment.ackedGeneration).toBe(assigned.assignment.generation);
    expect(await unitProps(v, 'k3s', ['MainPID', 'NRestarts'])).toEqual(running);
  });

  it('prepares the node for NFS (nfs loaded, rpc-statd active before k3s starts), and reports a clear failed phase while modprobe nfs cannot work', async () => {
    diagnoseOnFailure();
    const v = guest();
    // Back on its port if the reboot test stopped it and failed before restarting it.
    coordinator ??= await startVmCoordinator(join(dir, 'coordinator'), {
      port: coordinatorPort,
      logFile: join(dir, 'coordinator.log'),
    });
    const c = coord();
    // The same machine, reinstalled into a cluster whose plan chooses NFS
    // (the operator's way: a new token, the agent's and k3s's state wiped).
    const cluster = await api<ClusterJson>(c, 'POST', '/v1/clusters', {
      name: 'vm-nfs',
      servers: 1,
      registration: { mode: 'server' },
      storage: 'nfs',
      nfs: { server: GUEST_COORDINATOR.address, path: '/srv/k3sgrid-vm-test' },
      formation: { minNodes: 1 },
    });
    const { token } = await c.service.createToken(
      cluster.id,
      { ttlSeconds: 3600, maxUses: 1, roles: ['server'], description: 'vm test: nfs reinstall' },
      'vm-test',
    );
    await v.check(
      'systemctl stop k3sgrid-agent.service k3s.service && ' +
        'rm -rf /var/lib/k3sgrid-agent /var/lib/rancher/k3s /etc/rancher/k3s /etc/rancher/node && ' +
        `sed -i -e '/^K3SGRID_TOKEN=/d' -e '/^K3SGRID_HOSTNAME=/d' /etc/k3sgrid/agent.env && ` +
        `printf 'K3SGRID_TOKEN=%s\\nK3SGRID_HOSTNAME=%s\\n' '${token}' '${NFS_NODE}' >> /etc/k3sgrid/agent.env`,
    );
    // Nothing on the node has the module or the service yet.
    expect((await v.run('grep -q "^nfs " /proc/modules')).code).not.toBe(0);
    expect((await v.run('systemctl is-active rpc-statd.service')).stdout.trim()).not.toBe('active');
    // Test only: modprobe nfs fails (an install rule, as a kernel without the module file would).
    await v.writeFile('/etc/modprobe.d/k3sgrid-vm-test.conf', 'install nfs /bin/false\n');
    await v.check('systemctl start k3sgrid-agent.service');

    const node = await enrolledNode(c, NFS_NODE);
    expect(node).toMatchObject({ name: NFS_NODE, role: 'server-init' });
    const failed = await waitFor(
      'the node reports failed (modprobe nfs)',
      async () => {
        const n = await api<NodeJson>(c, 'GET', `/v1/nodes/${node.id}`);
        return n.phase === 'failed' && n.lastError !== '' ? n : undefined;
      },
      240_000,
      1000,
    );
    expect(failed.lastError).toMatch(
      /^k3s-node-prep-failed: storage nfs needs kernel module nfs: modprobe nfs failed \(exit 1\).*\(retrying in /,
    );
    // k3s is never started on a node that is not prepared.
    expect((await v.run('systemctl is-active k3s.service')).stdout.trim()).not.toBe('active');
    const k3sBefore = await unitProps(v, 'k3s', ['InactiveExitTimestampMonotonic']);

    // The module works again: the agent's next retry prepares the node and starts k3s.
    await v.check('rm /etc/modprobe.d/k3sgrid-vm-test.conf');
    await waitFor(
      'k3s active after the node was prepared for nfs',
      async () => (await v.run('systemctl is-active k3s.service')).stdout.trim() === 'active',
      300_000,
      1000,
    );
    expect(await v.run('grep -q "^nfs " /proc/modules')).toMatchObject({ code: 0 });
    expect((await v.run('systemctl is-active rpc-statd.service')).stdout.trim()).toBe('active');
    const statd = await unitProps(v, 'rpc-statd', ['ActiveEnterTimestampMonotonic']);
    const k3s = await unitProps(v, 'k3s', ['InactiveExitTimestampMonotonic']);
    expect(Number(k3s['InactiveExitTimestampMonotonic'])).toBeGreaterThan(
      Number(k3sBefore['InactiveExitTimestampMonotonic']),
    );
    expect(Number(statd['ActiveEnterTimestampMonotonic'])).toBeGreaterThan(0);
    expect(Number(statd['ActiveEnterTimestampMonotonic'])).toBeLessThan(Number(k3s['InactiveExitTimestampMonotonic']));
    const lines = await agentLog(v);
    const prepared = lines.findIndex((l) => l.msg === 'node prepared' && l['reason'] === 'storage nfs');
    expect(lines[prepared]).toMatchObject({ modulesLoaded: ['nfs'], servicesStarted: ['rpc-statd'] });
    expect(
      lines.findIndex((l, i) => i > prepared && l.msg === 'k3s phase' && l['phase'] === 'starting'),
    ).toBeGreaterThan(prepared);
  });

  it('a worker whose registration is refused reports failed with k3s’s log, applies a newer assignment meanwhile, and becomes ready once the server accepts it', async () => {
    diagnoseOnFailure();
    const w = await (workerSetup ?? Promise.reject(new Error('the worker was not set up')));
    const v = w.vm;
    const c = w.coordinator;
    await v.waitForChannel(300_000);
    const node = await enrolledNode(c, WORKER);
    expect(node).toMatchObject({ name: WORKER, role: 'agent' });

    // The stale secret: k3s's agent keeps retrying, the agent reports k3s's words.
    const failed = await waitFor(
      'the worker reports failed (node password rejected)',
      async () => {
        const n = await api<NodeJson>(c, 'GET', `/v1/nodes/${node.id}`);
        return n.phase === 'failed' && n.lastError.includes('node password rejected') ? n : undefined;
      },
      480_000,
      1000,
    );
    mark('worker VM boot to failed (registration refused)', v.sinceBoot());
    expect(failed.lastError).toMatch(/^k3s agent: node password rejected by the server/);
    const failures = async (after = 0): Promise<EventJson[]> =>
      (
        await api<{ items: EventJson[] }>(
          c,
          'GET',
          `/v1/events?node=${node.id}&type=node.phase.failed&after=${after}&limit=1000`,
        )
      ).items;
    const tail = (await failures()).flatMap((e) => e.data.logTail ?? []);
    expect(tail.some((l) => l.includes('Node password rejected'))).toBe(true);
    // Never READY: systemd still has the start job of the Type=notify unit.
    const activating = { Type: 'notify', ActiveState: 'activating', SubState: 'start' };
    expect(await unitProps(v, 'k3s-agent', ['Type', 'ActiveState', 'SubState'])).toEqual(activating);
    const configBefore = await v.check('cat /etc/rancher/k3s/config.yaml');
    const longhornLabel = 'k3sgrid.io/storage.longhorn=true';
    expect((parseYaml(configBefore) as { 'node-label': string[] })['node-label']).toContain(longhornLabel);
    const first = await nodeRow(c, node.id);
    expect(first.assignment.ackedGeneration).toBe(first.assignment.generation);

    // A capability change (iscsiadm gone) while k3s-agent is still
    // activating: the agent reports it on its next session, the plan drops
    // the node's longhorn label, a new generation goes out.
    const lastEvent = Math.max(0, ...(await failures()).map((e) => e.id));
    await v.check('p=$(command -v iscsiadm) && mv "$p" "$p.k3sgrid-vm-test"');
    expect(c.gateway.closeNode(node.id, CloseCode.goingAway, 'vm test: reconnect and report again')).toBe(true);
    const second = await waitFor(
      'a new assignment generation, acknowledged',
      async () => {
        const r = await nodeRow(c, node.id);
        return r.assignment.generation > first.assignment.generation &&
          r.assignment.ackedGeneration === r.assignment.generation
          ? r
          : undefined;
      },
      180_000,
      1000,
    );
    // Debian's /usr/bin/iscsiadm is a link to the moved file: dead now, and so not the tool.
    const reported = await api<NodeJson>(c, 'GET', `/v1/nodes/${node.id}`);
    expect(reported.report?.tools.find((t) => t.name === 'iscsiadm')).toMatchObject({ present: false });
    const configAfter = parseYaml(await v.check('cat /etc/rancher/k3s/config.yaml')) as { 'node-label'?: string[] };
    expect(configAfter['node-label'] ?? []).not.toContain(longhornLabel);
    const agentLines = await agentLog(v);
    expect(
      agentLines.some((l) => l.msg === 'k3s phase' && l['message'] === 'restarting k3s with the new assignment'),
    ).toBe(true);
    // ... and it is watched again: failed once more, k3s-agent still not READY.
    await waitFor('failed again after the new assignment', async () => (await failures(lastEvent)).length > 0, 180_000);
    expect(await unitProps(v, 'k3s-agent', ['Type', 'ActiveState', 'SubState'])).toEqual(activating);

    // The operator removes the stale secret: k3s's next retry registers,
    // and the agent, still watching, reports the worker ready.
    const t0 = Date.now();
    await removeNodePassword(HOST_SERVER_IP, WORKER);
    const { cluster } = await waitNodeAndCluster(c, node.id, w.clusterId, 'the worker ready', 240_000);
    mark('stale secret removed → worker ready', Date.now() - t0);
    expect(cluster.ready?.workers).toEqual({ ready: 1, desired: 1 });
    expect(await unitProps(v, 'k3s-agent', ['ActiveState', 'SubState'])).toEqual({
      ActiveState: 'active',
      SubState: 'running',
    });
    const wkube = await kubeconfigFile(c, w.clusterId, 'vm-w');
    expect(wkube.server).toBe(`https://${HOST_SERVER_IP}:6443`);
    expect(await kubeNodeReady(wkube.args, WORKER)).toBe(true);
    const labels = (
      JSON.parse(await kubectl([...wkube.args, 'get', 'node', WORKER, '-o', 'json'])) as {
        metadata: { labels: Record<string, string> };
      }
    ).metadata.labels;
    expect(labels).not.toHaveProperty('k3sgrid.io/storage.longhorn');
    expect(labels).toHaveProperty(['k3sgrid.io/storage.local-path'], 'true');
    log(`worker assignment generations: ${first.assignment.generation} → ${second.assignment.generation}`);
  });
});
