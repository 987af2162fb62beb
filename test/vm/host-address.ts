/**
 * Addresses of the guests' network put on the host's `lo` for one test run,
 * so the host reaches a guest the way the guest's peers would (a hostfwd
 * bound to the guest's own address) or runs something a guest reaches
 * through a guestfwd (a k3s server on the host at the address the guest
 * dials). `ip addr add` refuses an address that is already there, so adding
 * it is the claim: two runs on one machine never share one. Each claim is
 * recorded with the claiming pid in /run/k3sgrid-vm/; an address whose
 * claimer is gone (a run killed before its teardown) is taken over, one
 * held by a live run is waited for.
 */
import { execa } from 'execa';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const CLAIMS = '/run/k3sgrid-vm';

/** A claimed address; {@link release} removes it from `lo`. */
export interface HostAddress {
  ip: string;
  release(): Promise<void>;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function ipAddr(op: 'add' | 'del', ip: string): Promise<{ ok: boolean; stderr: string }> {
  const r = await execa('ip', ['addr', op, `${ip}/32`, 'dev', 'lo'], { reject: false });
  return { ok: r.exitCode === 0, stderr: r.stderr.trim() };
}

/**
 * Adds `ip`/32 to `lo` for this process (needs root). Waits up to
 * `timeoutMs` while another live run holds it.
 *
 * `loopbackSource`: the host's connections to `ip` leave from 127.0.0.1
 * (the route's preferred source), for an address that a hostfwd listens on
 * and that is the guest's own. Linux would pick `ip` itself as the source;
 * QEMU's user networking hands a non-loopback client address to the guest
 * unchanged (libslirp maps only loopback clients to its host address,
 * 10.0.2.2), and the guest drops a packet whose source is its own address
 * (a martian): the connection is accepted on the host and never answered.
 */
export async function claimHostAddress(
  ip: string,
  o: { timeoutMs?: number; loopbackSource?: boolean } = {},
): Promise<HostAddress> {
  if (process.getuid?.() !== 0)
    throw new Error(`the VM test puts ${ip} on the host's lo (ip addr add), which needs root`);
  mkdirSync(CLAIMS, { recursive: true });
  const owner = join(CLAIMS, `lo-${ip}.pid`);
  const deadline = Date.now() + (o.timeoutMs ?? 10 * 60_000);
  // The owner file is made first (exclusively): a run killed at any point
  // leaves a file naming a dead pid, never an address nobody claims.
  for (;;) {
    try {
      writeFileSync(owner, String(process.pid), { flag: 'wx' });
      break;
    } catch {
      const pid = Number(existsSync(owner) ? readFileSync(owner, 'utf8') : NaN);
      if (!Number.isInteger(pid) || !pidAlive(pid)) {
        // Left by a run that was killed (or half-written by one starting now: it retries too).
        await ipAddr('del', ip);
        rmSync(owner, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`${ip} on the host's lo is held by the VM test run with pid ${pid}`);
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  const add = await ipAddr('add', ip);
  if (!add.ok) {
    rmSync(owner, { force: true });
    throw new Error(
      /File exists/i.test(add.stderr)
        ? `${ip} is already on the host's lo, not put there by a VM test run; remove it with: ip addr del ${ip}/32 dev lo`
        : `ip addr add ${ip}/32 dev lo failed: ${add.stderr}`,
    );
  }
  if (o.loopbackSource) {
    const r = await execa(
      'ip',
      [
        'route',
        'replace',
        'local',
        ip,
        'dev',
        'lo',
        'table',
        'local',
        'proto',
        'kernel',
        'scope',
        'host',
        'src',
        '127.0.0.1',
      ],
      { reject: false },
    );
    if (r.exitCode !== 0) {
      await ipAddr('del', ip);
      rmSync(owner, { force: true });
      throw new Error(`ip route replace local ${ip} ... src 127.0.0.1 failed: ${r.stderr.trim()}`);
    }
  }
  let released = false;
  return {
    ip,
    async release() {
      if (released) return;
      released = true;
      await ipAddr('del', ip);
      rmSync(owner, { force: true });
    },
  };
}
