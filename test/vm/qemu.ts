/**
 * A real Linux guest under QEMU for the VM tests: Debian's kernel and a
 * debootstrap root (see rootfs.ts), user-mode networking with `restrict=on`
 * and explicit forwards only, a NoCloud seed, and a test-only command channel
 * on a virtio-serial port (guest/channel.py) to run commands in the guest and
 * read their output and exit code. QEMU runs with `-no-reboot`, so a reboot
 * inside the guest ends the process and {@link Vm.reboot} starts it again on
 * the same disk. Every QEMU started here is killed by its pid in
 * {@link Vm.stop}, and by {@link killAllVms} / at process exit for any left.
 */
import { execa, type ResultPromise } from 'execa';
import { createHash } from 'node:crypto';
import {
  accessSync,
  constants,
  createWriteStream,
  mkdirSync,
  existsSync,
  readFileSync,
  writeFileSync,
  type WriteStream,
} from 'node:fs';
import { createConnection, createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** QEMU accelerator: hardware (KVM) or software emulation (TCG). */
export type Accel = 'kvm' | 'tcg';

/** Guest → host: the guest dials guestAddress:guestPort and reaches hostAddress:hostPort on the host. */
export interface GuestForward {
  guestAddress: string;
  guestPort: number;
  hostPort: number;
  /** Default 127.0.0.1. */
  hostAddress?: string;
}

/** Host → guest: hostAddress:hostPort on the host reaches the guest's guestPort. */
export interface HostForward {
  guestPort: number;
  /**
   * Default 127.0.0.1, the forward {@link Vm.hostPort} names. Another address
   * (one on the host's `lo`, e.g. the guest's own address so the host
   * reaches the guest as the guest's peers would) needs an explicit hostPort.
   */
  hostAddress?: string;
  /** Default (127.0.0.1 only): a free port, see {@link Vm.hostPort}. */
  hostPort?: number;
}

/** An extra virtio disk (later parts: data disks for Ceph, a k3s binary image...). */
export interface ExtraDisk {
  path: string;
  format?: 'raw' | 'qcow2';
  readOnly?: boolean;
  /** Shows as /dev/disk/by-id/virtio-<serial> in the guest. */
  serial?: string;
}

/** What to boot and how. */
export interface VmOptions {
  /** Short name, used in QEMU's -name and in log lines. */
  name: string;
  /** Working folder of this VM: disk overlay, sockets, console log. */
  dir: string;
  kernel: string;
  initrd: string;
  /** Base root image (raw ext4), never written: the guest writes to a qcow2 overlay in {@link dir}. */
  rootImage: string;
  /** NoCloud seed (a `cidata` ISO), see seed.ts. */
  seedIso?: string;
  guestForwards?: readonly GuestForward[];
  hostForwards?: readonly HostForward[];
  disks?: readonly ExtraDisk[];
  accel: Accel;
  /** Default 2048. */
  memoryMiB?: number;
  /** Default 2. */
  cpus?: number;
  /** Extra kernel command line words. */
  cmdline?: readonly string[];
  /** Progress lines (timings); default none. */
  log?: (line: string) => void;
}

/** Output and exit code of a command run in the guest. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

const FORWARDER = fileURLToPath(new URL('guestfwd.mjs', import.meta.url));
/** The virtio-serial port name the guest's channel service listens on. */
export const CHANNEL_PORT = 'org.k3sgrid.test';
const live = new Set<Vm>();
const QEMU_SPAWN = {
  stdin: 'pipe',
  stdout: 'pipe',
  stderr: 'pipe',
  reject: false,
  buffer: false,
  cleanup: true,
} as const;
type QemuProcess = ResultPromise<typeof QEMU_SPAWN>;

let setprivKnown: boolean | undefined;
async function hasSetpriv(): Promise<boolean> {
  setprivKnown ??= (await execa('setpriv', ['--help'], { reject: false })).stdout.includes('--pdeathsig');
  return setprivKnown;
}

/** Fails with a clear message when a host tool is missing. */
export async function requireTool(cmd: string, pkg: string): Promise<string> {
  const r = await execa('/bin/sh', ['-c', `command -v ${cmd}`], { reject: false });
  if (r.exitCode !== 0 || !r.stdout.trim())
    throw new Error(`${cmd} is missing on this machine: apt-get install ${pkg} (the VM test needs it)`);
  return r.stdout.trim();
}

/** A free TCP port on 127.0.0.1 (closed again before it is returned). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Which accelerator works here. `/dev/kvm` can exist and still hang under
 * nested virtualisation (no output at all, the vCPU never gets anywhere), so
 * it is tried for real: the kernel boots with no root under KVM and must
 * reach its panic (QEMU then exits: `-no-reboot`) within `timeoutMs`.
 * `K3SGRID_VM_ACCEL=kvm|tcg` skips the probe. The answer is kept per host
 * boot in `cacheFile` when given.
 */
export async function probeAccel(
  kernel: string,
  o: { timeoutMs?: number; cacheFile?: string } = {},
): Promise<{ accel: Accel; reason: string }> {
  const forced = process.env.K3SGRID_VM_ACCEL;
  if (forced === 'kvm' || forced === 'tcg') return { accel: forced, reason: 'K3SGRID_VM_ACCEL' };
  try {
    accessSync('/dev/kvm', constants.R_OK | constants.W_OK);
  } catch {
    return { accel: 'tcg', reason: '/dev/kvm is not usable' };
  }
  const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  const key = createHash('sha256').update(`${bootId}\n${kernel}`).digest('hex');
  if (o.cacheFile && existsSync(o.cacheFile)) {
    try {
      const c = JSON.parse(readFileSync(o.cacheFile, 'utf8')) as { key: string; accel: Accel; reason: string };
      if (c.key === key) return { accel: c.accel, reason: `${c.reason} (probed earlier this host boot)` };
    } catch {
      // probe again
    }
  }
  const timeoutMs = o.timeoutMs ?? 8000;
  const started = Date.now();
  const args = ['-accel', 'kvm', '-cpu', 'host', '-m', '256', '-nodefaults', '-no-user-config', '-display', 'none'];
  args.push('-no-reboot', '-kernel', kernel, '-append', 'console=ttyS0 panic=-1 root=/dev/k3sgrid-probe-none');
  args.push('-serial', 'stdio');
  const r = await execa('qemu-system-x86_64', args, {
    reject: false,
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
    stdin: 'ignore',
    all: true,
  });
  const ms = Date.now() - started;
  const ok = !r.timedOut && /Kernel panic/.test(r.all ?? '');
  const result: { accel: Accel; reason: string } = ok
    ? { accel: 'kvm', reason: `KVM probe boot reached the kernel's panic in ${ms} ms` }
    : {
        accel: 'tcg',
        reason: r.timedOut
          ? `KVM probe boot hung (${(r.all ?? '').length} bytes of output in ${timeoutMs} ms): nested virtualisation`
          : `KVM probe boot failed (exit ${r.exitCode}): ${(r.all ?? '').slice(-300)}`,
      };
  if (o.cacheFile) writeFileSync(o.cacheFile, JSON.stringify({ key, ...result }));
  return result;
}

interface Pending {
  resolve: (v: { code: number; out?: string; err?: string; bootId?: string }) => void;
  reject: (e: Error) => void;
}

/** The host side of the guest's command channel (JSON lines over QEMU's unix socket). */
class Channel {
  private buf = '';
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private closed = false;

  private constructor(private readonly sock: Socket) {
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => {
      this.buf += d;
      let i: number;
      while ((i = this.buf.indexOf('\n')) >= 0) {
        const line = this.buf.slice(0, i);
        this.buf = this.buf.slice(i + 1);
        let msg: { id?: number; code?: number; out?: string; err?: string; bootId?: string };
        try {
          msg = JSON.parse(line) as typeof msg;
        } catch {
          continue;
        }
        const p = msg.id === undefined ? undefined : this.pending.get(msg.id);
        if (!p || msg.id === undefined) continue;
        this.pending.delete(msg.id);
        p.resolve({ code: msg.code ?? -1, ...msg });
      }
    });
    const fail = (): void => {
      this.closed = true;
      for (const p of this.pending.values()) p.reject(new Error('guest channel closed'));
      this.pending.clear();
    };
    sock.on('close', fail);
    sock.on('error', fail);
  }

  static async connect(path: string, alive: () => boolean, timeoutMs: number): Promise<Channel> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!alive()) throw new Error('QEMU exited before its channel socket could be opened');
      if (existsSync(path)) {
        const sock = await new Promise<Socket | undefined>((resolve) => {
          const s = createConnection(path);
          s.once('connect', () => resolve(s));
          s.once('error', () => resolve(undefined));
        });
        if (sock) return new Channel(sock);
      }
      if (Date.now() > deadline) throw new Error(`no QEMU channel socket at ${path}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  get isClosed(): boolean {
    return this.closed;
  }

  request(
    cmd: string | null,
    timeoutMs: number,
  ): Promise<{ code: number; out?: string; err?: string; bootId?: string }> {
    if (this.closed) return Promise.reject(new Error('guest channel closed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`no answer from the guest within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => {
          clearTimeout(t);
          resolve(v);
        },
        reject: (e) => {
          clearTimeout(t);
          reject(e);
        },
      });
      this.sock.write(`${JSON.stringify({ id, cmd, timeout: Math.ceil(timeoutMs / 1000) })}\n`);
    });
  }

  close(): void {
    this.sock.destroy();
  }
}

