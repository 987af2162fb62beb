/**
 * Coordinator replicas on one PostgreSQL database (issue: replicas):
 *
 * 1. Three replica processes, 30 real agents (k3s test double, real etcd on
 *    the servers) spread across them, each agent given all three addresses.
 *    The lease holder is SIGKILLed while the cluster forms: another replica
 *    leads within 10 s and the cluster forms with the fault-suite invariants
 *    (one cluster-init, one password per node never rejected, token uses ≤
 *    max). Then every replica is restarted in turn under that agent load: no
 *    agent is refused for good, no role changes.
 * 2. The leader is cut from the database by a black-holing proxy: it stops
 *    acting as leader before its lease ends in the database, another replica
 *    takes over with a new epoch, and the old leader's fenced writes are
 *    refused after the link heals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { importK3sReleaseOverApi, spawnLabAgent, stopLabAgent, type LabNode } from '../../scripts/lib/lab-core.js';
import {
  CoordinatorError,
  DEFAULT_K3S_VERSION,
  exportIdentity,
  openState,
  type RunningCoordinator,
  startCoordinator,
} from '@k3sgrid/coordinator';
import { startReplicaSet, type ReplicaSet } from '../support/replicas.js';
import { startPostgres, type TestPostgres } from '../support/postgres.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { killAll } from '../support/processes.js';
import { tempDir, waitFor, silentLogger } from '@k3sgrid/testkit';
import type { ClusterJson, EventJson, NodeJson, TokenCreatedJson, TokenJson } from '@k3sgrid/testkit/views';

const AGENTS = 30;

describe('three replicas, 30 agents: the leader dies during formation, then a rolling restart', () => {
  let set: ReplicaSet;
  const nodes: LabNode[] = [];
  const dir = tempDir('replicas-lab');

  beforeAll(async () => {
    set = await startReplicaSet(3, { leaseTtlSeconds: 4 });
  }, 180_000);
  afterAll(async () => {
    await Promise.all(nodes.map((n) => stopLabAgent(n, 'SIGKILL')));
    await set.stop();
    await killAll();
  });

  /** Any replica that is up answers the API. */
  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    let last: unknown;
    for (const r of set.replicas) {
      if (r.child.exitCode !== null || r.child.signalCode !== null) continue;
      try {
        return await r.api<T>(method, path, body);
      } catch (err) {
        last = err;
      }
    }
    throw last instanceof Error ? last : new Error('no replica answered');
  };

  it('another replica leads within 10 s of the leader being SIGKILLed, and the cluster forms with the invariants', async () => {
    await set.replicas[0]!.api('POST', '/v1/clusters', {
      name: 'rep',
      servers: 3,
      failureDomainKey: 'none',
      formation: { minNodes: AGENTS, timeoutSeconds: 600 },
    });
    await importK3sReleaseOverApi(set.replicas[0]!.conn, DEFAULT_K3S_VERSION);
    const t = await set.replicas[1]!.api<TokenCreatedJson>('POST', '/v1/clusters/rep/join-tokens', { maxUses: AGENTS });
    for (let i = 1; i <= AGENTS; i++) {
      // Each agent knows every replica, starting with a different one: the agents spread.
      const urls = [0, 1, 2].map((k) => set.agentUrls[(i + k) % 3]!);
      nodes.push(
        spawnLabAgent({ labDir: dir, subnet: '127.0.150', index: i, agentUrl: urls.join(','), token: t.token }),
      );
    }
    // Formation has started: the first server was elected and assigned.
    await waitFor(
      'formation under way',
      async () => {
        const ev = await api<{ items: EventJson[] }>('GET', '/v1/events?cluster=rep&type=assignment&limit=1000');
        return ev.items.length >= 1 ? true : undefined;
      },
      240_000,
      500,
    );
    const before = await set.leader();
    expect(before).not.toBeNull();
    const killed = set.replicas[before!.index]!;
    const killedAt = Date.now();
    await killed.kill('SIGKILL');
    const after = await waitFor(
      'a new leader',
      async () => {
        const l = await set.leader();
        return l && l.index !== before!.index && l.epoch > before!.epoch ? l : undefined;
      },
      30_000,
      100,
    );
    const takeoverMs = Date.now() - killedAt;
    process.stderr.write(
      `replicas: leader ${before!.index} (epoch ${before!.epoch}) killed; replica ${after.index} leads at epoch ${after.epoch} after ${takeoverMs} ms\n`,
    );
    expect(takeoverMs).toBeLessThan(10_000);

    const cl = await waitFor(
      'cluster ready after the leader died',
      async () => {
        const c = await api<ClusterJson>('GET', '/v1/clusters/rep');
        return c.phase === 'ready' && c.kubeconfigAvailable ? c : undefined;
      },
      300_000,
      1000,
    );
    expect(cl.epoch).toBe(1);
    const list = (await api<{ items: NodeJson[] }>('GET', '/v1/nodes?cluster=rep')).items;
    expect(list).toHaveLength(AGENTS);
    expect(list.filter((n) => n.role === 'server-init')).toHaveLength(1);
    expect(list.filter((n) => n.role === 'server')).toHaveLength(2);
    expect(list.filter((n) => n.role === 'agent')).toHaveLength(AGENTS - 3);
    const token = (await api<{ items: TokenJson[] }>('GET', '/v1/clusters/rep/join-tokens')).items[0]!;
    expect(token.uses).toBe(AGENTS);
    expect(token.uses).toBeLessThanOrEqual(token.maxUses);
    // One cluster-init per epoch, across every node's rendered k3s config.
    const configs = nodes.map((n) => {
      const p = join(n.rootPrefix, 'etc/rancher/k3s/config.yaml');
      return existsSync(p) ? (parse(readFileSync(p, 'utf8'), { version: '1.1' }) as Record<string, unknown>) : {};
    });
    expect(configs.filter((x) => x['cluster-init'] === true)).toHaveLength(1);
    // Node passwords: one per node, and the double never saw a changed one.
    const passwords = nodes.map((n) => readFileSync(join(n.rootPrefix, 'etc/rancher/node/password'), 'utf8'));
    expect(new Set(passwords).size).toBe(AGENTS);
    for (const n of nodes) expect(readFileSync(n.logFile, 'utf8')).not.toContain('Node password rejected');
  }, 600_000);

  it('a rolling restart of every replica under agent load: nobody refused for good, no role changes', async () => {
    const dead = set.replicas.findIndex((r) => r.child.exitCode !== null || r.child.signalCode !== null);
    if (dead >= 0) await set.restart(dead);
    const roles = new Map(
      (await api<{ items: NodeJson[] }>('GET', '/v1/nodes?cluster=rep')).items.map((n) => [n.name, n.role]),
    );
    expect(roles.size).toBe(AGENTS);
    const allConnected = async (): Promise<true | undefined> => {
      const items = (await api<{ items: NodeJson[] }>('GET', '/v1/nodes?cluster=rep')).items;
      return items.filter((n) => n.connected).length === AGENTS ? true : undefined;
    };
    await waitFor('all agents connected before the restarts', allConnected, 60_000, 500);
    for (let i = 0; i < 3; i++) {
      await set.replicas[i]!.kill('SIGTERM');
      await set.restart(i);
      await waitFor(`all agents connected after restarting replica ${i}`, allConnected, 60_000, 500);
    }
    const items = (await api<{ items: NodeJson[] }>('GET', '/v1/nodes?cluster=rep')).items;
    expect(new Map(items.map((n) => [n.name, n.role]))).toEqual(roles);
    // No agent gave up: every agent process is still running, none refused its assignment.
    for (const n of nodes) expect(n.child.exitCode, n.logFile).toBeNull();
    const refused = await api<{ items: EventJson[] }>('GET', '/v1/events?cluster=rep&type=assignment.refused');
    expect(refused.items).toEqual([]);
    // Right after the last restart a worker's readiness may still be in
    // flight (the new leader's first pass runs before every status report is
    // in); the cluster must return to ready on the same epoch, not re-form.
    let last: ClusterJson | undefined;
    let first: ClusterJson | undefined;
    const waitStart = Date.now();
    const epochsSeen = new Set<number>();
    const c = await waitFor(
      'cluster ready again after the rolling restart',
      async () => {
        last = await api<ClusterJson>('GET', '/v1/clusters/rep');
        first ??= last;
        epochsSeen.add(last.epoch);
        return last.phase === 'ready' ? last : undefined;
      },
      60_000,
      500,
    ).catch((e: unknown) => {
      throw new Error(`${String(e)}; last phase ${last?.phase}: ${last?.statusMessage}`);
    });
    process.stderr.write(
      `replicas: ready ${Date.now() - waitStart} ms after the last restart (first seen: ${first?.phase} ${first?.statusMessage ?? ''})\n`,
    );
    expect([...epochsSeen]).toEqual([1]);
    expect([c.phase, c.epoch]).toEqual(['ready', 1]);
    // Exactly the three live incarnations are registered: the stopped ones
    // deregistered, the SIGKILLed one was swept by the leader.
    const replicas = await api<{ items: Array<{ id: string }> }>('GET', '/v1/replicas');
    expect(replicas.items).toHaveLength(3);
  }, 300_000);
});

