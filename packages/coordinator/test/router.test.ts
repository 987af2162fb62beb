/**
 * The replica router against a real SQLite store (the outbox and presence
 * tables are the same on PostgreSQL; the conformance suite checks the store
 * side there): local delivery, forwarding through the outbox to the replica
 * holding the session, the store's presence winning over a stale local
 * session, dead replicas, and the leader's sweep.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutBody } from '@k3sgrid/proto';
import { decodeOutbox, encodeOutbox, Router, type LocalSessions } from '../src/replication/router.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import type { Store } from '../src/store/types.js';
import { silentLogger, tempDir, waitFor } from '@k3sgrid/testkit';
import { clusterRow, nodeRow, tokenRow } from '@k3sgrid/testkit/rows';

/** A gateway stand-in: which nodes are connected here, and what each received. */
class FakeLocal implements LocalSessions {
  readonly here = new Set<string>();
  readonly got: Array<{ nodeId: string; body?: OutBody; close?: { code: number; reason: string } }> = [];
  sendTo(nodeId: string, body: OutBody): boolean {
    if (!this.here.has(nodeId)) return false;
    this.got.push({ nodeId, body });
    return true;
  }
  closeNode(nodeId: string, code: number, reason: string): boolean {
    if (!this.here.has(nodeId)) return false;
    this.got.push({ nodeId, close: { code, reason } });
    return true;
  }
  isConnected(nodeId: string): boolean {
    return this.here.has(nodeId);
  }
}

const assignment = (n: number): OutBody => ({
  kind: 'assignment',
  value: { body: Buffer.from([1, 2, 3, n]), signature: Buffer.alloc(64, n) },
});

const until = (what: string, cond: () => boolean, ms = 3000): Promise<unknown> => waitFor(what, cond, ms, 10);

describe('outbox payloads', () => {
  it('round-trip a frame byte for byte and a close request', () => {
    const f = decodeOutbox(encodeOutbox({ kind: 'frame', body: assignment(7) }));
    expect(f.kind).toBe('frame');
    if (f.kind !== 'frame' || f.body.kind !== 'assignment') throw new Error('wrong kind');
    expect(Buffer.from(f.body.value.body ?? [])).toEqual(Buffer.from([1, 2, 3, 7]));
    expect(Buffer.from(f.body.value.signature ?? [])).toEqual(Buffer.alloc(64, 7));
    expect(decodeOutbox(encodeOutbox({ kind: 'close', code: 4003, reason: 'node revoked' }))).toEqual({
      kind: 'close',
      code: 4003,
      reason: 'node revoked',
    });
  });

  it('refuses an unknown kind, a broken frame and a malformed close', () => {
    expect(() => decodeOutbox(Buffer.from([9, 1, 2]))).toThrow(/unknown outbox message kind/);
    expect(() => decodeOutbox(Buffer.from([1, 0xff, 0xff, 0xff]))).toThrow();
    expect(() => decodeOutbox(Buffer.concat([Buffer.from([2]), Buffer.from('{"code":"x"}')]))).toThrow(/malformed/);
  });
});

