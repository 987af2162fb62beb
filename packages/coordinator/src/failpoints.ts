/**
 * Failpoints at the coordinator's commit boundaries, for fault tests (the
 * etcd way): `K3SGRID_FAILPOINTS="after-enroll-commit=crash@3,before-assignment-send=delay:500"`.
 * `crash` kills the process with SIGKILL (no cleanup, like a power cut) on the
 * Nth hit (default the first); `delay:MS` sleeps. Unset, every failpoint is a
 * no-op costing one map lookup.
 */

/** Every place a failpoint can fire. */
export const FAILPOINTS = [
  /** Token use, node record with its presence and the enroll.ok event committed (one transaction), before the Welcome. */
  'after-enroll-commit',
  /** A node password was generated and stored, before any assignment carries it. */
  'after-password-stored',
  /** An election's roles were committed, before assignments are built. */
  'after-election',
  /** An assignment was committed to the store, before it is sent. */
  'before-assignment-send',
  /** An assignment was handed to the socket. */
  'after-assignment-send',
] as const;
export type FailpointName = (typeof FAILPOINTS)[number];

type Action = { kind: 'crash'; at: number } | { kind: 'delay'; ms: number };

/** Parses the failpoint specification; unknown names are an error (a typo must not silently disable a test). */
export function parseFailpoints(spec: string | undefined): Map<FailpointName, Action> {
  const out = new Map<FailpointName, Action>();
  for (const part of (spec ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^([a-z-]+)=(crash(?:@(\d+))?|delay:(\d+))$/.exec(part);
    if (!m || !(FAILPOINTS as readonly string[]).includes(m[1] ?? ''))
      throw new Error(`invalid failpoint ${JSON.stringify(part)}; known: ${FAILPOINTS.join(', ')}`);
    out.set(
      m[1] as FailpointName,
      m[4] !== undefined ? { kind: 'delay', ms: Number(m[4]) } : { kind: 'crash', at: Number(m[3] ?? 1) },
    );
  }
  return out;
}

const active = parseFailpoints(process.env.K3SGRID_FAILPOINTS);
const hits = new Map<FailpointName, number>();

/** Fires the failpoint `name` if it is armed. */
export async function failpoint(name: FailpointName): Promise<void> {
  const a = active.get(name);
  if (!a) return;
  const n = (hits.get(name) ?? 0) + 1;
  hits.set(name, n);
  if (a.kind === 'delay') {
    await new Promise((r) => setTimeout(r, a.ms));
    return;
  }
  if (n === a.at) {
    process.stderr.write(`failpoint ${name}: crashing (hit ${n})\n`);
    process.kill(process.pid, 'SIGKILL');
    await new Promise(() => undefined); // never continue past a crash
  }
}
