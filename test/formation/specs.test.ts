/**
 * Bad cluster specs are refused with clear errors; an explicit storage choice
 * that the enrolled nodes cannot meet holds formation and says why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Lab } from '../../scripts/lib/lab-core.js';
import { SHARED_DIR } from '../support/paths.js';
import { tempDir } from '@k3sgrid/testkit';

let lab: Lab;
beforeAll(async () => {
  lab = await Lab.start({ dir: tempDir('specs'), subnet: '127.0.83', spec: { storage: 'longhorn' } });
});
afterAll(async () => {
  await lab.stop();
});

const post = async (payload: unknown): Promise<{ status: number; body: { code?: string; message?: string } }> => {
  const r = await lab.coordinator.app.inject({
    method: 'POST',
    url: '/v1/clusters',
    headers: { authorization: `Bearer ${lab.adminToken()}` },
    payload: payload as object,
  });
  return { status: r.statusCode, body: r.json() };
};

describe('cluster specs', () => {
  it.each([
    [{ name: 'two', servers: 2 }, 'odd member count for quorum'],
    [{ name: 'four', servers: 4 }, 'odd member count for quorum'],
    [{ name: 'vip', registration: { mode: 'vip' } }, 'registration.address is required'],
    [{ name: 'weave', cni: 'weave' }, 'cni'],
    [{ name: 'dup', storage: 'ceph' }, 'storage'],
  ])('refuses %j', async (payload, words) => {
    const r = await post(payload);
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('bad-request');
    expect(r.body.message).toContain(words);
  });

  it('refuses a duplicate name with 409', async () => {
    const r = await post({ name: 'lab' });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('conflict');
  });

  it('an unsatisfiable explicit storage choice holds formation and says why', async () => {
    // A Zero-OS 4.14 node: no iscsiadm, so Longhorn cannot run.
    lab.startNode(1, await lab.token(), { args: ['--probe-root', join(SHARED_DIR, 'fixtures/kernels/zos-4.14.82')] });
    const c = await lab.waitFor('formation held', (x) => x.formation.statusMessage.includes('longhorn'), 60_000);
    expect(c.phase).toBe('pending');
    expect(c.formation.statusMessage).toContain('formation held');
    expect(c.formation.statusMessage).toMatch(/longhorn needs iscsiadm \(open-iscsi\) on node lab-node1; missing/);
    expect(c.formation.initNodeId).toBeNull();
    const nodes = await lab.coordinator.service.listNodes(lab.cluster.id);
    expect(nodes.every((n) => n.role === 'none' && n.assignment.body === null)).toBe(true);
    const plan = await lab.coordinator.app.inject({
      url: `/v1/clusters/lab/plan`,
      headers: { authorization: `Bearer ${lab.adminToken()}` },
    });
    expect(plan.json<{ storage: { choice: unknown } }>().storage.choice).toBeNull();
  }, 90_000);
});
