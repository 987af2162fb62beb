/**
 * The formation controllers against a real coordinator, with hand-driven
 * agents (no k3s): formation waits for a k3s release the coordinator does
 * not hold and says which; one cluster whose pass throws cannot stop the
 * others (its status says why, it is retried with back-off); a server that
 * reports another CA halts its cluster until an operator resumes it.
 */
import { createReadStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClusterRow, clusterSpec, type RunningCoordinator, startCoordinator } from '@k3sgrid/coordinator';
import { type CapabilityReport, openAssignment, reportToWire } from '@k3sgrid/proto';
import { newIdentity, rawEnroll, type Identity, type RawConn } from '../support/raw-client.js';
import { tempDir, waitFor, silentLogger } from '@k3sgrid/testkit';
import { nodeReport } from '@k3sgrid/testkit/reports';

let co: RunningCoordinator;
let dir: string;
const V = 'v1.33.4+k3s1';

interface Agent {
  conn: RawConn;
  id: Identity;
  nodeId: string;
  coordinatorSignPub: Uint8Array;
}

async function agent(cluster: string, name: string, report: Partial<CapabilityReport> = {}): Promise<Agent> {
  const { token } = await co.service.createToken(
    cluster,
    { ttlSeconds: 600, maxUses: 1, roles: ['server', 'agent', 'lb'], description: '' },
    'test',
  );
  const id = await newIdentity();
  const { result, conn } = await rawEnroll(co.agentUrl, co.state.tls.caCert, token, { identity: id, hostname: name });
  if (result.kind !== 'welcome') throw new Error(JSON.stringify(result));
  conn.send({
    kind: 'capabilityReport',
    value: reportToWire(nodeReport({ hostname: name, addresses: [`10.1.0.${name.length}`], ...report })),
  });
  return { conn, id, nodeId: result.value.nodeId, coordinatorSignPub: result.value.coordinatorSignPub };
}

/** The last assignment the agent received, opened. */
async function lastAssignment(a: Agent): Promise<Awaited<ReturnType<typeof openAssignment>> | null> {
  const got = a.conn.received.filter((b) => b.kind === 'assignment');
  const last = got.at(-1);
  if (!last || last.kind !== 'assignment') return null;
  return openAssignment(last.value, a.coordinatorSignPub, a.id.box);
}

async function cluster(name: string): Promise<ClusterRow> {
  return co.service.getCluster(name);
}

beforeAll(async () => {
  dir = tempDir('controllers');
  co = await startCoordinator({
    stateDir: join(dir, 'state'),
    listen: '127.0.0.1:0',
    advertise: ['127.0.0.1'],
    logger: silentLogger,
    reconcileIntervalMs: 200,
  });
});
afterAll(async () => {
  await co?.close();
});

