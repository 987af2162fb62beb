import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CreateClusterBody, CreateTokenBody, EventsQuery } from '../src/api/schemas.js';

const msg = (r: { success: boolean; error?: z.ZodError }): string => (r.error ? z.prettifyError(r.error) : '');

describe('API schemas', () => {
  it('fills cluster defaults', () => {
    const c = CreateClusterBody.parse({ name: 'demo' });
    expect(c).toMatchObject({
      servers: 1,
      registration: { mode: 'server' },
      cni: 'auto',
      storage: 'auto',
      secretsEncryption: true,
      datastore: { kind: 'embedded-etcd' },
    });
  });

  it.each([2, 4])('refuses %i servers with the quorum reason', (servers) => {
    const r = CreateClusterBody.safeParse({ name: 'demo', servers });
    expect(r.success).toBe(false);
    expect(msg(r)).toContain('odd member count');
  });

  it('refuses unknown and wrong-typed fields', () => {
    expect(msg(CreateClusterBody.safeParse({ name: 'demo', bogus: 1 }))).toContain('bogus');
    expect(CreateClusterBody.safeParse({ name: 'demo', servers: '3' }).success).toBe(false);
    expect(CreateClusterBody.safeParse({ name: 'Demo_1' }).success).toBe(false);
    expect(CreateClusterBody.safeParse({ name: 'demo', cni: 'weave' }).success).toBe(false);
  });

  it('needs an address for vip and dns registration', () => {
    expect(msg(CreateClusterBody.safeParse({ name: 'demo', registration: { mode: 'vip' } }))).toContain(
      'registration.address is required',
    );
    expect(
      CreateClusterBody.safeParse({ name: 'demo', registration: { mode: 'dns', address: 'k8s.example.org' } }).success,
    ).toBe(true);
  });

  it('bounds token lifetimes and uses', () => {
    expect(CreateTokenBody.parse({})).toEqual({
      ttlSeconds: 3600,
      maxUses: 1,
      roles: ['server', 'agent', 'lb'],
      description: '',
    });
    expect(CreateTokenBody.safeParse({ ttlSeconds: 86_401 }).success).toBe(false);
    expect(CreateTokenBody.safeParse({ ttlSeconds: 0 }).success).toBe(false);
    expect(CreateTokenBody.safeParse({ maxUses: 0 }).success).toBe(false);
    expect(CreateTokenBody.safeParse({ roles: ['admin'] }).success).toBe(false);
    expect(CreateTokenBody.safeParse({ secret: 'x' }).success).toBe(false);
  });

  it('coerces event query numbers and caps the page size', () => {
    expect(EventsQuery.parse({ after: '5', limit: '10' })).toMatchObject({ after: 5, limit: 10 });
    expect(EventsQuery.safeParse({ limit: '5000' }).success).toBe(false);
  });
});
