/**
 * The access CLI against an in-process coordinator: `user create/grant/list/
 * delete`, `service-account`, `api-token create/list/revoke`, `whoami`,
 * `events --actor` and `break-glass rotate`. A token's secret goes to
 * stdout once and appears in no list.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCoordinator, type RunningCoordinator } from '@k3sgrid/coordinator';
import { silentLogger, tempDir } from '@k3sgrid/testkit';

let co: RunningCoordinator;
let dir: string;

beforeAll(async () => {
  dir = tempDir('accesscli');
  co = await startCoordinator({
    stateDir: join(dir, 'state'),
    listen: '127.0.0.1:0',
    advertise: ['127.0.0.1'],
    logger: silentLogger,
  });
});
afterAll(async () => {
  await co?.close();
});

/** Runs the CLI (the state dir gives URL, CA and, without --token, the break-glass token). */
async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(['--state-dir', join(dir, 'state'), ...args], {
    out: (s) => (out += s),
    err: (s) => (err += s),
  });
  return { code, out, err };
}

describe('access CLI', () => {
  it('creates a user, grants a role, makes it a token, and the token acts as that user', async () => {
    expect((await cli('cluster', 'create', 'prod')).code).toBe(0);
    expect((await cli('cluster', 'create', 'dev')).code).toBe(0);
    expect((await cli('user', 'create', 'alice', '--description', 'on call')).code).toBe(0);
    const g = await cli('user', 'grant', 'alice', '--role', 'operator', '--cluster', 'prod');
    expect(g.code).toBe(0);
    expect(g.err).toContain('operator@prod');
    const bad = await cli('user', 'grant', 'alice', '--role', 'root');
    expect(bad.code).not.toBe(0);
    const list = await cli('user', 'list', '-o', 'json');
    const users = (
      JSON.parse(list.out) as { items: Array<{ name: string; grants: Array<{ role: string; cluster: string }> }> }
    ).items;
    expect(users).toEqual([
      expect.objectContaining({
        name: 'alice',
        grants: [expect.objectContaining({ role: 'operator', cluster: 'prod' })],
      }),
    ]);

    const made = await cli('api-token', 'create', '--user', 'alice', '--name', 'laptop', '--ttl', '7d');
    expect(made.code).toBe(0);
    const token = made.out.trim();
    expect(token).toMatch(/^k3g_at_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(made.err).toContain('not shown again');

    const who = await cli('--token', token, 'whoami');
    expect(who.out).toBe('user:alice\toperator@prod\n');
    // Operator of prod: may make a join token there, not in dev, and sees only prod.
    expect((await cli('--token', token, 'token', 'create', '--cluster', 'prod')).code).toBe(0);
    const refused = await cli('--token', token, 'token', 'create', '--cluster', 'dev');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('lacks the operator role');
    const seen = await cli('--token', token, 'cluster', 'list', '-o', 'name');
    expect(seen.out.trim().split('\n')).toEqual(['cluster/prod']);
    // Its own tokens, without secrets; an admin sees all.
    const mine = await cli('--token', token, 'api-token', 'list', '-o', 'json');
    expect(mine.out).toContain('"name": "laptop"');
    const all = await cli('api-token', 'list', '--all');
    expect(all.out).toContain('user:alice');
    // The secret is the 43 characters after `k3g_at_<id>_` (base64url: it may hold `_` itself).
    const secret = token.slice(-43);
    for (const s of [mine.out, all.out, who.out, refused.err]) expect(s).not.toContain(secret);
    // Events record who acted.
    const ev = await cli('events', '--actor', 'user:alice', '-o', 'json');
    const types = (JSON.parse(ev.out) as Array<{ type: string; actor: string }>).map((e) => `${e.actor} ${e.type}`);
    expect(types).toEqual(['user:alice token.created']);

    // Revoked by its owner: refused at once.
    const id = (JSON.parse(mine.out) as { items: Array<{ id: string }> }).items[0]?.id ?? '';
    expect((await cli('--token', token, 'api-token', 'revoke', id)).code).toBe(0);
    const after = await cli('--token', token, 'whoami');
    expect(after.code).toBe(1);
    expect(after.err).toContain('invalid bearer token');
  });

  it('service accounts and deletion', async () => {
    expect((await cli('sa', 'create', 'ci')).code).toBe(0);
    expect((await cli('service-account', 'grant', 'ci', '--role', 'viewer')).code).toBe(0);
    const t = (await cli('api-token', 'create', '--service-account', 'ci', '--name', 'pipeline')).out.trim();
    expect((await cli('--token', t, 'whoami')).out).toBe('sa:ci\tviewer@*\n');
    expect((await cli('--token', t, 'cluster', 'delete', 'dev')).code).toBe(1);
    expect((await cli('service-account', 'ungrant', 'ci')).code).toBe(0);
    expect((await cli('--token', t, 'whoami')).out).toBe('sa:ci\t-\n');
    expect((await cli('--token', t, 'cluster', 'list')).code).toBe(1);
    expect((await cli('sa', 'delete', 'ci')).code).toBe(0);
    expect((await cli('--token', t, 'whoami')).code).toBe(1);
  });

  it('break-glass rotate prints a new token once; the old one stops working', async () => {
    const old = readFileSync(join(dir, 'state', 'admin.token'), 'utf8').trim();
    const r = await cli('--token', old, 'break-glass', 'rotate');
    expect(r.code).toBe(0);
    const fresh = r.out.trim();
    expect(fresh).toMatch(/^k3g_admin_/);
    expect(fresh).not.toBe(old);
    expect((await cli('--token', old, 'whoami')).code).toBe(1);
    expect((await cli('--token', fresh, 'whoami')).out).toBe('break-glass\tadmin@*\n');
    // The state dir's copy follows, so the CLI on the coordinator host keeps working.
    expect((await cli('whoami')).code).toBe(0);
  });
});
