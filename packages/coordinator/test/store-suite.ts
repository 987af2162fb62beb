/**
 * Store conformance suite: every {@link Store} method, run against each
 * backend (store-sqlite.test.ts here, test/store/store-pg.test.ts against a
 * real PostgreSQL). A backend passes when it behaves exactly like the others.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyReport, type CapabilityReport } from '@k3sgrid/proto';
import { CoordinatorError, type CoordinatorErrorCode } from '../src/errors.js';
import type { ClusterRow, JoinTokenRow, NodeRow, ReleaseRow, Store } from '../src/store/types.js';
import { apiTokenRow, clusterRow, nodeRow, principalRow, ROW_TIME, tokenRow } from '@k3sgrid/testkit/rows';

/** A release row with defaults. */
function releaseRow(over: Partial<ReleaseRow> = {}): ReleaseRow {
  return {
    version: 'v1.33.4+k3s1',
    arch: 'amd64',
    sha256: 'a'.repeat(64),
    size: 1234,
    imagesName: '',
    imagesSha256: '',
    imagesSize: 0,
    source: 'import',
    createdAt: NOW,
    ...over,
  };
}

/** Makes a fresh, empty, migrated store; `cleanup` runs after `store.close()`. */
export type StoreFactory = () => Promise<{ store: Store; cleanup?: () => Promise<void> }>;

const NOW = ROW_TIME;

function report(over: Partial<CapabilityReport> = {}): CapabilityReport {
  return {
    ...emptyReport(),
    kernelRelease: '6.1.0-k3sgrid',
    cpuCount: 4,
    memoryBytes: 8 * 2 ** 30,
    arch: 'amd64',
    hostname: 'h',
    addresses: ['10.0.0.9'],
    ...over,
  };
}

/**
 * Expects `fn` to fail the way every store method fails: it returns a
 * promise that rejects with a CoordinatorError (`code`, when given), and
 * never throws synchronously.
 */
async function expectFailure(fn: () => Promise<unknown>, code?: CoordinatorErrorCode): Promise<void> {
  let pending: Promise<unknown> = Promise.resolve();
  expect(() => {
    pending = fn();
  }, 'a store method must reject, never throw').not.toThrow();
  const err = await pending.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'expected the call to fail').toBeInstanceOf(CoordinatorError);
  if (code) expect(err).toMatchObject({ code });
}

