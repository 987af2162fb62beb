/**
 * A real Linux node under QEMU (issue 15, first part). Debian 12's own
 * kernel and a debootstrap root with systemd as PID 1 boot with a NoCloud
 * seed holding the user-data that the real `k3sgrid cloud-init` prints.
 * cloud-init downloads the agent tarball (built as `npm run package:agent`
 * builds it) from a loopback HTTP server, installs it and starts its systemd
 * unit; the agent enrolls with a coordinator in this process and reports the
 * live kernel's capabilities. The guest reaches the host only through two
 * guestfwd addresses; the host reaches the guest's 6443 through hostfwd.
 *
 * Not part of `npm test`: `npm run test:vm` (needs qemu-system-x86,
 * qemu-utils, genisoimage, and debootstrap plus root the first time, when it
 * builds the root into .cache/vm/ or K3SGRID_VM_CACHE).
 */
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import type { CapabilityReport } from '@k3sgrid/proto';
import { AGENT_SYSTEMD_UNIT, type RunningCoordinator } from '@k3sgrid/coordinator';
import { waitFor } from '@k3sgrid/testkit';
import {
  GUEST_COORDINATOR,
  GUEST_FILES,
  api,
  buildAgentTarball,
  checkHostTools,
  guestForwards,
  k3sgridCli,
  serveFiles,
  startVmCoordinator,
  vmTempDir,
  type FileServer,
} from './fixture.js';
import { probeAccel, startVm, type Vm } from './qemu.js';
import { ensureRootfs, vmCacheDir, type RootfsImage } from './rootfs.js';
import { makeSeedIso } from './seed.js';

const HOSTNAME = 'vm-node1';
const TARBALL_PATH = '/k3sgrid-agent-linux-amd64.tar.gz';

interface NodeJson {
  id: string;
  name: string;
  hostname: string;
  connected: boolean;
  agentVersion: string;
  report?: CapabilityReport;
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
let files: FileServer | undefined;
let coordinator: RunningCoordinator | undefined;
let vm: Vm | undefined;

beforeAll(async () => {
  await checkHostTools();
  dir = vmTempDir();
  image = await ensureRootfs({ log });
  mark(
    image.built ? 'rootfs build (debootstrap + mkfs.ext4 -d)' : 'rootfs from the cache',
    image.built ? image.buildMs : 0,
  );
  const accel = await probeAccel(image.kernel, { cacheFile: join(vmCacheDir(), 'accel-probe.json') });
  log(`accelerator ${accel.accel}: ${accel.reason}`);

  const tarball = await buildAgentTarball(dir);
  mark('agent tarball (package:agent)', tarball.ms);
  files = await serveFiles({ [TARBALL_PATH]: tarball.path });
  coordinator = await startVmCoordinator(join(dir, 'coordinator'));
  // Two nodes before anything is formed: this part only enrolls and probes.
  await api(coordinator, 'POST', '/v1/clusters', {
    name: 'vm',
    servers: 1,
    registration: { mode: 'server' },
    formation: { minNodes: 2 },
  });
  const userData = await k3sgridCli(coordinator, [
    'cloud-init',
    'vm',
    '--role',
    'server',
    '--agent-url',
    `http://${GUEST_FILES.address}:${GUEST_FILES.port}${TARBALL_PATH}`,
    '--agent-sha256',
    tarball.sha256,
    '--coordinator',
    `wss://${GUEST_COORDINATOR.address}:${GUEST_COORDINATOR.port}`,
    '--hostname',
    HOSTNAME,
    // The guest has no package mirror; the image carries the packages.
    '--no-packages',
  ]);
  const seedIso = await makeSeedIso(dir, { userData, instanceId: `k3sgrid-vm-${Date.now()}`, hostname: HOSTNAME });

  vm = await startVm({
    name: HOSTNAME,
    dir: join(dir, 'vm'),
    kernel: image.kernel,
    initrd: image.initrd,
    rootImage: image.rootImage,
    seedIso,
    accel: accel.accel,
    guestForwards: guestForwards(coordinator, files),
    hostForwards: [{ guestPort: 6443 }],
    log,
  });
  mark('boot to init (systemd on the console)', await vm.waitForConsole(/systemd\[1\]: systemd \d+/, 120_000));
  await vm.waitForChannel(300_000);
  mark('boot to the command channel', vm.sinceBoot());
}, 20 * 60_000);

afterAll(async () => {
  await vm?.dispose();
  await coordinator?.close();
  await files?.close();
  console.log(`[vm test] timings: ${JSON.stringify(timings)}`);
  if (dir && !process.env.K3SGRID_VM_KEEP) rmSync(dir, { recursive: true, force: true });
  else if (dir) console.log(`[vm test] kept ${dir} (K3SGRID_VM_KEEP)`);
}, 60_000);

const guest = (): Vm => {
  if (!vm) throw new Error('the VM did not start');
  return vm;
};

/** On failure, prints what the guest and the coordinator knew (CI has nothing else to look at). */
function diagnoseOnFailure(): void {
  onTestFailed(async () => {
    const parts: string[] = [];
    if (vm?.running) {
      const r = await vm
        .run(
          'cloud-init status --long; systemctl --failed --no-pager; tail -n 40 /var/log/cloud-init-output.log; ' +
            'journalctl -b --no-pager -o short-monotonic -n 80',
          { timeoutMs: 60_000 },
        )
        .catch((err: unknown) => ({ stdout: `(guest channel: ${String(err)})`, stderr: '' }));
      parts.push(`--- guest ---\n${r.stdout}${r.stderr}`);
    }
    if (vm) parts.push(`--- console tail ---\n${vm.consoleTail(60)}`);
    if (coordinator) {
      const nodes = await api(coordinator, 'GET', '/v1/nodes').catch((err: unknown) => String(err));
      parts.push(`--- coordinator nodes ---\n${JSON.stringify(nodes)}`);
    }
    console.log(parts.join('\n'));
  });
}

/** The node record for the VM, once the coordinator has it. */
async function enrolledNode(): Promise<NodeJson> {
  if (!coordinator) throw new Error('no coordinator');
  const c = coordinator;
  const node = await waitFor(
    `node ${HOSTNAME} in GET /v1/nodes`,
    async () => (await api<{ items: NodeJson[] }>(c, 'GET', '/v1/nodes')).items.find((n) => n.hostname === HOSTNAME),
    120_000,
    500,
  );
  return api<NodeJson>(c, 'GET', `/v1/nodes/${node.id}`);
}

describe('a Debian 12 node under QEMU', { concurrent: false }, () => {
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

    const node = await enrolledNode();
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
    const node = await enrolledNode();
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
    expect(report.addresses).toContain('10.0.2.15');
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
});