/** One QEMU guest. Create with {@link startVm}. */
export class Vm {
  /** Console (ttyS0) output of every boot, with host timestamps. */
  readonly consoleLog: string;
  private proc: QemuProcess | undefined;
  private channel: Channel | undefined;
  private consoleText = '';
  private consoleFile: WriteStream | undefined;
  private stderrText = '';
  private exited: Promise<void> = Promise.resolve();
  private bootStarted = 0;
  private readonly ports = new Map<number, number>();
  private readonly overlay: string;
  private readonly socketPath: string;
  private bootCount = 0;

  /** The host port forwarded to each guest port (filled in by {@link boot}). */
  hostPort(guestPort: number): number {
    const p = this.ports.get(guestPort);
    if (p === undefined) throw new Error(`guest port ${guestPort} is not forwarded`);
    return p;
  }

  constructor(readonly o: VmOptions) {
    this.consoleLog = join(o.dir, 'console.log');
    this.overlay = join(o.dir, 'root.qcow2');
    this.socketPath = join(o.dir, 'channel.sock');
  }

  private log(line: string): void {
    this.o.log?.(`[vm ${this.o.name}] ${line}`);
  }

  /** QEMU's pid while it runs. */
  get pid(): number | undefined {
    return this.proc?.pid;
  }