/** Registers the conformance tests for one backend. */
export function storeConformanceSuite(backend: string, factory: StoreFactory): void {
  describe(`Store conformance: ${backend}`, () => {
    let store: Store;
    let cleanup: (() => Promise<void>) | undefined;

    beforeEach(async () => {
      const made = await factory();
      store = made.store;
      cleanup = made.cleanup;
    });
    afterEach(async () => {
      await store.close();
      await cleanup?.();
    });

    /** A stored cluster and a stored join token of it. */
    async function clusterWithToken(over: Partial<JoinTokenRow> = {}): Promise<{ c: ClusterRow; t: JoinTokenRow }> {
      const c = clusterRow();
      await store.createCluster(c);
      const t = tokenRow(c.id, over);
      await store.createToken(t);
      return { c, t };
    }

    /** A cluster, a token and an enrolled node. */
    async function enrolled(over: Partial<NodeRow> = {}, clusterId?: string): Promise<NodeRow> {
      let cid = clusterId;
      if (!cid) {
        const c = clusterRow();
        await store.createCluster(c);
        cid = c.id;
      }
      const t = tokenRow(cid);
      await store.createToken(t);
      const n = nodeRow(cid, t.id, over);
      expect(await store.enrollNode(t.id, NOW, n)).toEqual({ ok: true });
      return n;
    }

    describe('meta', () => {
      it('gets null for a missing key, sets and overwrites', async () => {
        expect(await store.getMeta('k')).toBeNull();
        await store.setMeta('k', 'v1');
        expect(await store.getMeta('k')).toBe('v1');
        await store.setMeta('k', 'v2 ✓ with unicode');
        expect(await store.getMeta('k')).toBe('v2 ✓ with unicode');
        await store.setMeta('other', '');
        expect(await store.getMeta('other')).toBe('');
      });
    });

    describe('clusters', () => {
      it('creates, gets by id and by name, lists in creation order', async () => {
        const a = clusterRow({ createdAt: NOW + 2 });
        const b = clusterRow({ createdAt: NOW + 1 });
        await store.createCluster(a);
        await store.createCluster(b);
        expect(await store.getCluster(a.id)).toEqual(a);
        expect(await store.getCluster(a.name)).toEqual(a);
        expect(await store.getCluster('nope')).toBeNull();
        expect((await store.listClusters()).map((c) => c.id)).toEqual([b.id, a.id]);
      });

      it('refuses a duplicate id or name', async () => {
        const a = clusterRow();
        await store.createCluster(a);
        await expectFailure(() => store.createCluster(clusterRow({ name: a.name })), 'conflict');
        await expectFailure(() => store.createCluster(clusterRow({ id: a.id })), 'conflict');
        expect(await store.listClusters()).toHaveLength(1);
      });

      it('updates phase, epoch and formation fields (buffers and nulls round-trip)', async () => {
        const a = clusterRow();
        await store.createCluster(a);
        const tok = randomBytes(80);
        await store.updateCluster(a.id, {
          phase: 'forming',
          epoch: 3,
          formation: {
            serverTokenSealed: tok,
            initNodeId: 'n1',
            caHash: 'abc',
            readyAt: NOW + 5,
            initAssignedAt: NOW + 4,
          },
        });
        const got = await store.getCluster(a.id);
        expect(got?.phase).toBe('forming');
        expect(got?.epoch).toBe(3);
        expect(got?.formation.serverTokenSealed?.equals(tok)).toBe(true);
        expect(got?.formation).toMatchObject({
          initNodeId: 'n1',
          caHash: 'abc',
          readyAt: NOW + 5,
          initAssignedAt: NOW + 4,
          agentTokenSealed: null,
          lbNodeId: null,
          registrationAddress: '',
        });
        expect(got!.updatedAt).toBeGreaterThan(a.updatedAt);
        // Only the given fields change; null clears.
        await store.updateCluster(a.id, { formation: { initNodeId: null, statusMessage: 'waiting' } });
        const again = await store.getCluster(a.id);
        expect(again?.formation).toMatchObject({
          initNodeId: null,
          statusMessage: 'waiting',
          caHash: 'abc',
          readyAt: NOW + 5,
        });
        expect(again?.formation.serverTokenSealed?.equals(tok)).toBe(true);
        expect(again?.phase).toBe('forming');
        // An epoch of 2^40 survives (BIGINT on PostgreSQL).
        await store.updateCluster(a.id, { epoch: 2 ** 40 });
        expect((await store.getCluster(a.id))?.epoch).toBe(2 ** 40);
      });

      it('deletes a cluster with its tokens and nodes', async () => {
        const n = await enrolled();
        expect(await store.deleteCluster(n.clusterId)).toBe(true);
        expect(await store.deleteCluster(n.clusterId)).toBe(false);
        expect(await store.getCluster(n.clusterId)).toBeNull();
        expect(await store.listTokens(n.clusterId)).toEqual([]);
        expect(await store.getNode(n.id)).toBeNull();
      });
    });

    describe('errors, the same on every backend', () => {
      it('updateCluster refuses an unknown field and writes nothing', async () => {
        const a = clusterRow();
        await store.createCluster(a);
        const bad = (p: unknown) => store.updateCluster(a.id, p as Parameters<Store['updateCluster']>[1]);
        await expectFailure(() => bad({ phase: 'ready', formation: { caHash: 'x', bogus: 'y' } }), 'internal');
        await expectFailure(() => bad({ phase: 'ready', name: 'renamed' }), 'internal');
        // Not a formation field (a top-level one), nor an inherited property.
        await expectFailure(() => bad({ formation: { phase: 'ready' } }), 'internal');
        await expectFailure(() => bad({ formation: { toString: 'x' } }), 'internal');
        expect(await store.getCluster(a.id)).toEqual(a);
      });

      it('a closed store rejects every call with store-failed and never throws; close is idempotent', async () => {
        const { c, t } = await clusterWithToken();
        const n = nodeRow(c.id, t.id);
        await store.close();
        await store.close();
        const ev = { type: 't', clusterId: null, nodeId: null, actor: 'a', message: 'm', data: {} };
        const calls: Record<Exclude<keyof Store, 'close' | 'capabilities'>, () => Promise<unknown>> = {
          getMeta: () => store.getMeta('k'),
          setMeta: () => store.setMeta('k', 'v'),
          createCluster: () => store.createCluster(clusterRow()),
          listClusters: () => store.listClusters(),
          getCluster: () => store.getCluster(c.id),
          deleteCluster: () => store.deleteCluster(c.id),
          createToken: () => store.createToken(tokenRow(c.id)),
          getToken: () => store.getToken(t.id),
          listTokens: () => store.listTokens(),
          revokeToken: () => store.revokeToken(t.id, NOW),
          recordTokenFailure: () => store.recordTokenFailure(t.id),
          enrollNode: () => store.enrollNode(t.id, NOW, n),
          getNode: () => store.getNode(n.id),
          getNodeBySignPub: () => store.getNodeBySignPub(n.signPub),
          listNodes: () => store.listNodes(),
          countNodesByPhase: () => store.countNodesByPhase(),
          clusterWaitStats: () => store.clusterWaitStats(c.id),
          nodeNameTaken: () => store.nodeNameTaken(c.id, n.name),
          saveReport: () => store.saveReport(n.id, report()),
          updateNodeStatus: () => store.updateNodeStatus(n.id, { phase: 'installing' }),
          touchNodes: () => store.touchNodes([{ id: n.id, at: NOW }]),
          markAllDisconnected: () => store.markAllDisconnected(),
          disconnectNode: () => store.disconnectNode(n.id, 'r1', NOW),
          heartbeatReplica: () => store.heartbeatReplica({ id: 'r1', url: 'wss://a:1', at: NOW }),
          listReplicas: () => store.listReplicas(),
          removeReplica: () => store.removeReplica('r1'),
          enqueueMessage: () =>
            store.enqueueMessage({ replicaId: 'r1', nodeId: n.id, body: Buffer.from([1]), at: NOW }),
          takeMessages: () => store.takeMessages('r1', 1),
          pruneMessages: () => store.pruneMessages(NOW),
          revokeNode: () => store.revokeNode(n.id, NOW),
          updateCluster: () => store.updateCluster(c.id, { phase: 'ready' }),
          setRoles: () => store.setRoles([{ nodeId: n.id, role: 'agent' }]),
          saveAssignment: () =>
            store.saveAssignment(n.id, { epoch: 1, generation: 1, hash: 'h', body: null, signature: null }),
          setNodePassword: () => store.setNodePassword(n.id, randomBytes(8)),
          recordAck: () => store.recordAck(n.id, 1, 1),
          setNodeReady: () => store.setNodeReady(n.id, NOW),
          deleteNode: () => store.deleteNode(n.id),
          appendEvent: () => store.appendEvent(ev),
          lastEventId: () => store.lastEventId(),
          listEvents: () => store.listEvents({ limit: 1 }),
          updateEventData: () => store.updateEventData(1, {}),
          pruneEvents: () => store.pruneEvents({ before: 0, keep: 1 }),
          putRelease: () => store.putRelease(releaseRow()),
          listReleases: () => store.listReleases(),
          getRelease: () => store.getRelease('v1.33.4+k3s1', 'amd64'),
          releasesWithBlob: () => store.releasesWithBlob('a'.repeat(64)),
          deleteRelease: () => store.deleteRelease('v1.33.4+k3s1', 'amd64'),
          putBlobChunk: () => store.putBlobChunk('a'.repeat(64), 0, Buffer.from('x')),
          getBlobChunks: () => store.getBlobChunks('a'.repeat(64), 0, 1),
          countBlobChunks: () => store.countBlobChunks('a'.repeat(64)),
          deleteBlobChunks: () => store.deleteBlobChunks('a'.repeat(64)),
          createPrincipal: () => store.createPrincipal(principalRow()),
          getPrincipal: () => store.getPrincipal('user', 'x'),
          getPrincipalById: () => store.getPrincipalById('x'),
          listPrincipals: () => store.listPrincipals(),
          deletePrincipal: () => store.deletePrincipal('x'),
          putGrant: () => store.putGrant({ principalId: 'x', clusterId: null, role: 'viewer', createdAt: NOW }),
          deleteGrant: () => store.deleteGrant('x', null),
          listGrants: () => store.listGrants(),
          createApiToken: () => store.createApiToken(apiTokenRow('x')),
          getApiToken: () => store.getApiToken('x'),
          listApiTokens: () => store.listApiTokens(),
          revokeApiToken: () => store.revokeApiToken('x', NOW),
        };
        for (const [name, call] of Object.entries(calls)) {
          let pending: Promise<unknown> = Promise.resolve();
          expect(() => (pending = call()), `${name} threw synchronously`).not.toThrow();
          await expect(pending, name).rejects.toMatchObject({ code: 'store-failed' });
        }
      });
    });

    describe('principals, grants and API tokens', () => {
      it('round-trip; one grant per scope (all clusters included); a name once per kind', async () => {
        const u = principalRow({ name: 'alice' });
        const sa = principalRow({ kind: 'sa', name: 'alice' });
        await store.createPrincipal(u);
        await store.createPrincipal(sa);
        await expectFailure(() => store.createPrincipal(principalRow({ name: 'alice' })), 'conflict');
        expect(await store.getPrincipal('user', 'alice')).toEqual(u);
        expect(await store.getPrincipalById(sa.id)).toEqual(sa);
        expect((await store.listPrincipals('sa')).map((p) => p.id)).toEqual([sa.id]);
        const c = clusterRow();
        await store.createCluster(c);
        await store.putGrant({ principalId: u.id, clusterId: null, role: 'viewer', createdAt: NOW });
        await store.putGrant({ principalId: u.id, clusterId: null, role: 'admin', createdAt: NOW + 1 });
        await store.putGrant({ principalId: u.id, clusterId: c.id, role: 'operator', createdAt: NOW });
        const grants = await store.listGrants(u.id);
        expect(grants.map((g) => [g.clusterId, g.role]).sort()).toEqual(
          [
            [c.id, 'operator'],
            [null, 'admin'],
          ].sort(),
        );
        await expectFailure(
          () => store.putGrant({ principalId: u.id, clusterId: 'no-such-cluster', role: 'viewer', createdAt: NOW }),
          'not-found',
        );
        // A deleted cluster takes its grants along; the all-clusters grant stays.
        await store.deleteCluster(c.id);
        expect((await store.listGrants(u.id)).map((g) => g.clusterId)).toEqual([null]);
        expect(await store.deleteGrant(u.id, null)).toBe(true);
        expect(await store.deleteGrant(u.id, null)).toBe(false);
      });

      it('API tokens: the hash round-trips, revocation once, deleting the owner deletes its tokens and grants', async () => {
        const u = principalRow();
        await store.createPrincipal(u);
        const t = apiTokenRow(u.id);
        await store.createApiToken(t);
        await expectFailure(() => store.createApiToken({ ...apiTokenRow(u.id), name: t.name }), 'conflict');
        expect(await store.getApiToken(t.id)).toEqual(t);
        expect(await store.listApiTokens(u.id)).toEqual([t]);
        expect(await store.revokeApiToken(t.id, NOW + 5)).toBe(true);
        expect(await store.revokeApiToken(t.id, NOW + 6)).toBe(false);
        expect((await store.getApiToken(t.id))?.revokedAt).toBe(NOW + 5);
        await store.putGrant({ principalId: u.id, clusterId: null, role: 'viewer', createdAt: NOW });
        expect(await store.deletePrincipal(u.id)).toBe(true);
        expect(await store.getApiToken(t.id)).toBeNull();
        expect(await store.listGrants(u.id)).toEqual([]);
      });
    });

    describe('tokens', () => {
      it('creates, gets and lists tokens (all fields round-trip), filtered by cluster', async () => {
        const c1 = clusterRow();
        const c2 = clusterRow();
        await store.createCluster(c1);
        await store.createCluster(c2);
        const t1 = tokenRow(c1.id, {
          createdAt: NOW + 1,
          roles: ['agent'],
          maxUses: 7,
          description: 'first',
          replaceNodeId: 'old-node',
        });
        const t2 = tokenRow(c1.id, { createdAt: NOW + 2, revokedAt: NOW, failedAttempts: 2 });
        const t3 = tokenRow(c2.id);
        for (const t of [t1, t2, t3]) await store.createToken(t);
        expect(await store.getToken(t1.id)).toEqual(t1);
        expect(await store.getToken(t2.id)).toEqual(t2);
        expect(await store.getToken('missing')).toBeNull();
        expect((await store.listTokens(c1.id)).map((t) => t.id)).toEqual([t1.id, t2.id]);
        expect((await store.listTokens()).map((t) => t.id).sort()).toEqual([t1.id, t2.id, t3.id].sort());
      });

      it('refuses a token for an unknown cluster', async () => {
        await expectFailure(() => store.createToken(tokenRow('no-such-cluster')), 'not-found');
      });

      it('revokes once and counts failures', async () => {
        const { t } = await clusterWithToken();
        expect(await store.revokeToken(t.id, NOW + 10)).toBe(true);
        expect(await store.revokeToken(t.id, NOW + 20)).toBe(false);
        expect((await store.getToken(t.id))?.revokedAt).toBe(NOW + 10);
        expect(await store.revokeToken('missing', NOW)).toBe(false);
        expect(await store.recordTokenFailure(t.id)).toBe(1);
        expect(await store.recordTokenFailure(t.id)).toBe(2);
        expect(await store.recordTokenFailure('missing')).toBe(0);
      });
    });

    describe('enrollNode', () => {
      it('consumes a use and creates the node in one step', async () => {
        const { c, t } = await clusterWithToken({ maxUses: 2 });
        const n = nodeRow(c.id, t.id, { report: report(), connected: true });
        expect(await store.enrollNode(t.id, NOW, n)).toEqual({ ok: true });
        expect((await store.getToken(t.id))?.uses).toBe(1);
        const got = await store.getNode(n.id);
        expect(got).toEqual(n);
        expect(got?.signPub.equals(n.signPub)).toBe(true);
      });

      it('commits the node, its presence and its event together; a refusal writes no event', async () => {
        const { c, t } = await clusterWithToken({ maxUses: 1 });
        const before = await store.lastEventId();
        const n = nodeRow(c.id, t.id, { connected: true, replicaId: 'r-1', connectedAt: NOW + 5 });
        const event = (stored: NodeRow) => ({
          type: 'enroll.ok',
          clusterId: stored.clusterId,
          nodeId: stored.id,
          actor: 'agent@10.0.0.1',
          message: `node ${stored.name} enrolled`,
          data: { nodeName: stored.name },
        });
        const res = await store.enrollNode(t.id, NOW, n, event);
        if (!res.ok) throw new Error(`refused: ${res.reason}`);
        expect(res.event).toMatchObject({ type: 'enroll.ok', nodeId: n.id, message: `node ${n.name} enrolled` });
        expect(res.event!.id).toBeGreaterThan(before);
        expect(await store.listEvents({ after: before, limit: 10 })).toEqual([res.event]);
        const got = await store.getNode(n.id);
        expect([got?.connected, got?.replicaId, got?.connectedAt]).toEqual([true, 'r-1', NOW + 5]);
        // Used up now: refused, and neither a node nor an event is written.
        const again = await store.enrollNode(t.id, NOW, nodeRow(c.id, t.id), event);
        expect(again).toEqual({ ok: false, reason: 'used-up' });
        expect(await store.lastEventId()).toBe(res.event!.id);
        expect(await store.listNodes({ clusterId: c.id })).toHaveLength(1);
      });

      it('writes nothing when the event cannot be built: token use, node and event are one transaction', async () => {
        const { c, t } = await clusterWithToken({ maxUses: 1 });
        const before = await store.lastEventId();
        const n = nodeRow(c.id, t.id);
        await expect(
          store.enrollNode(t.id, NOW, n, () => {
            throw new Error('builder failed');
          }),
        ).rejects.toThrow();
        expect((await store.getToken(t.id))?.uses).toBe(0);
        expect(await store.getNode(n.id)).toBeNull();
        expect(await store.lastEventId()).toBe(before);
      });

      it('refuses unknown, revoked, expired and used-up tokens without creating a node', async () => {
        const c = clusterRow();
        await store.createCluster(c);
        const revoked = tokenRow(c.id, { revokedAt: NOW - 1 });
        const expired = tokenRow(c.id, { expiresAt: NOW });
        const used = tokenRow(c.id, { maxUses: 1, uses: 1 });
        for (const t of [revoked, expired, used]) await store.createToken(t);
        expect(await store.enrollNode('missing', NOW, nodeRow(c.id, 'missing'))).toEqual({
          ok: false,
          reason: 'unknown',
        });
        expect(await store.enrollNode(revoked.id, NOW, nodeRow(c.id, revoked.id))).toEqual({
          ok: false,
          reason: 'revoked',
        });
        expect(await store.enrollNode(expired.id, NOW, nodeRow(c.id, expired.id))).toEqual({
          ok: false,
          reason: 'expired',
        });
        expect(await store.enrollNode(used.id, NOW, nodeRow(c.id, used.id))).toEqual({ ok: false, reason: 'used-up' });
        expect(await store.listNodes()).toEqual([]);
        expect((await store.getToken(used.id))?.uses).toBe(1);
        expect((await store.getToken(revoked.id))?.uses).toBe(0);
      });

      it('20 concurrent enrollments on a single-use token: exactly one succeeds', async () => {
        const { c, t } = await clusterWithToken({ maxUses: 1 });
        const results = await Promise.all(
          Array.from({ length: 20 }, () => store.enrollNode(t.id, NOW, nodeRow(c.id, t.id))),
        );
        expect(results.filter((r) => r.ok)).toHaveLength(1);
        expect(results.filter((r) => !r.ok && r.reason === 'used-up')).toHaveLength(19);
        expect((await store.getToken(t.id))?.uses).toBe(1);
        expect(await store.listNodes({ clusterId: c.id })).toHaveLength(1);
      });

      it('20 concurrent enrollments on a 5-use token: exactly five succeed', async () => {
        const { c, t } = await clusterWithToken({ maxUses: 5 });
        const results = await Promise.all(
          Array.from({ length: 20 }, () => store.enrollNode(t.id, NOW, nodeRow(c.id, t.id))),
        );
        expect(results.filter((r) => r.ok)).toHaveLength(5);
        expect((await store.getToken(t.id))?.uses).toBe(5);
        expect(await store.listNodes({ clusterId: c.id })).toHaveLength(5);
      });

      it('a failed node insert (duplicate key) does not consume the use', async () => {
        const n = await enrolled();
        const t = tokenRow(n.clusterId);
        await store.createToken(t);
        await expectFailure(
          () => store.enrollNode(t.id, NOW, nodeRow(n.clusterId, t.id, { signPub: n.signPub })),
          'conflict',
        );
        expect((await store.getToken(t.id))?.uses).toBe(0);
        await expectFailure(
          () => store.enrollNode(t.id, NOW, nodeRow(n.clusterId, t.id, { name: n.name })),
          'conflict',
        );
        expect((await store.getToken(t.id))?.uses).toBe(0);
        expect(await store.listNodes()).toHaveLength(1);
      });

      it('a replace token hands the old node name, role and password to the new identity and revokes the old one', async () => {
        const old = await enrolled();
        await store.setRoles([{ nodeId: old.id, role: 'server' }]);
        const pw = randomBytes(60);
        await store.setNodePassword(old.id, pw);
        const t = tokenRow(old.clusterId, { replaceNodeId: old.id });
        await store.createToken(t);
        const fresh = nodeRow(old.clusterId, t.id, { name: 'whatever' });
        expect(await store.enrollNode(t.id, NOW + 100, fresh)).toEqual({ ok: true });
        // The caller's row reflects what was stored.
        expect(fresh.name).toBe(old.name);
        expect(fresh.role).toBe('server');
        const got = await store.getNode(fresh.id);
        expect(got?.name).toBe(old.name);
        expect(got?.role).toBe('server');
        expect(got?.assignment.nodePasswordSealed?.equals(pw)).toBe(true);
        const was = await store.getNode(old.id);
        expect(was?.revokedAt).toBe(NOW + 100);
        expect(was?.connected).toBe(false);
        expect(was?.name).toBe(`${old.name}~replaced-${NOW + 100}`);
        expect((await store.getNode(old.name))?.id).toBe(fresh.id);
      });
    });

    describe('nodes', () => {
      it('finds nodes by id, name and signing key; lists by cluster in enrollment order', async () => {
        const a = await enrolled({ enrolledAt: NOW + 2 });
        const b = await enrolled({ enrolledAt: NOW + 1 }, a.clusterId);
        const other = await enrolled();
        expect((await store.getNode(a.id))?.id).toBe(a.id);
        expect((await store.getNode(a.name))?.id).toBe(a.id);
        expect(await store.getNode('nobody')).toBeNull();
        expect((await store.getNodeBySignPub(new Uint8Array(b.signPub)))?.id).toBe(b.id);
        expect(await store.getNodeBySignPub(randomBytes(32))).toBeNull();
        expect((await store.listNodes({ clusterId: a.clusterId })).map((n) => n.id)).toEqual([b.id, a.id]);
        expect((await store.listNodes()).map((n) => n.id).sort()).toEqual([a.id, b.id, other.id].sort());
        expect(await store.nodeNameTaken(a.clusterId, a.name)).toBe(true);
        expect(await store.nodeNameTaken(other.clusterId, a.name)).toBe(false);
        expect(await store.nodeNameTaken(a.clusterId, 'free')).toBe(false);
      });

      it('keeps the previous report when a new one arrives', async () => {
        const n = await enrolled();
        const r1 = report({ cpuCount: 2 });
        const r2 = report({
          cpuCount: 8,
          modules: [{ name: 'br_netfilter', state: 'loaded' }] as CapabilityReport['modules'],
        });
        await store.saveReport(n.id, r1);
        let got = await store.getNode(n.id);
        expect(got?.report).toEqual(r1);
        expect(got?.prevReport).toBeNull();
        await store.saveReport(n.id, r2);
        got = await store.getNode(n.id);
        expect(got?.report).toEqual(r2);
        expect(got?.prevReport).toEqual(r1);
      });

      it('patches status fields, leaving the others', async () => {
        const n = await enrolled();
        await store.updateNodeStatus(n.id, { phase: 'installing', connected: true, address: '10.1.1.1' });
        await store.updateNodeStatus(n.id, {
          lastError: 'boom',
          agentVersion: '0.2.0',
          hostname: 'renamed',
          lastSeenAt: NOW + 9,
        });
        await store.updateNodeStatus(n.id, {});
        const got = await store.getNode(n.id);
        expect(got).toMatchObject({
          phase: 'installing',
          connected: true,
          address: '10.1.1.1',
          lastError: 'boom',
          agentVersion: '0.2.0',
          hostname: 'renamed',
          lastSeenAt: NOW + 9,
          name: n.name,
        });
      });

      it('touches many nodes at once, never moving last-seen backwards', async () => {
        const a = await enrolled();
        const b = await enrolled({}, a.clusterId);
        await store.touchNodes([
          { id: a.id, at: NOW + 50 },
          { id: b.id, at: NOW - 50 },
          { id: 'unknown', at: NOW + 1 },
        ]);
        await store.touchNodes([]);
        expect((await store.getNode(a.id))?.lastSeenAt).toBe(NOW + 50);
        expect((await store.getNode(b.id))?.lastSeenAt).toBe(NOW);
        // 20 nodes in one batch
        const many = await Promise.all(Array.from({ length: 20 }, () => enrolled({}, a.clusterId)));
        await store.touchNodes(many.map((n, i) => ({ id: n.id, at: NOW + 1000 + i })));
        expect((await store.getNode(many[19]!.id))?.lastSeenAt).toBe(NOW + 1019);
      });

      it('marks all nodes disconnected', async () => {
        const a = await enrolled({ connected: true });
        const b = await enrolled({ connected: true }, a.clusterId);
        await store.markAllDisconnected();
        expect((await store.listNodes()).map((n) => n.connected)).toEqual([false, false]);
        expect(b.connected).toBe(true);
      });

      it('revokes once (disconnecting) and deletes', async () => {
        const n = await enrolled({ connected: true });
        expect(await store.revokeNode(n.id, NOW + 3)).toBe(true);
        expect(await store.revokeNode(n.id, NOW + 4)).toBe(false);
        const got = await store.getNode(n.id);
        expect(got?.revokedAt).toBe(NOW + 3);
        expect(got?.connected).toBe(false);
        expect(await store.revokeNode('missing', NOW)).toBe(false);
        expect(await store.deleteNode(n.id)).toBe(true);
        expect(await store.deleteNode(n.id)).toBe(false);
        expect(await store.getNode(n.id)).toBeNull();
      });
    });

    describe('formation state', () => {
      it('sets roles of many nodes in one call', async () => {
        const a = await enrolled();
        const b = await enrolled({}, a.clusterId);
        const c = await enrolled({}, a.clusterId);
        await store.setRoles([
          { nodeId: a.id, role: 'server' },
          { nodeId: b.id, role: 'agent' },
          { nodeId: 'missing', role: 'agent' },
        ]);
        await store.setRoles([]);
        expect((await store.getNode(a.id))?.role).toBe('server');
        expect((await store.getNode(b.id))?.role).toBe('agent');
        expect((await store.getNode(c.id))?.role).toBe('none');
      });

      it('stores assignments byte for byte and records acks and readiness', async () => {
        const n = await enrolled();
        const body = randomBytes(3000);
        const signature = randomBytes(64);
        await store.saveAssignment(n.id, { epoch: 2, generation: 5, hash: 'h1', body, signature });
        let a = (await store.getNode(n.id))!.assignment;
        expect(a).toMatchObject({
          epoch: 2,
          generation: 5,
          hash: 'h1',
          ackedEpoch: 0,
          ackedGeneration: 0,
          readyAt: null,
        });
        expect(a.body?.equals(body)).toBe(true);
        expect(a.signature?.equals(signature)).toBe(true);
        await store.recordAck(n.id, 2, 5);
        await store.setNodeReady(n.id, NOW + 7);
        a = (await store.getNode(n.id))!.assignment;
        expect(a).toMatchObject({ ackedEpoch: 2, ackedGeneration: 5, readyAt: NOW + 7 });
        await store.setNodeReady(n.id, null);
        expect((await store.getNode(n.id))?.assignment.readyAt).toBeNull();
        await store.saveAssignment(n.id, { epoch: 3, generation: 0, hash: '', body: null, signature: null });
        a = (await store.getNode(n.id))!.assignment;
        expect(a.body).toBeNull();
        expect(a.signature).toBeNull();
        expect(a.epoch).toBe(3);
      });

      it('sets a node password once (first writer wins)', async () => {
        const n = await enrolled();
        const first = randomBytes(60);
        await store.setNodePassword(n.id, first);
        await store.setNodePassword(n.id, randomBytes(60));
        expect((await store.getNode(n.id))?.assignment.nodePasswordSealed?.equals(first)).toBe(true);
        // Concurrent first writes: exactly one value sticks, and every reader sees it.
        const m = await enrolled({}, n.clusterId);
        const candidates = Array.from({ length: 10 }, () => randomBytes(60));
        await Promise.all(candidates.map((c) => store.setNodePassword(m.id, c)));
        const stored = (await store.getNode(m.id))?.assignment.nodePasswordSealed;
        expect(candidates.filter((c) => stored?.equals(c))).toHaveLength(1);
      });
    });

    describe('releases and blob chunks', () => {
      it('puts, replaces, lists, finds by blob and deletes releases per version and arch', async () => {
        const a = releaseRow();
        const b = releaseRow({
          arch: 'arm64',
          sha256: 'b'.repeat(64),
          imagesName: 'k3s-airgap-images-arm64.tar.zst',
          imagesSha256: 'c'.repeat(64),
          imagesSize: 9,
        });
        await store.putRelease(a);
        await store.putRelease(b);
        expect(await store.listReleases()).toEqual([a, b]);
        expect(await store.getRelease(a.version, 'amd64')).toEqual(a);
        expect(await store.getRelease(a.version, 'riscv64')).toBeNull();
        expect(await store.releasesWithBlob('c'.repeat(64))).toEqual([b]);
        const replaced = { ...a, sha256: 'd'.repeat(64), size: 77, source: 'fetch https://m' };
        await store.putRelease(replaced);
        expect(await store.getRelease(a.version, 'amd64')).toEqual(replaced);
        expect(await store.deleteRelease(a.version, 'amd64')).toBe(true);
        expect(await store.deleteRelease(a.version, 'amd64')).toBe(false);
        expect(await store.listReleases()).toEqual([b]);
      });

      it('stores blob chunks in order, pages them, counts and deletes them', async () => {
        const sha = 'e'.repeat(64);
        for (let i = 4; i >= 0; i--) await store.putBlobChunk(sha, i, Buffer.from([i, i, i]));
        await store.putBlobChunk('f'.repeat(64), 0, Buffer.from('other'));
        expect(await store.countBlobChunks(sha)).toBe(5);
        expect((await store.getBlobChunks(sha, 1, 3)).map((b) => b[0])).toEqual([1, 2, 3]);
        expect((await store.getBlobChunks(sha, 3, 10)).map((b) => b[0])).toEqual([3, 4]);
        await store.putBlobChunk(sha, 0, Buffer.from([9]));
        expect((await store.getBlobChunks(sha, 0, 1))[0]).toEqual(Buffer.from([9]));
        await store.deleteBlobChunks(sha);
        expect(await store.countBlobChunks(sha)).toBe(0);
        expect(await store.countBlobChunks('f'.repeat(64))).toBe(1);
      });
    });

    describe('events', () => {
      it('filters by actor (exactly, or a kind ending in ":" with LIKE wildcards literal) and by a set of clusters', async () => {
        const add = (actor: string, clusterId: string | null): Promise<unknown> =>
          store.appendEvent({ type: 't', clusterId, nodeId: null, actor, message: actor, data: {} });
        for (const [a, c] of [
          ['user:alice', 'c1'],
          ['user:al_ce', 'c2'],
          ['sa:ci', 'c1'],
          ['break-glass', null],
          ['user%:x', 'c3'],
          ['system', 'c3'],
        ] as const)
          await add(a, c);
        const actors = async (q: { actor?: string; clusterIds?: string[] }): Promise<string[]> =>
          (await store.listEvents({ limit: 100, ...q })).map((e) => e.actor);
        expect(await actors({ actor: 'user:alice' })).toEqual(['user:alice']);
        expect(await actors({ actor: 'user:' })).toEqual(['user:alice', 'user:al_ce']);
        expect(await actors({ actor: 'user:al_ce' })).toEqual(['user:al_ce']);
        expect(await actors({ actor: 'user%:' })).toEqual(['user%:x']);
        expect(await actors({ actor: '%:' })).toEqual([]);
        expect(await actors({ actor: 'user' })).toEqual([]);
        expect(await actors({ clusterIds: ['c1', 'c3'] })).toEqual(['user:alice', 'sa:ci', 'user%:x', 'system']);
        expect(await actors({ clusterIds: [] })).toEqual([]);
        expect(await actors({ actor: 'user:', clusterIds: ['c2'] })).toEqual(['user:al_ce']);
      });

      it('appends with ids in order and round-trips fields', async () => {
        const e1 = await store.appendEvent({
          type: 'token.created',
          clusterId: 'c1',
          nodeId: null,
          actor: 'admin',
          message: 'm1',
          data: { a: 1, nested: { b: [1, 2] } },
          ts: NOW,
        });
        const e2 = await store.appendEvent({
          type: 'enroll.ok',
          clusterId: 'c1',
          nodeId: 'n1',
          actor: 'agent',
          message: 'm2',
          data: {},
        });
        expect(e1).toEqual({
          id: e1.id,
          ts: NOW,
          type: 'token.created',
          clusterId: 'c1',
          nodeId: null,
          actor: 'admin',
          message: 'm1',
          data: { a: 1, nested: { b: [1, 2] } },
        });
        expect(e2.id).toBeGreaterThan(e1.id);
        expect(e2.ts).toBeGreaterThan(0);
        expect(await store.listEvents({ limit: 10 })).toEqual([e1, e2]);
      });

      it('pages with after/limit and filters by cluster, node and type prefix', async () => {
        const all = [];
        for (let i = 0; i < 25; i++) {
          all.push(
            await store.appendEvent({
              type: i % 2 === 0 ? `enroll.ok` : `node.phase.${i % 3 === 0 ? 'ready' : 'installing'}`,
              clusterId: i % 5 === 0 ? null : `c${i % 2}`,
              nodeId: `n${i % 4}`,
              actor: 'x',
              message: `e${i}`,
              data: { i },
              ts: NOW + i,
            }),
          );
        }
        const pages: number[][] = [];
        let after = 0;
        for (;;) {
          const page = await store.listEvents({ after, limit: 10 });
          if (page.length === 0) break;
          pages.push(page.map((e) => e.data.i as number));
          after = page[page.length - 1]!.id;
        }
        expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
        expect(pages.flat()).toEqual(Array.from({ length: 25 }, (_, i) => i));
        const c1 = await store.listEvents({ limit: 100, clusterId: 'c1' });
        expect(c1.map((e) => e.data.i)).toEqual(all.filter((e) => e.clusterId === 'c1').map((e) => e.data.i));
        const n2 = await store.listEvents({ limit: 100, nodeId: 'n2' });
        expect(n2.map((e) => e.data.i)).toEqual([2, 6, 10, 14, 18, 22]);
        const phase = await store.listEvents({ limit: 100, type: 'node.phase' });
        expect(phase.every((e) => e.type.startsWith('node.phase.'))).toBe(true);
        expect(phase).toHaveLength(12);
        const ready = await store.listEvents({ limit: 100, type: 'node.phase.ready', clusterId: 'c1' });
        expect(ready.map((e) => e.data.i)).toEqual([3, 9, 21]);
        const afterFilter = await store.listEvents({ limit: 2, type: 'enroll', after: all[10]!.id });
        expect(afterFilter.map((e) => e.data.i)).toEqual([12, 14]);
      });

      it('updateEventData replaces the data of one event; a missing event is not-found', async () => {
        const e = await store.appendEvent({
          type: 't',
          clusterId: null,
          nodeId: null,
          actor: 'a',
          message: 'm',
          data: { count: 1 },
        });
        await store.updateEventData(e.id, { count: 7, lastSeenAt: 'x' });
        expect((await store.listEvents({ limit: 10 }))[0]).toEqual({ ...e, data: { count: 7, lastSeenAt: 'x' } });
        await expectFailure(() => store.updateEventData(e.id + 1000, {}), 'not-found');
      });

      it('pruneEvents deletes by age and keeps at most the newest N, in batches', async () => {
        const made = [];
        for (let i = 0; i < 6_000; i++) made.push({ ts: NOW + i, i });
        // 6,000 events: more than one prune batch (5,000).
        for (const m of made)
          await store.appendEvent({
            type: 't',
            clusterId: null,
            nodeId: null,
            actor: 'a',
            message: '',
            data: { i: m.i },
            ts: m.ts,
          });
        expect(await store.pruneEvents({ before: NOW + 100, keep: 1_000_000 })).toBe(100);
        expect((await store.listEvents({ limit: 1 }))[0]?.data.i).toBe(100);
        expect(await store.pruneEvents({ before: 0, keep: 500 })).toBe(6_000 - 100 - 500);
        const left = [];
        for (let after = 0; ;) {
          const page = await store.listEvents({ after, limit: 1000 });
          if (page.length === 0) break;
          left.push(...page.map((e) => e.data.i as number));
          after = page.at(-1)!.id;
        }
        expect(left).toEqual(Array.from({ length: 500 }, (_, k) => 5_500 + k));
        expect(await store.pruneEvents({ before: 0, keep: 500 })).toBe(0);
        await expectFailure(() => store.pruneEvents({ before: 0, keep: 0 }), 'bad-request');
      }, 120_000);

      it('lastEventId is 0 on an empty store, then the newest id', async () => {
        expect(await store.lastEventId()).toBe(0);
        const e1 = await store.appendEvent({
          type: 't',
          clusterId: null,
          nodeId: null,
          actor: 'a',
          message: '1',
          data: {},
        });
        const e2 = await store.appendEvent({
          type: 't',
          clusterId: null,
          nodeId: null,
          actor: 'a',
          message: '2',
          data: {},
        });
        expect(e2.id).toBeGreaterThan(e1.id);
        expect(await store.lastEventId()).toBe(e2.id);
      });

      it('concurrent appends get distinct increasing ids and all are listed', async () => {
        const made = await Promise.all(
          Array.from({ length: 30 }, (_, i) =>
            store.appendEvent({ type: 't', clusterId: null, nodeId: null, actor: 'a', message: `${i}`, data: {} }),
          ),
        );
        expect(new Set(made.map((e) => e.id)).size).toBe(30);
        const listed = await store.listEvents({ limit: 100 });
        expect(listed.map((e) => e.id)).toEqual([...made.map((e) => e.id)].sort((x, y) => x - y));
      });
    });

    describe('replica presence and outbox', () => {
      it('presence: a late close from the old replica does not undo a newer session elsewhere', async () => {
        const n = await enrolled();
        await store.updateNodeStatus(n.id, { connected: true, replicaId: 'r1', connectedAt: NOW + 1 });
        let got = await store.getNode(n.id);
        expect([got?.connected, got?.replicaId, got?.connectedAt]).toEqual([true, 'r1', NOW + 1]);
        // The agent moves to r2 before r1 notices its socket closed.
        await store.updateNodeStatus(n.id, { connected: true, replicaId: 'r2', connectedAt: NOW + 2 });
        expect(await store.disconnectNode(n.id, 'r1', NOW + 3)).toBe(false);
        got = await store.getNode(n.id);
        expect([got?.connected, got?.replicaId]).toEqual([true, 'r2']);
        expect(await store.disconnectNode(n.id, 'r2', NOW + 4)).toBe(true);
        got = await store.getNode(n.id);
        expect([got?.connected, got?.replicaId, got?.lastSeenAt]).toEqual([false, '', NOW + 4]);
      });

      it("markAllDisconnected(replica) clears only that replica's sessions; without an argument, all", async () => {
        const c = clusterRow();
        await store.createCluster(c);
        const a = await enrolled({}, c.id);
        const b = await enrolled({}, c.id);
        await store.updateNodeStatus(a.id, { connected: true, replicaId: 'r1', connectedAt: NOW });
        await store.updateNodeStatus(b.id, { connected: true, replicaId: 'r2', connectedAt: NOW });
        await store.markAllDisconnected('r1');
        expect((await store.getNode(a.id))?.connected).toBe(false);
        expect((await store.getNode(b.id))?.connected).toBe(true);
        await store.markAllDisconnected();
        expect((await store.getNode(b.id))?.connected).toBe(false);
        expect((await store.getNode(b.id))?.replicaId).toBe('');
      });

      it('replicas: heartbeat inserts then refreshes (never backwards); remove deletes', async () => {
        await store.heartbeatReplica({ id: 'r1', url: 'wss://a:1', at: NOW });
        await store.heartbeatReplica({ id: 'r2', url: 'wss://b:1', at: NOW + 5 });
        await store.heartbeatReplica({ id: 'r1', url: 'wss://a:2', at: NOW + 10 });
        await store.heartbeatReplica({ id: 'r1', url: 'wss://a:2', at: NOW + 7 });
        expect(await store.listReplicas()).toEqual([
          { id: 'r1', url: 'wss://a:2', startedAt: NOW, seenAt: NOW + 10 },
          { id: 'r2', url: 'wss://b:1', startedAt: NOW + 5, seenAt: NOW + 5 },
        ]);
        await store.removeReplica('r1');
        expect((await store.listReplicas()).map((r) => r.id)).toEqual(['r2']);
      });

      it('outbox: messages come out once, per replica, in order; prune drops old ones', async () => {
        for (let i = 0; i < 5; i++)
          await store.enqueueMessage({
            replicaId: i % 2 ? 'r2' : 'r1',
            nodeId: `n${i}`,
            body: Buffer.from([i, 0xff]),
            at: NOW + i,
          });
        const first = await store.takeMessages('r1', 2);
        expect(first.map((m) => m.nodeId)).toEqual(['n0', 'n2']);
        expect(first[0]?.body).toEqual(Buffer.from([0, 0xff]));
        expect(first[0]?.id).toBeLessThan(first[1]?.id ?? 0);
        expect((await store.takeMessages('r1', 10)).map((m) => m.nodeId)).toEqual(['n4']);
        expect(await store.takeMessages('r1', 10)).toEqual([]);
        // Concurrent drains of one replica never hand out a message twice.
        for (let i = 0; i < 20; i++)
          await store.enqueueMessage({ replicaId: 'r3', nodeId: `m${i}`, body: Buffer.from([i]), at: NOW + 100 });
        const drains = await Promise.all([1, 2, 3, 4].map(() => store.takeMessages('r3', 7)));
        const ids = drains.flat().map((m) => m.nodeId);
        expect(new Set(ids).size).toBe(ids.length);
        expect(await store.pruneMessages(NOW + 2)).toBe(1); // r2's n1 (at NOW+1); n3 is at NOW+3
        expect((await store.takeMessages('r2', 10)).map((m) => m.nodeId)).toEqual(['n3']);
      });
    });
  });
}
