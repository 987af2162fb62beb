/**
 * `PATCH /v1/clusters/{id}` on a real coordinator: invalid bodies are 400
 * with a stable code and change nothing (spec, operation, events); a valid
 * change is a persisted operation shown by GET and recorded in the event
 * log, still there after the coordinator restarts on the same state dir.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCoordinator, type RunningCoordinator } from '@k3sgrid/coordinator';
import { tempDir } from '@k3sgrid/testkit';

const dir = tempDir('cluster-patch');
let co: RunningCoordinator | undefined;
let token: string;

const start = (): Promise<RunningCoordinator> =>
  startCoordinator({
    stateDir: join(dir, 'state'),
    listen: '127.0.0.1:0',
    advertise: ['127.0.0.1'],
    logger: pino({ level: 'silent' }),
  });

beforeAll(async () => {
  co = await start();
  token = readFileSync(join(dir, 'state', 'admin.token'), 'utf8').trim();
  const made = await co.app.inject({
    method: 'POST',
    url: '/v1/clusters',
    headers: { authorization: `Bearer ${token}` },
    payload: { name: 'chg' },
  });
  expect(made.statusCode).toBe(201);
});
afterAll(async () => {
  await co?.close();
});

const patch = (payload: unknown, auth = true) =>
  co!.app.inject({
    method: 'PATCH',
    url: '/v1/clusters/chg',
    headers: { ...(auth ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
    payload: JSON.stringify(payload),
  });

async function state(): Promise<{ spec: string; operation: string; events: number }> {
  const c = await co!.state.store.getCluster('chg');
  const events = await co!.state.store.listEvents({ limit: 1000, clusterId: c!.id });
  return { spec: JSON.stringify(c!.spec), operation: JSON.stringify(c!.formation.operation), events: events.length };
}

describe('PATCH /v1/clusters/{id}', () => {
  it.each([
    ['an even server count', { servers: 2 }, /servers must be 1, 3, 5 or 7/],
    ['too many servers', { servers: 9 }, /servers must be 1, 3, 5 or 7/],
    ['an unknown key', { servers: 3, name: 'other' }, /name|unrecognized/i],
    ['an unknown pool', { pools: { workers: { labels: {} } } }, /workers|unrecognized/i],
    ['an invalid label key', { pools: { agents: { labels: { 'bad key': 'x' } } } }, /label key/],
    ['a reserved label', { pools: { agents: { labels: { 'k3sgrid.io/storage-longhorn': 'true' } } } }, /reserved/],
    ['a taint with no effect', { pools: { agents: { taints: ['a=b'] } } }, /key\[=value\]:Effect/],
    ['a taint with an unknown effect', { pools: { servers: { taints: ['a:Never'] } } }, /effect must be one of/],
    ['nothing to change', {}, /nothing to change/],
    ['a non-object', [3], /body|expected object/i],
  ])('refuses %s with 400 bad-request and changes nothing', async (_what, body, message) => {
    const before = await state();
    const res = await patch(body);
    expect(res.statusCode).toBe(400);
    const b = res.json<{ code: string; message: string }>();
    expect(b.code).toBe('bad-request');
    expect(b.message).toMatch(message);
    expect(await state()).toEqual(before);
  });

  it('needs an operator token (the route decides: 401 without)', async () => {
    const before = await state();
    expect((await patch({ servers: 3 }, false)).statusCode).toBe(401);
    expect(await state()).toEqual(before);
  });

  it('a valid change is an operation in the cluster view and the event log, kept across a restart', async () => {
    const res = await patch({
      servers: 3,
      pools: { agents: { labels: { tier: 'web' }, taints: ['d=web:NoSchedule'] } },
    });
    expect(res.statusCode).toBe(200);
    const view = res.json<{ spec: Record<string, unknown>; operation: Record<string, unknown> }>();
    expect(view.spec).toMatchObject({
      servers: 3,
      pools: { agents: { labels: { tier: 'web' }, taints: ['d=web:NoSchedule'] } },
    });
    expect(view.operation).toMatchObject({ state: 'running', from: { servers: 1 }, target: { servers: 3 } });
    const id = view.operation.id as string;
    const c = await co!.state.store.getCluster('chg');
    const events = await co!.state.store.listEvents({ limit: 100, clusterId: c!.id, type: 'cluster.change-requested' });
    expect(events.map((e) => e.data.operation)).toEqual([id]);

    // The same change again changes nothing and records nothing.
    const again = await patch({ servers: 3 });
    expect(again.json<{ operation: { id: string } }>().operation.id).toBe(id);

    await co!.close();
    co = await start();
    const got = await co.app.inject({
      method: 'GET',
      url: '/v1/clusters/chg',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(
      got.json<{ operation: { id: string; state: string; target: { servers: number } } }>().operation,
    ).toMatchObject({
      id,
      state: 'running',
      target: { servers: 3 },
    });
  });
});
