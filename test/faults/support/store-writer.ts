/**
 * Child process for the store crash-consistency test: opens the SQLite store
 * and writes in tight bursts (tokens, racing enrollments, events, reports,
 * revocations, batched touches) until it is SIGKILLed by the parent.
 *
 * Usage: store-writer <db-path> <cluster-id> <seed>
 * Run from a bundle (esbuild, better-sqlite3 external) with plain `node`, so
 * start-up is cheap; the store code is the production one, bundled in.
 * Prints `booted`, then waits for one line on stdin (so the parent can start
 * the next writers while the current ones run): JSON `{ tokens, nodes }`, the
 * ids of the latest tokens and nodes, which are raced too (listing every node
 * here would parse thousands of reports, twice per kill). It then opens the
 * store (a reopen after the previous writers' SIGKILL), prints `ready`, and
 * `ops <n>` after the first and every 50th operation. Exits if stdin closes
 * before the go line (the parent died).
 */
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { type NodeRow, openSqliteStore } from '@k3sgrid/coordinator/store';
import { mulberry32 } from '@k3sgrid/testkit';
import { nodeRow } from '@k3sgrid/testkit/rows';

interface Go {
  tokens: string[];
  nodes: string[];
}

/** Prints `booted` once stdin is being read, and resolves with the parent's go line. */
function goLine(): Promise<Go> {
  return new Promise<Go>((resolve) => {
    let buf = '';
    const onData = (d: Buffer): void => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      process.stdin.off('data', onData);
      process.stdin.off('end', onEnd);
      process.stdin.pause();
      resolve(JSON.parse(buf.slice(0, nl)) as Go);
    };
    const onEnd = (): void => process.exit(3);
    process.stdin.on('data', onData);
    process.stdin.once('end', onEnd);
    process.stdout.write('booted\n');
  });
}

async function main(): Promise<void> {
  const [dbPath, clusterId, seedArg] = process.argv.slice(2);
  if (!dbPath || !clusterId) throw new Error('usage: store-writer <db> <cluster-id> <seed>');
  const rnd = mulberry32(Number(seedArg ?? '1'));
  // Load the native addon (dlopen, on the first Database) while waiting, off the kill cycle's clock.
  new Database(':memory:').close();
  const go = await goLine();
  const pick = <T>(xs: readonly T[]): T | undefined => xs[Math.floor(rnd() * xs.length)];
  const store = await openSqliteStore(dbPath);
  // Tokens from earlier runs are raced too: they may be half used.
  const tokens = [...go.tokens];
  const nodes = [...go.nodes];
  process.stdout.write('ready\n');

  const node = (tokenId: string, name: string): NodeRow => {
    const now = Date.now();
    return nodeRow(clusterId, tokenId, {
      name,
      hostname: name,
      connected: true,
      enrolledAt: now,
      lastSeenAt: now,
      agentVersion: 'crash-test',
      address: '127.0.0.1',
      report: { hostname: name, note: 'x'.repeat(Math.floor(rnd() * 600)) } as unknown as NodeRow['report'],
    });
  };

  for (let ops = 1; ; ops++) {
    const r = rnd();
    if (r < 0.2 || tokens.length === 0) {
      const id = randomBytes(6).toString('hex');
      await store.createToken({
        id,
        clusterId,
        macKeySealed: randomBytes(72),
        roles: ['agent'],
        maxUses: 1 + Math.floor(rnd() * 3),
        uses: 0,
        expiresAt: Date.now() + (rnd() < 0.1 ? -1 : 3_600_000),
        revokedAt: null,
        createdAt: Date.now(),
        failedAttempts: 0,
        description: 'crash',
        replaceNodeId: null,
      });
      tokens.push(id);
    } else if (r < 0.65) {
      // A burst of enrollments against one token, some with colliding names
      // (the UNIQUE(cluster, name) constraint must roll back the token use too).
      const tokenId = pick(tokens)!;
      for (let k = 0; k < 4; k++) {
        const name = rnd() < 0.3 ? `dup-${Math.floor(rnd() * 4)}` : `n-${randomBytes(5).toString('hex')}`;
        const n = node(tokenId, name);
        try {
          const res = await store.enrollNode(tokenId, Date.now(), n);
          if (res.ok) nodes.push(n.id);
        } catch (err) {
          if (!/UNIQUE/.test((err as Error).message)) throw err;
        }
      }
    } else if (r < 0.8) {
      await store.appendEvent({
        type: 'crash.burst',
        clusterId,
        nodeId: pick(nodes) ?? null,
        actor: 'writer',
        message: `op ${ops}`,
        data: { ops, pad: 'y'.repeat(Math.floor(rnd() * 300)) },
      });
    } else if (r < 0.9 && nodes.length > 0) {
      await store.saveReport(pick(nodes)!, {
        hostname: 'r',
        blob: 'z'.repeat(Math.floor(rnd() * 1500)),
      } as unknown as Parameters<typeof store.saveReport>[1]);
    } else if (r < 0.94) {
      await store.touchNodes(nodes.slice(-50).map((id) => ({ id, at: Date.now() })));
    } else if (r < 0.97) {
      await store.setRoles(nodes.slice(-10).map((id) => ({ nodeId: id, role: rnd() < 0.5 ? 'agent' : 'server' })));
    } else if (r < 0.99) {
      await store.revokeToken(pick(tokens)!, Date.now());
    } else {
      await store.recordTokenFailure(pick(tokens)!);
    }
    if (ops === 1 || ops % 50 === 0) process.stdout.write(`ops ${ops}\n`);
    // Yield now and then so the parent's SIGKILL can land between and inside transactions alike.
    if (ops % 25 === 0) await new Promise((res) => setImmediate(res));
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`writer failed: ${String(err)}\n`);
  process.exit(2);
});