  /** True while the QEMU process runs. */
  get running(): boolean {
    return this.proc !== undefined && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  /** Console output of all boots so far. */
  console(): string {
    return this.consoleText;
  }

  /** The last `lines` console lines (for failure messages). */
  consoleTail(lines = 40): string {
    return this.consoleText.split('\n').slice(-lines).join('\n');
  }

  private args(): string[] {
    const o = this.o;
    const net = ['user', 'id=net0', 'restrict=on'];
    for (const f of o.hostForwards ?? [])
      net.push(
        f.hostAddress === undefined || f.hostAddress === '127.0.0.1'
          ? `hostfwd=tcp:127.0.0.1:${this.hostPort(f.guestPort)}-:${f.guestPort}`
          : `hostfwd=tcp:${f.hostAddress}:${f.hostPort ?? NaN}-:${f.guestPort}`,
      );
    for (const f of o.guestForwards ?? [])
      net.push(
        `guestfwd=tcp:${f.guestAddress}:${f.guestPort}-cmd:${process.execPath} ${FORWARDER} ${f.hostAddress ?? '127.0.0.1'} ${f.hostPort}`,
      );
    const cmdline = ['root=/dev/vda', 'rw', 'console=ttyS0', 'panic=-1', 'ds=nocloud', ...(o.cmdline ?? [])];
    const a = ['-name', `k3sgrid-${o.name}`, '-accel', o.accel, '-cpu', o.accel === 'kvm' ? 'host' : 'max'];
    a.push('-smp', String(o.cpus ?? 2), '-m', String(o.memoryMiB ?? 2048));
    a.push('-nodefaults', '-no-user-config', '-display', 'none', '-no-reboot');
    a.push('-kernel', o.kernel, '-initrd', o.initrd, '-append', cmdline.join(' '));
    a.push('-chardev', 'stdio,id=con,signal=off', '-serial', 'chardev:con');
    a.push('-drive', `file=${this.overlay},format=qcow2,if=virtio,discard=unmap`);
    if (o.seedIso) a.push('-drive', `file=${o.seedIso},format=raw,if=virtio,readonly=on`);
    for (const d of o.disks ?? [])
      a.push(
        '-drive',
        `file=${d.path},format=${d.format ?? 'raw'},if=virtio${d.readOnly ? ',readonly=on' : ''}${d.serial ? `,serial=${d.serial}` : ''}`,
      );
    a.push('-netdev', net.join(','), '-device', 'virtio-net-pci,netdev=net0');
    a.push('-device', 'virtio-rng-pci');
    a.push('-device', 'virtio-serial-pci');
    a.push('-chardev', `socket,id=ch0,path=${this.socketPath},server=on,wait=off`);
    a.push('-device', `virtserialport,chardev=ch0,name=${CHANNEL_PORT}`);
    return a;
  }

  /** Starts QEMU (the first time: creates the disk overlay). Returns once the process runs. */
  async boot(): Promise<void> {
    if (this.running) throw new Error('already running');
    const o = this.o;
    mkdirSync(o.dir, { recursive: true });
    if (!existsSync(this.overlay)) {
      await execa('qemu-img', ['create', '-q', '-f', 'qcow2', '-F', 'raw', '-b', o.rootImage, this.overlay]);
    }
    for (const f of o.hostForwards ?? []) {
      if (f.hostAddress !== undefined && f.hostAddress !== '127.0.0.1') {
        if (f.hostPort === undefined) throw new Error(`hostfwd on ${f.hostAddress} needs a hostPort`);
        continue;
      }
      if (!this.ports.has(f.guestPort)) this.ports.set(f.guestPort, f.hostPort ?? (await freePort()));
    }
    this.consoleFile ??= createWriteStream(this.consoleLog, { flags: 'a' });
    this.bootCount += 1;
    const mark = `\n===== boot ${this.bootCount} (${o.accel}) =====\n`;
    this.consoleText += mark;
    this.consoleFile.write(mark);
    this.bootStarted = Date.now();
    // QEMU dies with this process even when it is killed without running
    // exit handlers (vitest stops workers that way on Ctrl-C): setpriv sets
    // the parent-death signal and execs QEMU, so the pid stays QEMU's.
    const proc = (await hasSetpriv())
      ? execa('setpriv', ['--pdeathsig', 'KILL', 'qemu-system-x86_64', ...this.args()], QEMU_SPAWN)
      : execa('qemu-system-x86_64', this.args(), QEMU_SPAWN);
    this.proc = proc;
    live.add(this);
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (d: string) => {
      this.consoleText += d;
      this.consoleFile?.write(d);
    });
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (d: string) => (this.stderrText += d));
    this.exited = proc.then(() => {
      live.delete(this);
      this.channel?.close();
    });
    this.log(`qemu pid ${proc.pid} started (${o.accel}, ${o.cpus ?? 2} cpu, ${o.memoryMiB ?? 2048} MiB)`);
    this.channel = await Channel.connect(this.socketPath, () => this.running, 10_000);
  }

  private died(what: string): Error {
    return new Error(
      `QEMU exited while ${what} (exit ${this.proc?.exitCode ?? this.proc?.signalCode ?? '?'})\n` +
        `stderr: ${this.stderrText.slice(-1000)}\nconsole tail:\n${this.consoleTail()}`,
    );
  }

  /** Ms since this boot's QEMU start. */
  sinceBoot(): number {
    return Date.now() - this.bootStarted;
  }

  /** Resolves when the console (this boot) matches `re`, with the ms since QEMU started. */
  async waitForConsole(re: RegExp, timeoutMs: number): Promise<number> {
    const from = this.consoleText.lastIndexOf('===== boot');
    const deadline = Date.now() + timeoutMs;
    while (!re.test(this.consoleText.slice(from))) {
      if (!this.running) throw this.died(`waiting for ${re} on the console`);
      if (Date.now() > deadline)
        throw new Error(`console did not show ${re} in ${timeoutMs} ms:\n${this.consoleTail()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return this.sinceBoot();
  }

  /** Waits until the guest's command channel answers; returns the guest's boot id. */
  async waitForChannel(timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    // Each ping waits longer than the one before, so a guest that answers
    // slowly (TCG on a loaded host) is still heard.
    for (let attempt = 1; ; attempt++) {
      if (!this.running || !this.channel) throw this.died('waiting for the guest channel');
      try {
        const r = await this.channel.request(null, Math.min(1000 * attempt, 10_000));
        if (r.bootId) return r.bootId;
      } catch (err) {
        if (!this.running) throw this.died('waiting for the guest channel');
        if (this.channel.isClosed) throw err;
      }
      if (Date.now() > deadline)
        throw new Error(`the guest channel did not answer in ${timeoutMs} ms; console tail:\n${this.consoleTail()}`);
    }
  }

  /** Runs `cmd` with /bin/sh -c as root in the guest. */
  async run(cmd: string, o: { timeoutMs?: number } = {}): Promise<RunResult> {
    if (!this.running || !this.channel) throw this.died(`about to run ${JSON.stringify(cmd)}`);
    const timeoutMs = o.timeoutMs ?? 60_000;
    // The guest enforces the timeout (exit 124); the host waits a little longer.
    const r = await Promise.race([
      this.channel.request(cmd, timeoutMs + 5000),
      this.exited.then(() => {
        throw this.died(`running ${JSON.stringify(cmd)}`);
      }),
    ]);
    const dec = (s: string | undefined): string => Buffer.from(s ?? '', 'base64').toString('utf8');
    return { code: r.code, stdout: dec(r.out), stderr: dec(r.err) };
  }

  /** Runs `cmd` and returns its stdout; throws with the output when it exits non-zero. */
  async check(cmd: string, o: { timeoutMs?: number } = {}): Promise<string> {
    const r = await this.run(cmd, o);
    if (r.code !== 0) throw new Error(`guest: ${cmd} exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
    return r.stdout;
  }

  /**
   * Writes `data` to `path` in the guest through the channel, in base64
   * pieces (for files up to a few MiB; bigger ones go on a disk, see
   * seed.ts makeIso, or through a guestfwd'd HTTP server).
   */
  async writeFile(path: string, data: string | Buffer, mode = 0o644): Promise<void> {
    if (!/^\/[\w./-]+$/.test(path)) throw new Error(`writeFile: ${JSON.stringify(path)} is not a plain absolute path`);
    const b64 = Buffer.from(data).toString('base64');
    await this.check(`mkdir -p "$(dirname ${path})" && : > ${path}.part && chmod ${mode.toString(8)} ${path}.part`);
    for (let i = 0; i < b64.length; i += 64 * 1024)
      await this.check(`printf %s '${b64.slice(i, i + 64 * 1024)}' | base64 -d >> ${path}.part`);
    await this.check(`mv ${path}.part ${path}`);
  }

  /**
   * Reboots the guest from inside (`systemctl reboot`): QEMU exits at the
   * reset (`-no-reboot`) and is started again on the same disk. Returns the
   * new boot id once the channel answers again.
   */
  async reboot(o: { shutdownTimeoutMs?: number; bootTimeoutMs?: number } = {}): Promise<string> {
    const before = await this.waitForChannel(10_000);
    this.channel?.request('systemctl reboot', 5000).catch(() => undefined);
    const timedOut = await Promise.race([
      this.exited.then(() => false),
      new Promise<boolean>((r) => setTimeout(() => r(true), o.shutdownTimeoutMs ?? 120_000)),
    ]);
    if (timedOut) {
      this.log('guest did not finish its shutdown in time: killing QEMU');
      await this.stop();
    }
    await this.boot();
    const after = await this.waitForChannel(o.bootTimeoutMs ?? 300_000);
    if (after === before) throw new Error('the guest reports the same boot id after a reboot');
    return after;
  }

  /** Stops QEMU by its pid: SIGTERM, then SIGKILL after `graceMs`. Safe to call twice. */
  async stop(graceMs = 5000): Promise<void> {
    const proc = this.proc;
    if (!proc || !this.running) {
      await this.exited;
      return;
    }
    this.channel?.close();
    proc.kill('SIGTERM');
    const t = setTimeout(() => proc.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(t);
    this.log(`qemu pid ${proc.pid} stopped`);
  }

  /** Stops QEMU and closes the console log. */
  async dispose(): Promise<void> {
    await this.stop();
    await new Promise<void>((r) => (this.consoleFile ? this.consoleFile.end(r) : r()));
    this.consoleFile = undefined;
  }

  /** Kills QEMU at once (process exit handler). */
  killNow(): void {
    const pid = this.proc?.pid;
    if (pid !== undefined && this.running) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

/** Creates the VM and boots it (returns once QEMU runs; wait with {@link Vm.waitForChannel}). */
export async function startVm(o: VmOptions): Promise<Vm> {
  const vm = new Vm(o);
  await vm.boot();
  return vm;
}

/** Stops every VM still running (test teardown). */
export async function killAllVms(): Promise<void> {
  await Promise.all([...live].map((vm) => vm.dispose()));
}

process.once('exit', () => {
  for (const vm of live) vm.killNow();
});