describe('Router (two replicas on one store)', () => {
  let store: Store;
  const routers: Router[] = [];
  const counted: string[] = [];
  const log = silentLogger;

  beforeEach(async () => {
    counted.length = 0;
    store = await openSqliteStore(join(tempDir('router'), 'k3sgrid.db'));
  });
  afterEach(async () => {
    for (const r of routers.splice(0)) await r.stop();
    await store.close();
  });

  async function replica(id: string, o: { leader?: boolean; shared?: boolean } = {}): Promise<[Router, FakeLocal]> {
    const local = new FakeLocal();
    const r = new Router({
      store,
      replicaId: id,
      url: () => `wss://${id}:8443`,
      local,
      shared: o.shared ?? true,
      clock: Date.now,
      log,
      isLeader: () => o.leader ?? false,
      heartbeatMs: 40,
      count: (result) => counted.push(`${id}:${result}`),
    });
    await r.start();
    routers.push(r);
    return [r, local];
  }

  const presence = (id: string, replicaId: string, connected = true) => ({ id, connected, replicaId });

  it('delivers locally when the session is here', async () => {
    const [a, la] = await replica('a');
    la.here.add('n1');
    expect(a.send(presence('n1', 'a'), assignment(1))).toBe(true);
    expect(la.got).toHaveLength(1);
    expect(a.isConnected(presence('n1', 'a'))).toBe(true);
  });

  it('forwards through the outbox to the replica holding the session, which delivers the same bytes', async () => {
    const [a, la] = await replica('a');
    const [, lb] = await replica('b');
    lb.here.add('n1');
    await until('a sees b alive', () => a.isConnected(presence('n1', 'b')), 2000);
    expect(a.send(presence('n1', 'b'), assignment(2))).toBe(true);
    await until('b delivered', () => lb.got.length === 1);
    expect(la.got).toEqual([]);
    const got = lb.got[0]?.body;
    if (got?.kind !== 'assignment') throw new Error('expected an assignment');
    expect(Buffer.from(got.value.body ?? [])).toEqual(Buffer.from([1, 2, 3, 2]));
    expect(a.close(presence('n1', 'b'), 4003, 'node revoked')).toBe(true);
    await until('b closed it', () => lb.got.length === 2);
    expect(lb.got[1]?.close).toEqual({ code: 4003, reason: 'node revoked' });
    expect(await store.takeMessages('b', 10)).toEqual([]);
    expect(counted).toEqual(['a:forwarded', 'b:delivered', 'a:forwarded', 'b:delivered']);
  });

  it('the store presence wins over a stale local session (a half-open leftover)', async () => {
    const [a, la] = await replica('a');
    const [, lb] = await replica('b');
    la.here.add('n1'); // still open here, but the agent is recorded on b
    lb.here.add('n1');
    // (asked about another node: n1 is connected here, so it would answer true at once)
    await until('a sees b alive', () => a.isConnected(presence('n2', 'b')), 2000);
    expect(a.send(presence('n1', 'b'), assignment(3))).toBe(true);
    await until('b delivered', () => lb.got.length === 1);
    expect(la.got).toEqual([]);
  });

  it('a node recorded on a dead replica is nowhere: send is false and isConnected false', async () => {
    const [a] = await replica('a');
    await store.heartbeatReplica({ id: 'gone', url: 'wss://gone:1', at: Date.now() - 60_000 });
    await new Promise((r) => setTimeout(r, 100));
    expect(a.isConnected(presence('n1', 'gone'))).toBe(false);
    expect(a.send(presence('n1', 'gone'), assignment(4))).toBe(false);
    expect(await store.takeMessages('gone', 10)).toEqual([]);
  });

  it("the leader's sweep clears a dead replica's sessions and deregisters it; a follower's does not run", async () => {
    const c = clusterRow();
    await store.createCluster(c);
    const t = tokenRow(c.id, { expiresAt: Date.now() + 60_000 });
    await store.createToken(t);
    const res = await store.enrollNode(t.id, Date.now(), nodeRow(c.id, t.id, { id: 'n1', connected: true }));
    expect(res.ok).toBe(true);
    await store.updateNodeStatus('n1', { connected: true, replicaId: 'dead', connectedAt: 1 });
    await store.heartbeatReplica({ id: 'dead', url: 'wss://dead:1', at: Date.now() - 60_000 });
    await replica('follower');
    await new Promise((r) => setTimeout(r, 200));
    expect((await store.getNode('n1'))?.replicaId).toBe('dead');
    await replica('leader', { leader: true });
    const deadline = Date.now() + 2000;
    while ((await store.listReplicas()).some((r) => r.id === 'dead') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    expect((await store.listReplicas()).map((r) => r.id).sort()).toEqual(['follower', 'leader']);
    const n = await store.getNode('n1');
    expect([n?.connected, n?.replicaId]).toEqual([false, '']);
  });

  it('with one process (shared false) nothing is forwarded and nothing heartbeats', async () => {
    const [a] = await replica('solo', { shared: false });
    expect(a.send(presence('n1', 'other'), assignment(5))).toBe(false);
    expect(await store.listReplicas()).toEqual([]);
  });
});
