/**
 * Every error status has its own stable code and its reason phrase in the
 * one error body `{statusCode, code, error, message}`, whoever raised it:
 * a route, the auth hook, zod validation, fastify's body parser, the static
 * file server or the router itself.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeForStatus, errorBody, type RunningCoordinator, startCoordinator } from '@k3sgrid/coordinator';
import { tempDir, silentLogger } from '@k3sgrid/testkit';

let co: RunningCoordinator;
let token: string;

beforeAll(async () => {
  const dir = tempDir('errbodies');
  co = await startCoordinator({
    stateDir: join(dir, 'state'),
    listen: '127.0.0.1:0',
    advertise: ['127.0.0.1'],
    logger: silentLogger,
  });
  token = readFileSync(join(dir, 'state', 'admin.token'), 'utf8').trim();
});
afterAll(async () => {
  await co?.close();
});

describe('error bodies', () => {
  const auth = (): Record<string, string> => ({ authorization: `Bearer ${token}` });
  const cases: Array<{
    what: string;
    status: number;
    code: string;
    error: string;
    req: () => InjectOptions;
  }> = [
    {
      what: 'no token',
      status: 401,
      code: 'unauthorized',
      error: 'Unauthorized',
      req: () => ({ method: 'GET', url: '/v1/clusters' }),
    },
    {
      what: 'a forbidden static path',
      status: 403,
      code: 'forbidden',
      error: 'Forbidden',
      req: () => ({ method: 'GET', url: '/ui/%00' }),
    },
    {
      what: 'no such route',
      status: 404,
      code: 'not-found',
      error: 'Not Found',
      req: () => ({ method: 'GET', url: '/v2/x' }),
    },
    {
      what: 'no such cluster',
      status: 404,
      code: 'not-found',
      error: 'Not Found',
      req: () => ({ method: 'GET', url: '/v1/clusters/nope', headers: auth() }),
    },
    {
      what: 'invalid JSON',
      status: 400,
      code: 'bad-request',
      error: 'Bad Request',
      req: () => ({
        method: 'POST',
        url: '/v1/clusters',
        headers: { ...auth(), 'content-type': 'application/json' },
        payload: '{"name":',
      }),
    },
    {
      what: 'a body the schema refuses',
      status: 400,
      code: 'bad-request',
      error: 'Bad Request',
      req: () => ({ method: 'POST', url: '/v1/clusters', headers: auth(), payload: { name: 'x', servers: 2 } }),
    },
    {
      what: 'a wrong content type',
      status: 415,
      code: 'unsupported-media-type',
      error: 'Unsupported Media Type',
      req: () => ({
        method: 'POST',
        url: '/v1/clusters',
        headers: { ...auth(), 'content-type': 'application/xml' },
        payload: '<cluster name="x"/>',
      }),
    },
    {
      what: 'an oversize body',
      status: 413,
      code: 'payload-too-large',
      error: 'Payload Too Large',
      req: () => ({
        method: 'POST',
        url: '/v1/clusters',
        headers: { ...auth(), 'content-type': 'application/json' },
        payload: JSON.stringify({ name: 'x', description: 'y'.repeat(300 * 1024) }),
      }),
    },
    {
      what: 'a conflict',
      status: 409,
      code: 'conflict',
      error: 'Conflict',
      req: () => ({ method: 'GET', url: '/v1/clusters/dup/plan', headers: auth() }),
    },
  ];

  it.each(cases)('$what: $status $code', async (c) => {
    if (c.status === 409) {
      const made = await co.app.inject({
        method: 'POST',
        url: '/v1/clusters',
        headers: auth(),
        payload: { name: 'dup' },
      });
      expect(made.statusCode).toBe(201);
    }
    const res = await co.app.inject(c.req());
    expect(res.statusCode).toBe(c.status);
    expect(res.json()).toEqual({ statusCode: c.status, code: c.code, error: c.error, message: expect.any(String) });
  });

  it('every status maps to its own code and reason phrase', () => {
    const statuses = [400, 401, 403, 404, 405, 409, 413, 415, 429, 500, 503];
    const codes = statuses.map(codeForStatus);
    expect(new Set(codes).size).toBe(statuses.length);
    for (const s of statuses) expect(errorBody(s, 'm').error).not.toBe('Error');
  });
});
