/**
 * Two real `k3sgrid coordinator serve` processes on one PostgreSQL database:
 * the second imports the first one's identity (export-identity / --identity),
 * both show the same CA pin and admin token, state written through one is
 * visible through the other, and an agent enrolls on replica B with a token
 * minted on replica A. Leadership, routing between replicas and failover are
 * in test/faults/replicas.test.ts.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { DEFAULT_K3S_VERSION, openState, uploadFile } from '@k3sgrid/coordinator';
import { downloadTranscript, parseJoinToken, sign } from '@k3sgrid/proto';
import { newIdentity, rawEnroll } from '../support/raw-client.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHARED_DIR } from '../support/paths.js';
import { startPostgres, type TestPostgres } from '../support/postgres.js';
import {
  killAll,
  spawnTs,
  startAgentProcess,
  startCoordinatorProcess,
  type CoordinatorProc,
} from '../support/processes.js';
import { COORDINATOR_BIN } from '../support/paths.js';
import { tempDir, waitFor } from '@k3sgrid/testkit';
import type { NodeJson, TokenCreatedJson } from '@k3sgrid/testkit/views';

const PROBE_ROOT = join(SHARED_DIR, 'fixtures/kernels/debian12-cloud');

describe('coordinator replicas on PostgreSQL (real processes)', () => {
  let srv: TestPostgres;
  let a: CoordinatorProc;
  let b: CoordinatorProc;

  beforeAll(async () => {
    srv = await startPostgres();
    const url = await srv.createDatabase();
    const bareUrl = new URL(url);
    bareUrl.password = '';
    const pwFile = join(tempDir('pgpw'), 'password');
    writeFileSync(pwFile, `${srv.password}\n`, { mode: 0o600 });

    // Replica A: bind its state dir to PostgreSQL (as `serve --datastore` does), then serve.
    const dirA = join(tempDir('replica-a'), 'state');
    await (
      await openState(dirA, { advertise: ['127.0.0.1'], datastore: bareUrl.toString(), datastorePasswordFile: pwFile })
    ).store.close();
    a = await startCoordinatorProcess({ stateDir: dirA });

    // Export A's identity through the CLI.
    const passFile = join(tempDir('pass'), 'pass');
    writeFileSync(passFile, 'replica identity passphrase\n', { mode: 0o600 });
    const idFile = join(tempDir('identity'), 'identity.k3sgrid');
    const exp = spawnTs(COORDINATOR_BIN, [
      'coordinator',
      'export-identity',
      '--state-dir',
      dirA,
      '--out',
      idFile,
      '--passphrase-file',
      passFile,
    ]);
    expect(await exp.exited, exp.output()).toBe(0);

    // Replica B: `serve --datastore URL --identity FILE` in a fresh state dir
    // (run once to install, then started by the shared helper).
    const dirB = join(tempDir('replica-b'), 'state');
    const prep = spawnTs(COORDINATOR_BIN, [
      'coordinator',
      'serve',
      '--state-dir',
      dirB,
      '--listen',
      '127.0.0.1:0',
      '--datastore',
      bareUrl.toString(),
      '--datastore-password-file',
      pwFile,
      '--identity',
      idFile,
      '--identity-passphrase-file',
      passFile,
    ]);
    await waitFor(
      'replica B first start',
      () =>
        prep.output().includes('listening on')
          ? true
          : prep.child.exitCode !== null
            ? Promise.reject(new Error(prep.output()))
            : undefined,
      60_000,
    );
    await prep.kill();
    expect(prep.output()).not.toContain(srv.password);
    b = await startCoordinatorProcess({ stateDir: dirB });
  }, 180_000);

  afterAll(async () => {
    await killAll();
    await srv.stop();
  });

  it('both replicas share the CA (pin) and admin token', () => {
    expect(b.conn.ca).toBe(a.conn.ca);
    expect(b.conn.token).toBe(a.conn.token);
    expect(readFileSync(join(b.stateDir, 'datastore.json'), 'utf8')).not.toContain(srv.password);
  });

  it("a cluster and a token created on A are visible on B, and an agent enrolls on B with A's token", async () => {
    await a.api('POST', '/v1/clusters', { name: 'shared' });
    const clusters = await b.api<{ items: Array<{ name: string }> }>('GET', '/v1/clusters');
    expect(clusters.items.map((c) => c.name)).toContain('shared');
    const token = await a.api<TokenCreatedJson>('POST', '/v1/clusters/shared/join-tokens', { maxUses: 1 });
    const agent = startAgentProcess({
      coordinator: b.agentUrl,
      token: token.token,
      hostname: 'via-b',
      args: ['--probe-root', PROBE_ROOT],
    });
    let last: NodeJson[] = [];
    const nodes = await waitFor(
      'node enrolled through replica B, seen on A',
      async () => {
        const r = await a.api<{ items: NodeJson[] }>('GET', '/v1/nodes?cluster=shared');
        last = r.items;
        return r.items.length === 1 ? r.items : undefined;
      },
      90_000,
      500,
    ).catch((err: unknown) => {
      throw new Error(
        `${String(err)}\nnodes on A: ${JSON.stringify(last)}\nagent:\n${agent.output().slice(-3000)}\nreplica B:\n${b.output().slice(-3000)}`,
        { cause: err },
      );
    });
    expect(nodes[0]?.name).toBe('via-b');
    const t = (
      await b.api<{ items: Array<{ id: string; uses: number }> }>('GET', '/v1/clusters/shared/join-tokens')
    ).items.find((x) => x.id === token.id);
    expect(t?.uses).toBe(1);
  });

  it('a replica serves a release imported on another one: it copies the blob from the database, checked', async () => {
    const blob = randomBytes(2 * 1024 * 1024 + 123);
    const file = join(tempDir('blob'), 'k3s');
    writeFileSync(file, blob);
    const sha = createHash('sha256').update(blob).digest('hex');
    await uploadFile(a.conn, `/v1/releases/${encodeURIComponent(DEFAULT_K3S_VERSION)}/amd64/binary`, file);
    expect(existsSync(join(b.stateDir, 'blobs', sha))).toBe(false);
    // A node enrolled through B downloads it from B.
    const t = await a.api<TokenCreatedJson>('POST', '/v1/clusters/shared/join-tokens', { maxUses: 1 });
    const id = await newIdentity();
    const { result, conn } = await rawEnroll(b.agentUrl, b.conn.ca ?? '', t.token, { identity: id, hostname: 'raw-b' });
    conn.ws.close();
    if (result.kind !== 'welcome') throw new Error(JSON.stringify(result));
    const nodeId = result.value.nodeId;
    const at = Date.now();
    const pin = parseJoinToken(t.token).pin;
    const sig = await sign(downloadTranscript({ pin, nodeId, sha256: sha, unixMs: at }), id.sign.privateKey);
    const res = await fetchWithCa(`${b.url}/v1/agent/releases/${sha}`, b.conn.ca ?? '', {
      authorization: `K3G-Node ${nodeId}.${at}.${Buffer.from(sig).toString('base64url')}`,
    });
    expect(res.status).toBe(200);
    expect(createHash('sha256').update(res.body).digest('hex')).toBe(sha);
    expect(readFileSync(join(b.stateDir, 'blobs', sha)).equals(blob)).toBe(true);
  });
});

/** GET over HTTPS trusting `ca`; resolves status and body. */
function fetchWithCa(
  url: string,
  ca: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { ca, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}