describe('formation controllers', () => {
  it('holds formation until the coordinator holds the k3s release, naming version and arch; then assigns it', async () => {
    await co.service.createCluster(clusterSpec({ name: 'rel', k3sVersion: V }), 'test');
    const a = await agent('rel', 'first');
    const held = await waitFor('the hold status', async () => {
      const c = await cluster('rel');
      return c.formation.statusMessage.includes('holds no k3s') ? c : undefined;
    });
    expect(held.phase).toBe('pending');
    expect(held.formation.statusMessage).toContain(`the coordinator holds no k3s ${V} for amd64 (nodes first)`);
    expect(await lastAssignment(a)).toBeNull();
    const file = join(dir, 'k3s');
    writeFileSync(file, '#!/bin/sh\n');
    const row = await co.releases.importBinary({
      version: V,
      arch: 'amd64',
      source: createReadStream(file),
      actor: 'test',
    });
    const got = await waitFor('the first assignment', () => lastAssignment(a).then((x) => x ?? undefined));
    expect(got.spec.role).toBe('server-init');
    expect(got.spec.k3sRelease).toEqual({
      version: V,
      arch: 'amd64',
      sha256: row.sha256,
      size: row.size,
      images: null,
    });
    expect(got.spec.advertiseAddress).toBe('10.1.0.5');
    a.conn.ws.close();
  });

  it('a cluster whose pass throws does not stop the others: its status says why, and it is retried', async () => {
    // Storage nfs without an export cannot be made into manifests; the API
    // refuses such a spec, so it is written straight into the store.
    const broken = clusterSpec({ name: 'broken', k3sVersion: V });
    const row = await co.service.createCluster(broken, 'test');
    await co.state.store.updateCluster(row.id, {});
    await (co.state.store as unknown as { sql: (q: string, v: unknown[]) => Promise<unknown> }).sql(
      'UPDATE clusters SET spec = ? WHERE id = ?',
      [JSON.stringify({ ...broken, storage: 'nfs' }), row.id],
    );
    // The node can mount NFS, so the plan chooses nfs; only the export is missing.
    const b = await agent('broken', 'bad', {
      modules: [
        { name: 'vxlan', configSymbol: 'VXLAN', state: 'loaded', sourceFile: 'proc/modules' },
        { name: 'nfs', configSymbol: 'NFS_FS', state: 'loaded', sourceFile: 'proc/modules' },
      ],
      tools: [{ name: 'mount.nfs', present: true, path: '/sbin/mount.nfs' }],
    });
    await co.service.createCluster(clusterSpec({ name: 'good', k3sVersion: V }), 'test');
    const g = await agent('good', 'good');
    // The good cluster forms its first server although the broken one throws in every pass.
    const got = await waitFor('the good cluster assigned', () => lastAssignment(g).then((x) => x ?? undefined));
    expect(got.spec.clusterName).toBe('good');
    const c = await waitFor('the broken status', async () => {
      const x = await cluster('broken');
      return x.formation.statusMessage.startsWith('reconcile error') ? x : undefined;
    });
    expect(c.formation.statusMessage).toMatch(/^reconcile error: .*nfsServer and nfsPath.*; retrying in \d+ s$/);
    const events = await co.service.listEvents({ limit: 1000, type: 'formation.error', clusterId: row.id });
    expect(events.length).toBe(1); // one event per distinct error, not one per retry
    expect(await lastAssignment(b)).toBeNull();
    b.conn.ws.close();
    g.conn.ws.close();
  });

  it('a server reporting another CA halts the cluster: no more assignments until resumed', async () => {
    await co.service.createCluster(
      clusterSpec({ name: 'ca', k3sVersion: V, servers: 3, formation: { minNodes: 3, timeoutSeconds: 60 } }),
      'test',
    );
    const first = await agent('ca', 'first');
    const second = await agent('ca', 'second');
    const other = await agent('ca', 'other');
    const init = await waitFor('the first server', () => lastAssignment(first).then((x) => x ?? undefined));
    const epoch = init.spec.epoch;
    const hashA = 'a'.repeat(64);
    first.conn.send({
      kind: 'statusUpdate',
      value: { phase: 'ready', message: '', logTail: [], caHash: hashA, epoch, generation: init.spec.generation },
    });
    const joiner = await waitFor('the joiner assignment', () => lastAssignment(second).then((x) => x ?? undefined));
    expect(joiner.secrets.token.startsWith(`K10${hashA}::server:`)).toBe(true);
    // The joiner comes up with a CA of its own: another cluster.
    second.conn.send({
      kind: 'statusUpdate',
      value: {
        phase: 'running',
        message: '',
        logTail: [],
        caHash: 'b'.repeat(64),
        epoch,
        generation: joiner.spec.generation,
      },
    });
    const halted = await waitFor('halted', async () => {
      const c = await cluster('ca');
      return c.phase === 'halted' ? c : undefined;
    });
    expect(halted.formation.haltReason).toContain(`reported CA hash ${'b'.repeat(64)}`);
    expect(halted.formation.statusMessage).toContain('k3sgrid cluster resume ca');
    expect((await co.service.listEvents({ limit: 100, type: 'formation.ca-changed' })).length).toBe(1);
    // A node that enrolls now gets nothing.
    const third = await agent('ca', 'third');
    await new Promise((r) => setTimeout(r, 1000));
    expect(await lastAssignment(third)).toBeNull();
    // The API refuses to resume a cluster that is not halted, and resumes this one.
    const notHalted = await co.app.inject({
      method: 'POST',
      url: '/v1/clusters/rel/resume',
      headers: {
        authorization: `Bearer ${(await import('node:fs')).readFileSync(join(dir, 'state/admin.token'), 'utf8').trim()}`,
      },
    });
    expect(notHalted.statusCode).toBe(409);
    await co.service.resumeCluster('ca', 'test');
    expect((await cluster('ca')).formation.haltReason).toBe('');
    // A report from an older epoch's assignment (a fenced node) cannot halt it.
    second.conn.send({
      kind: 'statusUpdate',
      value: { phase: 'running', message: '', logTail: [], caHash: 'c'.repeat(64), epoch: epoch - 1, generation: 1 },
    });
    await new Promise((r) => setTimeout(r, 500));
    expect((await cluster('ca')).phase).not.toBe('halted');
    for (const x of [first, second, other, third]) x.conn.ws.close();
  });
});
