/**
 * A coordinator that stops closes its agents' sessions and writes their
 * presence before it closes the store: no close handler may run against a
 * closed database (it used to log "onClosed failed: database connection is
 * not open" and leave the nodes recorded as connected).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { startCoordinator } from '../../packages/coordinator/src/app.js';
import { openStore } from '../../packages/coordinator/src/store/open-store.js';
import { rawEnroll, type RawConn } from '../support/raw-client.js';
import { tempDir } from '../support/processes.js';

describe('coordinator shutdown', () => {
  it('handles every session close before the store closes: nodes end disconnected, nothing fails', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        cb();
      },
    });
    const stateDir = join(tempDir('shutdown'), 'state');
    const c = await startCoordinator({
      stateDir,
      listen: '127.0.0.1:0',
      advertise: ['127.0.0.1'],
      logger: pino({ level: 'info' }, sink),
    });
    const conns: RawConn[] = [];
    try {
      const headers = { authorization: `Bearer ${readFileSync(join(c.state.dir, 'admin.token'), 'utf8').trim()}` };
      expect(
        (await c.app.inject({ method: 'POST', url: '/v1/clusters', headers, payload: { name: 's' } })).statusCode,
      ).toBe(201);
      const res = await c.app.inject({
        method: 'POST',
        url: '/v1/clusters/s/join-tokens',
        headers,
        payload: { maxUses: 5 },
      });
      const token = res.json<{ token: string }>().token;
      for (let i = 0; i < 5; i++) {
        const { result, conn } = await rawEnroll(c.agentUrl, c.state.tls.caCert, token, { hostname: `s-${i}` });
        expect(result.kind).toBe('welcome');
        conns.push(conn);
      }
    } finally {
      await c.close();
      for (const x of conns) x.ws.terminate();
    }
    expect(lines.filter((l) => l.includes('onClosed failed'))).toEqual([]);
    const store = await openStore(join(stateDir, 'k3sgrid.db'));
    try {
      const nodes = await store.listNodes();
      expect(nodes).toHaveLength(5);
      expect(nodes.filter((n) => n.connected).map((n) => n.name)).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
