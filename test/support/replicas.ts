/**
 * A set of real `k3sgrid coordinator serve` replica processes on one real
 * PostgreSQL database, sharing the first replica's identity, each on its own
 * port; a replica can be killed and started again on the same port and state
 * directory (a new incarnation, as after a reboot).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportIdentity, openState } from '@k3sgrid/coordinator';
import { startPostgres, type TestPostgres } from './postgres.js';
import { startCoordinatorProcess, type CoordinatorProc } from './processes.js';
import { tempDir, waitFor } from '@k3sgrid/testkit';

/** What `GET /v1/replicas` returns. */
export interface ReplicasJson {
  items: Array<{ id: string; url: string; leader: boolean; self: boolean }>;
  lease: { holder: string; epoch: number; live: boolean } | null;
}

export interface ReplicaSet {
  pg: TestPostgres;
  /** Replica processes by index; replaced on restart. */
  replicas: CoordinatorProc[];
  /** Agent URLs of all replicas, in index order (stable across restarts). */
  agentUrls: string[];
  /** Starts replica `i` again on its port and state directory (after it was killed or stopped). */
  restart(i: number): Promise<CoordinatorProc>;
  /** The index of the replica holding a live lease, as replica `via` reports it; null when none. */
  leader(via?: number): Promise<{ index: number; epoch: number; holder: string } | null>;
  stop(): Promise<void>;
}

/** Starts `n` replicas (lease TTL `leaseTtlSeconds`) on a fresh database of a private PostgreSQL. */
export async function startReplicaSet(n: number, o: { leaseTtlSeconds?: number } = {}): Promise<ReplicaSet> {
  const pg = await startPostgres();
  const url = new URL(await pg.createDatabase());
  url.password = '';
  const datastore = url.toString();
  const pwFile = join(tempDir('pgpw'), 'password');
  writeFileSync(pwFile, `${pg.password}\n`, { mode: 0o600 });
  const args = ['--lease-ttl', String(o.leaseTtlSeconds ?? 3)];
  const dirs = Array.from({ length: n }, (_, i) => join(tempDir(`replica${i}`), 'state'));
  const dir = (i: number): string => dirs[i] ?? '';

  const bind = { advertise: ['127.0.0.1'], datastore, datastorePasswordFile: pwFile };
  await (await openState(dir(0), bind)).store.close();
  const replicas: CoordinatorProc[] = [await startCoordinatorProcess({ stateDir: dir(0), args })];
  const identity = await exportIdentity(dir(0));
  for (let i = 1; i < n; i++) {
    await (await openState(dir(i), { ...bind, identity })).store.close();
    replicas.push(await startCoordinatorProcess({ stateDir: dir(i), args }));
  }
  const ports = replicas.map((r) => Number(new URL(r.url).port));
  const set: ReplicaSet = {
    pg,
    replicas,
    agentUrls: replicas.map((r) => r.agentUrl),
    async restart(i) {
      const p = await startCoordinatorProcess({ stateDir: dir(i), port: ports[i] ?? 0, args });
      replicas[i] = p;
      return p;
    },
    async leader(via) {
      const alive = replicas
        .map((r, i) => ({ r, i }))
        .filter(({ r }) => r.child.exitCode === null && r.child.signalCode === null);
      const asked = alive.find(({ i }) => i === via) ?? alive[0];
      if (!asked) return null;
      const r = await asked.r.api<ReplicasJson>('GET', '/v1/replicas');
      const lease = r.lease;
      if (!lease?.live) return null;
      const holder = r.items.find((x) => x.id === lease.holder);
      const index = holder ? replicas.findIndex((p) => p.agentUrl === holder.url) : -1;
      return index >= 0 ? { index, epoch: lease.epoch, holder: lease.holder } : null;
    },
    async stop() {
      await Promise.all(replicas.map((r) => r.kill()));
      await pg.stop();
    },
  };
  await waitFor('a leader among the replicas', () => set.leader(), 30_000, 200);
  return set;
}