describe('the leader cut off from the database', () => {
  let pg: TestPostgres;
  let proxy: TcpProxy;
  const running: RunningCoordinator[] = [];

  beforeAll(async () => {
    pg = await startPostgres();
  }, 120_000);
  afterAll(async () => {
    await Promise.all(running.map((c) => c.close().catch(() => undefined)));
    await proxy.close();
    await pg.stop();
  });

  it('stops leading before its lease ends; the other replica takes over; its late fenced writes are refused', async () => {
    const direct = new URL(await pg.createDatabase());
    proxy = new TcpProxy(direct.hostname, Number(direct.port));
    const proxied = new URL(direct);
    proxied.port = String(await proxy.start());
    const quiet = silentLogger;
    const ttlMs = 3000;

    // Replica A reaches the database only through the proxy; B directly.
    const dirA = join(tempDir('cut-a'), 'state');
    await (await openState(dirA, { advertise: ['127.0.0.1'], datastore: proxied.toString() })).store.close();
    const a = await startCoordinator({
      stateDir: dirA,
      listen: '127.0.0.1:0',
      advertise: ['127.0.0.1'],
      logger: quiet,
      leaseTtlMs: ttlMs,
    });
    running.push(a);
    await waitFor('A leads', () => a.elector.isLeader() || undefined, 10_000, 50);
    const epochA = a.elector.leaderEpoch()!;

    const dirB = join(tempDir('cut-b'), 'state');
    const identity = await exportIdentity(dirA);
    await (await openState(dirB, { advertise: ['127.0.0.1'], datastore: direct.toString(), identity })).store.close();
    const b = await startCoordinator({
      stateDir: dirB,
      listen: '127.0.0.1:0',
      advertise: ['127.0.0.1'],
      logger: quiet,
      leaseTtlMs: ttlMs,
    });
    running.push(b);
    expect(b.elector.isLeader()).toBe(false);

    // The lease end as stored just before the cut; a renewal racing the cut only moves it later.
    const held = await b.elector.lease.current();
    expect(held?.holder).toBe(a.elector.lease.holder);
    // Cut A off: its packets to the database vanish, sockets stay open.
    proxy.mode = 'blackhole';
    const cutAt = Date.now();
    let deposedAt = 0;
    await waitFor(
      'A stops leading',
      () => {
        if (a.elector.isLeader()) return undefined;
        deposedAt = Date.now();
        return true;
      },
      ttlMs * 2,
      10,
    );
    const newLeader = await waitFor('B leads', () => b.elector.leaderEpoch() ?? undefined, ttlMs * 4, 50);
    // The lease as the database holds it: A's last renewal is what it could not outlive.
    const stored = await b.elector.lease.current();
    expect(stored?.holder).toBe(b.elector.lease.holder);
    expect(newLeader).toBeGreaterThan(epochA);
    // A stopped acting as leader before its lease ended in the database.
    expect(deposedAt).toBeLessThan(held!.expiresAt);
    process.stderr.write(
      `partition: A (epoch ${epochA}) stopped leading ${deposedAt - cutAt} ms after the cut, ${held!.expiresAt - deposedAt} ms before its lease ended (TTL ${ttlMs} ms); B leads at epoch ${newLeader}\n`,
    );

    // Heal: A's connections are reset and it reaches the database again.
    proxy.mode = 'pass';
    proxy.dropAll();
    const late = a.elector.lease.fencedWrite(epochA, (tx) => tx.setMeta('late-write', 'from the deposed leader'));
    await expect(late).rejects.toBeInstanceOf(CoordinatorError);
    await expect(late).rejects.toMatchObject({ code: 'not-leader' });
    expect(await b.state.store.getMeta('late-write')).toBeNull();
    // And A does not take the lease back while B renews it.
    await new Promise((r) => setTimeout(r, ttlMs));
    expect(a.elector.isLeader()).toBe(false);
    expect(b.elector.leaderEpoch()).toBe(newLeader);
  }, 120_000);
});
