/**
 * Scenario 9 — crash consistency of the store. Two writer processes hammer
 * one SQLite store (tokens, racing enrollments, events, reports) and are
 * SIGKILLed at a random moment 20–200 ms after they start writing, 200 times.
 * After every kill the store must reopen, pass `PRAGMA integrity_check`, and
 * keep the invariants: uses ≤ max_uses, uses = nodes enrolled with the token
 * (consumption and node creation are one transaction), unique names per
 * cluster, no dangling or half-written rows.
 *
 * The writer is bundled once per run with esbuild (production store code
 * included, better-sqlite3 external) and run with plain `node`; the writers
 * for the next kills boot while the current ones write, and get the latest
 * token and node ids from the parent's check instead of listing every node.
 *
 * Replay a run with FAULT_SEED=<printed seed>.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { emptyFormation, openSqliteStore } from '@k3sgrid/coordinator/store';
import { REPO_ROOT } from '../support/paths.js';
import { tempDir, faultSeed, mulberry32 } from '@k3sgrid/testkit';

const KILLS = Number(process.env.CRASH_KILLS ?? 200);
const WRITERS = 2;
/** Writer pairs booting ahead of the running one (a boot takes longer than a burst plus a check on a busy machine). */
const AHEAD = 3;
const seed = faultSeed();
const rnd = mulberry32(seed);
/**
 * The store lives in RAM (tmpfs) where there is one: a SIGKILL loses nothing
 * the process handed to the kernel, so the file system does not change what
 * this test checks, but checkpoints then cost no fsync on a busy CI disk.
 */
function storeDir(): string {
  try {
    accessSync('/dev/shm', constants.W_OK);
    return mkdtempSync('/dev/shm/k3sgrid-crash-');
  } catch {
    return tempDir('crash');
  }
}
const dir = storeDir();
let passed = false;
const dbPath = join(dir, 'k3sgrid.db');
const bundle = join(dir, 'store-writer.cjs');
const clusterId = 'c0ffee00-0000-4000-8000-000000000001';
const live = new Set<ChildProcess>();

/** The latest token and node ids (store order), raced by the next writers. */
interface Recent {
  tokens: string[];
  nodes: string[];
}

interface Writer {
  child: ChildProcess;
  booted: Promise<void>;
  /** Lets the writer open the store and start writing. */
  go: (recent: Recent) => void;
  ready: Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  ops: () => number;
  stderr: () => string;
}

function startWriter(i: number): Writer {
  const child = spawn(process.execPath, [bundle, dbPath, clusterId, String(seed + i)], {
    env: { ...process.env, NODE_PATH: join(REPO_ROOT, 'node_modules') },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  live.add(child);
  child.stdin?.on('error', () => undefined); // EPIPE if it died early: reported through `exited`
  let out = '';
  let err = '';
  let ops = 0;
  let onBoot: () => void = () => undefined;
  const booted = new Promise<void>((resolve) => (onBoot = resolve));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('booted')) onBoot();
      if (out.includes('ready')) resolve();
      const m = /ops (\d+)\n(?![^]*ops \d)/.exec(out);
      if (m) ops = Number(m[1]);
    });
    child.once('exit', () => reject(new Error(`writer exited before ready: ${err}`)));
  });
  ready.catch(() => undefined);
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    }),
  );
  const go = (recent: Recent): void => void child.stdin?.write(`${JSON.stringify(recent)}\n`);
  return { child, booted, go, ready, exited, ops: () => ops, stderr: () => err };
}

interface Check {
  integrity: string;
  foreignKeys: number;
  overUsed: unknown[];
  usesMismatch: unknown[];
  duplicateNames: unknown[];
  danglingNodes: unknown[];
  badJson: number;
  tokens: number;
  nodes: number;
  events: number;
  recent: Recent;
}

let lastEventId = 0;

