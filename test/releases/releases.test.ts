/**
 * k3s releases held by the coordinator: imported through the CLI and the
 * API (checked against a sha256sum file, nothing stored on a mismatch),
 * fetched from a mirror (a local HTTP server stands in for GitHub's
 * releases), listed, deleted only while no cluster uses them, and downloaded
 * by an enrolled node with its signature (Range to resume), never with an
 * operator token or by another cluster's node.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { request } from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type RunningCoordinator, startCoordinator } from '@k3sgrid/coordinator';
import { downloadTranscript, sign } from '@k3sgrid/proto';
import { newIdentity, rawEnroll, type Identity } from '../support/raw-client.js';
import { tempDir, silentLogger } from '@k3sgrid/testkit';

const V = 'v1.33.4+k3s1';
let co: RunningCoordinator;
let dir: string;
let admin: string;
let binary: Buffer;
let binSha: string;
let mirror: Server;
let mirrorUrl: string;
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(['--state-dir', join(dir, 'state'), ...args], {
    out: (s) => (out += s),
    err: (s) => (err += s),
  });
  return { code, out, err };
}

/** A raw HTTPS GET with the coordinator's CA; resolves status, headers and body. */
function get(
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, co.url), { method: 'GET', ca: co.state.tls.caCert, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function nodeAuth(id: Identity, nodeId: string, blob: string, at = Date.now()): Promise<string> {
  const sig = await sign(
    downloadTranscript({ pin: co.state.pin, nodeId, sha256: blob, unixMs: at }),
    id.sign.privateKey,
  );
  return `K3G-Node ${nodeId}.${at}.${Buffer.from(sig).toString('base64url')}`;
}

async function enrolledNode(cluster: string): Promise<{ id: Identity; nodeId: string }> {
  const t = await co.app.inject({
    method: 'POST',
    url: `/v1/clusters/${cluster}/join-tokens`,
    headers: { authorization: `Bearer ${admin}` },
    payload: {},
  });
  const id = await newIdentity();
  const { result, conn } = await rawEnroll(co.agentUrl, co.state.tls.caCert, t.json<{ token: string }>().token, {
    identity: id,
  });
  conn.ws.close();
  if (result.kind !== 'welcome') throw new Error(JSON.stringify(result));
  return { id, nodeId: result.value.nodeId };
}

beforeAll(async () => {
  dir = tempDir('releases');
  co = await startCoordinator({
    stateDir: join(dir, 'state'),
    listen: '127.0.0.1:0',
    advertise: ['127.0.0.1'],
    logger: silentLogger,
  });
  admin = readFileSync(join(dir, 'state', 'admin.token'), 'utf8').trim();
  binary = Buffer.concat([Buffer.from('#!/bin/sh\necho k3s\n'), randomBytes(3 * 1024 * 1024)]);
  binSha = sha(binary);
  writeFileSync(join(dir, 'k3s'), binary);
  writeFileSync(
    join(dir, 'sha256sum-amd64.txt'),
    `${binSha}  k3s\n${'0'.repeat(64)}  k3s-airgap-images-amd64.tar.zst\n`,
  );
  // A mirror laid out like github.com/k3s-io/k3s/releases/download/<version>/<file>.
  const arm = randomBytes(1024 * 1024);
  const files = new Map<string, Buffer>([
    [`/${encodeURIComponent('v1.34.1+k3s1')}/k3s-arm64`, arm],
    [`/${encodeURIComponent('v1.34.1+k3s1')}/sha256sum-arm64.txt`, Buffer.from(`${sha(arm)}  k3s-arm64\n`)],
    [`/${encodeURIComponent('v1.34.2+k3s1')}/k3s`, randomBytes(1000)],
    [`/${encodeURIComponent('v1.34.2+k3s1')}/sha256sum-amd64.txt`, Buffer.from(`${'1'.repeat(64)}  k3s\n`)],
  ]);
  mirror = createServer((req, res) => {
    const body = files.get(req.url ?? '');
    if (!body) return res.writeHead(404).end();
    res.writeHead(200, { 'content-length': body.length }).end(body);
  });
  await new Promise<void>((r) => mirror.listen(0, '127.0.0.1', () => r()));
  const addr = mirror.address();
  mirrorUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});
afterAll(async () => {
  await co?.close();
  await new Promise((r) => mirror?.close(r));
});

describe('k3s releases', () => {
  it('release import refuses a binary that does not match the sha256sum file and stores nothing', async () => {
    const bad = join(dir, 'k3s-tampered');
    writeFileSync(bad, Buffer.concat([binary, Buffer.from('x')]));
    const r = await cli([
      'release',
      'import',
      '--version',
      V,
      '--file',
      bad,
      '--sha256-file',
      join(dir, 'sha256sum-amd64.txt'),
    ]);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/sha256 of the bytes is [0-9a-f]{64}, expected/);
    expect((await cli(['release', 'list', '-o', 'json'])).out).toContain('"items": []');
    const blobDir = join(dir, 'state', 'blobs');
    expect(readdirSync(blobDir)).toEqual([]);
  });

  it('release import stores a checked binary; list shows it; the blob is content-addressed', async () => {
    const r = await cli([
      'release',
      'import',
      '--version',
      V,
      '--arch',
      'amd64',
      '--file',
      join(dir, 'k3s'),
      '--sha256-file',
      join(dir, 'sha256sum-amd64.txt'),
    ]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(`stored (sha256 ${binSha})`);
    const list = JSON.parse((await cli(['release', 'list', '-o', 'json'])).out) as {
      items: Array<{ version: string; sha256: string; size: number }>;
    };
    expect(list.items).toEqual([
      expect.objectContaining({ version: V, arch: 'amd64', sha256: binSha, size: binary.length }),
    ]);
    expect(readFileSync(join(dir, 'state', 'blobs', binSha)).equals(binary)).toBe(true);
  });

  it('release fetch downloads from a mirror checked against its sha256sum file, and refuses a mismatch', async () => {
    const ok = await cli(['release', 'fetch', 'v1.34.1+k3s1', '--mirror', mirrorUrl, '--arch', 'arm64', '-o', 'json']);
    expect(ok.code, ok.err).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({
      items: [{ version: 'v1.34.1+k3s1', arch: 'arm64', source: `fetch ${mirrorUrl}` }],
    });
    const bad = await cli(['release', 'fetch', 'v1.34.2+k3s1', '--mirror', mirrorUrl]);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/expected 1{64}/);
    const missing = await cli(['release', 'fetch', 'v1.34.3+k3s1', '--mirror', mirrorUrl]);
    expect(missing.err).toMatch(/HTTP 404/);
    const names = (
      JSON.parse((await cli(['release', 'list', '-o', 'json'])).out) as { items: Array<{ version: string }> }
    ).items.map((x) => x.version);
    expect(names).toEqual([V, 'v1.34.1+k3s1']);
  });

  it('API input is checked: version, arch, body type', async () => {
    const put = (url: string, headers: Record<string, string>, payload: string) =>
      co.app.inject({ method: 'PUT', url, headers: { authorization: `Bearer ${admin}`, ...headers }, payload });
    expect(
      (await put('/v1/releases/1.33/amd64/binary', { 'content-type': 'application/octet-stream' }, 'x')).statusCode,
    ).toBe(400);
    expect(
      (
        await put(
          `/v1/releases/${encodeURIComponent(V)}/riscv64/binary`,
          { 'content-type': 'application/octet-stream' },
          'x',
        )
      ).statusCode,
    ).toBe(400);
    expect(
      (await put(`/v1/releases/${encodeURIComponent(V)}/amd64/binary`, { 'content-type': 'application/json' }, '{}'))
        .statusCode,
    ).toBe(400);
    const badSha = await put(
      `/v1/releases/${encodeURIComponent(V)}/arm64/binary`,
      { 'content-type': 'application/octet-stream', 'x-k3sgrid-sha256': 'f'.repeat(64) },
      'abc',
    );
    expect(badSha.statusCode).toBe(400);
    expect((await co.releases.list()).map((r) => `${r.version}/${r.arch}`)).toEqual([
      `${V}/amd64`,
      'v1.34.1+k3s1/arm64',
    ]);
  });

  it("an enrolled node downloads its cluster's release with its signature, and resumes with Range", async () => {
    await co.app.inject({
      method: 'POST',
      url: '/v1/clusters',
      headers: { authorization: `Bearer ${admin}` },
      payload: { name: 'rel', k3sVersion: V },
    });
    const n = await enrolledNode('rel');
    const full = await get(`/v1/agent/releases/${binSha}`, { authorization: await nodeAuth(n.id, n.nodeId, binSha) });
    expect(full.status).toBe(200);
    expect(sha(full.body)).toBe(binSha);
    const part = await get(`/v1/agent/releases/${binSha}`, {
      authorization: await nodeAuth(n.id, n.nodeId, binSha),
      range: 'bytes=1000-',
    });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 1000-${binary.length - 1}/${binary.length}`);
    expect(part.body.equals(binary.subarray(1000))).toBe(true);
    const beyond = await get(`/v1/agent/releases/${binSha}`, {
      authorization: await nodeAuth(n.id, n.nodeId, binSha),
      range: `bytes=${binary.length}-`,
    });
    expect(beyond.status).toBe(416);
  });

  it('downloads are refused without a valid, fresh node signature, with an operator token, or for another cluster', async () => {
    const n = await enrolledNode('rel');
    const other = await newIdentity();
    const cases: Array<[string, Record<string, string>, number]> = [
      ['no header', {}, 401],
      ['the admin token', { authorization: `Bearer ${admin}` }, 401],
      ['another key', { authorization: await nodeAuth(other, n.nodeId, binSha) }, 401],
      ['signed for another blob', { authorization: await nodeAuth(n.id, n.nodeId, 'a'.repeat(64)) }, 401],
      ['ten minutes old', { authorization: await nodeAuth(n.id, n.nodeId, binSha, Date.now() - 600_000) }, 401],
    ];
    for (const [what, headers, status] of cases) {
      const r = await get(`/v1/agent/releases/${binSha}`, headers);
      expect(r.status, what).toBe(status);
      expect(r.body.length, what).toBeLessThan(1000);
    }
    // A node of a cluster on another version may not take this one.
    await co.app.inject({
      method: 'POST',
      url: '/v1/clusters',
      headers: { authorization: `Bearer ${admin}` },
      payload: { name: 'other', k3sVersion: 'v1.34.1+k3s1' },
    });
    const o = await enrolledNode('other');
    const r = await get(`/v1/agent/releases/${binSha}`, { authorization: await nodeAuth(o.id, o.nodeId, binSha) });
    expect(r.status).toBe(403);
    // A revoked node is refused.
    await co.app.inject({
      method: 'DELETE',
      url: `/v1/nodes/${n.nodeId}`,
      headers: { authorization: `Bearer ${admin}` },
    });
    const revoked = await get(`/v1/agent/releases/${binSha}`, {
      authorization: await nodeAuth(n.id, n.nodeId, binSha),
    });
    expect(revoked.status).toBe(401);
  });

  it('release delete is refused while a cluster names the version, and removes the blob after', async () => {
    const refused = await cli(['release', 'delete', V]);
    expect(refused.code).not.toBe(0);
    expect(refused.err).toContain('used by cluster(s) rel');
    await co.app.inject({ method: 'DELETE', url: '/v1/clusters/rel', headers: { authorization: `Bearer ${admin}` } });
    const ok = await cli(['release', 'delete', V]);
    expect(ok.code, ok.err).toBe(0);
    expect(readdirSync(join(dir, 'state', 'blobs'))).not.toContain(binSha);
    mkdirSync(join(dir, 'unused'), { recursive: true });
  });
});