/** `full` runs integrity_check and parses every node report; otherwise quick_check (the database grows past 20 MB). */
async function check(full: boolean): Promise<Check> {
  // The coordinator's own open path (WAL recovery, migrations) must succeed,
  // and the rows written since the last check must parse (no torn JSON).
  const lastChecked = lastEventId;
  const store = await openSqliteStore(dbPath);
  const events = await store.listEvents({ after: lastEventId, limit: 1_000_000 });
  lastEventId = events.at(-1)?.id ?? lastEventId;
  if (full) await store.listNodes({ clusterId }); // parses every report
  await store.close();
  const db = new Database(dbPath, { readonly: true });
  try {
    const integrity = (db.pragma(full ? 'integrity_check' : 'quick_check') as Array<Record<string, string>>)
      .map((r) => Object.values(r).join(''))
      .join(',');
    const foreignKeys = (db.pragma('foreign_key_check') as unknown[]).length;
    const overUsed = db.prepare('SELECT id, uses, max_uses FROM join_tokens WHERE uses > max_uses').all();
    const usesMismatch = db
      .prepare(
        'SELECT t.id, t.uses, COUNT(n.id) AS enrolled FROM join_tokens t LEFT JOIN nodes n ON n.token_id = t.id GROUP BY t.id HAVING t.uses != COUNT(n.id)',
      )
      .all();
    const duplicateNames = db
      .prepare('SELECT cluster_id, name, COUNT(*) AS n FROM nodes GROUP BY cluster_id, name HAVING COUNT(*) > 1')
      .all();
    const danglingNodes = db
      .prepare('SELECT n.id FROM nodes n LEFT JOIN join_tokens t ON t.id = n.token_id WHERE t.id IS NULL')
      .all();
    let badJson = 0;
    for (const r of db.prepare('SELECT data FROM events WHERE id > ?').all(lastChecked) as Array<{ data: string }>) {
      try {
        JSON.parse(r.data);
      } catch {
        badJson++;
      }
    }
    const recent: Recent = {
      tokens: db
        .prepare('SELECT id FROM join_tokens WHERE cluster_id = ? ORDER BY created_at DESC, id DESC LIMIT 20')
        .pluck()
        .all(clusterId)
        .reverse() as string[],
      nodes: db
        .prepare('SELECT id FROM nodes WHERE cluster_id = ? ORDER BY enrolled_at DESC, id DESC LIMIT 20')
        .pluck()
        .all(clusterId)
        .reverse() as string[],
    };
    const count = (table: string): number =>
      (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    return {
      integrity,
      foreignKeys,
      overUsed,
      usesMismatch,
      duplicateNames,
      danglingNodes,
      badJson,
      tokens: count('join_tokens'),
      nodes: count('nodes'),
      events: count('events'),
      recent,
    };
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  const built = await build({
    entryPoints: [join(REPO_ROOT, 'test/faults/support/store-writer.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    conditions: ['source'],
    external: ['better-sqlite3'],
    outfile: bundle,
    absWorkingDir: REPO_ROOT,
    logLevel: 'warning',
    metafile: true,
  });
  // The writers must run the production store code (bundled in), not a stand-in.
  const [output] = Object.values(built.metafile.outputs);
  expect(output?.inputs['packages/coordinator/src/store/sqlite-store.ts']?.bytesInOutput).toBeGreaterThan(1000);
  const store = await openSqliteStore(dbPath);
  const now = Date.now();
  await store.createCluster({
    id: clusterId,
    name: 'crash',
    spec: {} as never,
    phase: 'pending',
    epoch: 1,
    createdAt: now,
    updatedAt: now,
    formation: emptyFormation(),
  });
  await store.close();
  console.log(`crash-consistency: seed=${seed} kills=${KILLS} db=${dbPath}`);
});

afterAll(() => {
  for (const c of live) c.kill('SIGKILL');
  // A failed run keeps its database (path printed above) for inspection.
  if (passed) rmSync(dir, { recursive: true, force: true });
});

describe('store crash consistency', () => {
  it(
    `reopens cleanly with invariants intact after ${KILLS} SIGKILLs during write bursts`,
    { timeout: 600_000 },
    async () => {
      const started = Date.now();
      let killedWhileWriting = 0;
      let totalOps = 0;
      const failures: string[] = [];
      let last: Check | null = null;
      let bootWaitMs = 0;
      let startupMs = 0;
      let checkMs = 0;
      // Writers for the next kills boot while the current ones run: process start-up is the slow part.
      const spawnPair = (i: number): Writer[] =>
        Array.from({ length: WRITERS }, (_, w) => startWriter(i * WRITERS + w));
      const queue: Writer[][] = [];
      let spawned = 0;
      const refill = (): void => {
        while (queue.length < AHEAD && spawned < KILLS) queue.push(spawnPair(spawned++));
      };
      refill();
      let recent: Recent = { tokens: [], nodes: [] };
      for (let i = 0; i < KILLS; i++) {
        const t0 = performance.now();
        const writers = queue.shift()!;
        refill();
        await Promise.all(writers.map((w) => w.booted));
        bootWaitMs += performance.now() - t0;
        for (const w of writers) w.go(recent);
        await Promise.all(writers.map((w) => w.ready));
        startupMs += performance.now() - t0;
        await new Promise((r) => setTimeout(r, 20 + Math.floor(rnd() * 180)));
        for (const w of writers) w.child.kill('SIGKILL');
        const exits = await Promise.all(writers.map((w) => w.exited));
        for (const [k, e] of exits.entries()) {
          // A writer that died on its own (an exception) is a failure too.
          if (e.signal !== 'SIGKILL')
            failures.push(`kill ${i}: writer ${k} exited ${e.code}/${e.signal}: ${writers[k]!.stderr()}`);
        }
        const ops = writers.reduce((a, w) => a + w.ops(), 0);
        totalOps += ops;
        if (ops > 0) killedWhileWriting++;
        const t1 = performance.now();
        const c = await check(i % 20 === 19 || i + 1 === KILLS);
        checkMs += performance.now() - t1;
        last = c;
        recent = c.recent;
        const bad =
          c.integrity !== 'ok' ||
          c.foreignKeys !== 0 ||
          c.overUsed.length > 0 ||
          c.usesMismatch.length > 0 ||
          c.duplicateNames.length > 0 ||
          c.danglingNodes.length > 0 ||
          c.badJson > 0;
        if (bad)
          failures.push(
            `kill ${i} (seed ${seed}): ${JSON.stringify({ ...c, recent: undefined, overUsed: c.overUsed.slice(0, 3), usesMismatch: c.usesMismatch.slice(0, 3) })}`,
          );
        if (failures.length > 0) break;
      }
      console.log(
        `crash-consistency: ${KILLS} kills in ${Date.now() - started} ms; ${totalOps}+ ops; ${killedWhileWriting} kills landed mid-burst; writer start ${Math.round(startupMs)} ms (${Math.round(bootWaitMs)} ms of it waiting for a boot), checks ${Math.round(checkMs)} ms in total; final ${JSON.stringify({ tokens: last?.tokens, nodes: last?.nodes, events: last?.events })}`,
      );
      expect(failures).toEqual([]);
      // The kills must actually have landed while the writers were busy.
      expect(killedWhileWriting).toBeGreaterThan(KILLS * 0.8);
      expect(last?.nodes).toBeGreaterThan(50);
      expect(last?.tokens).toBeGreaterThan(50);
      passed = true;
    },
  );
});
