/**
 * A throwaway PostgreSQL cluster for tests and `npm run lab -- --datastore postgres`: `initdb` into a temporary folder
 * and `pg_ctl start` on a free local port, as the `postgres` user when the
 * tests run as root (PostgreSQL refuses to run as root). Password auth
 * (scram-sha-256) on TCP, so tests exercise the credential paths.
 *
 * Nothing is skipped: when the binaries are missing or the server does not
 * start, `startPostgres()` rejects with a message saying what to install.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { tempDir } from '@k3sgrid/testkit';

const run = promisify(execFile);

/** A running test cluster. */
export interface TestPostgres {
  /** `postgres://postgres:<password>@127.0.0.1:<port>/postgres` (superuser). */
  url: string;
  /** The superuser password (also inside `url`). */
  password: string;
  port: number;
  /** The server's data directory (its log is `<dataDir>/../postgres.log`). */
  dataDir: string;
  /** Creates an empty database and returns its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Stops the server (`pg_ctl stop -m immediate`) and removes its files. */
  stop(): Promise<void>;
}

/** Finds `initdb`/`pg_ctl`: `$PG_BIN`, else the newest `/usr/lib/postgresql/<v>/bin`. */
export function findPostgresBin(): string {
  const fromEnv = process.env.PG_BIN;
  if (fromEnv && existsSync(join(fromEnv, 'pg_ctl'))) return fromEnv;
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((v) => existsSync(join(base, v, 'bin', 'pg_ctl')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const v = versions[0];
  if (v === undefined) {
    throw new Error(
      'PostgreSQL server binaries not found (no /usr/lib/postgresql/*/bin/pg_ctl and no $PG_BIN): install them with `apt-get install -y postgresql`',
    );
  }
  return join(base, v, 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

let dbCounter = 0;

/** Starts a private PostgreSQL server; call `stop()` in teardown. */
export async function startPostgres(): Promise<TestPostgres> {
  const bin = findPostgresBin();
  const root = tempDir('pg');
  const dataDir = join(root, 'data');
  const sockDir = join(root, 'sock');
  const logFile = join(root, 'postgres.log');
  const pwFile = join(root, 'pwfile');
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']).catch((err: unknown) => {
      throw new Error(
        'running as root but there is no `postgres` user: install PostgreSQL with `apt-get install -y postgresql`',
        { cause: err },
      );
    });
    const uid = Number(stdout.trim());
    const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
    chmodSync(root, 0o700);
    chownSync(root, uid, gid);
    chownSync(pwFile, uid, gid);
  }
  // Runs a server binary as the postgres user when we are root.
  const exec = async (tool: string, args: string[]): Promise<string> => {
    const file = join(bin, tool);
    try {
      const r = asRoot
        ? await run('runuser', ['-u', 'postgres', '--', file, ...args], { timeout: 60_000 })
        : await run(file, args, { timeout: 60_000 });
      return r.stdout + r.stderr;
    } catch (err) {
      const e = err as { stderr?: string; stdout?: string; message: string };
      const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-2000) : '';
      throw new Error(`PostgreSQL ${tool} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}\n${log}`, {
        cause: err,
      });
    }
  };
  if (asRoot) {
    // mkdir as postgres so ownership is right from the start
    await run('runuser', ['-u', 'postgres', '--', 'mkdir', '-m', '0700', sockDir]);
  } else {
    await run('mkdir', ['-m', '0700', sockDir]);
  }
  await exec('initdb', [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--auth-local=trust',
    '--auth-host=scram-sha-256',
    `--pwfile=${pwFile}`,
    '-E',
    'UTF8',
    '--no-sync',
  ]);

  let port = 0;
  let started = false;
  for (let attempt = 0; attempt < 5 && !started; attempt++) {
    port = await freePort();
    try {
      await exec('pg_ctl', [
        '-D',
        dataDir,
        '-l',
        logFile,
        '-w',
        '-t',
        '60',
        '-o',
        `-k ${sockDir} -p ${port} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`,
        'start',
      ]);
      started = true;
    } catch (err) {
      if (attempt === 4) throw err;
    }
  }
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;

  let stopped = false;
  // If the test process exits without stop() (crash, forgotten teardown),
  // do not leave a server running: stop it synchronously on exit.
  const onExit = (): void => {
    if (stopped) return;
    const args = ['-D', dataDir, '-m', 'immediate', 'stop'];
    try {
      if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', join(bin, 'pg_ctl'), ...args], { stdio: 'ignore' });
      else execFileSync(join(bin, 'pg_ctl'), args, { stdio: 'ignore' });
    } catch {
      // already gone
    }
    rmSync(root, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  return {
    url,
    password,
    port,
    dataDir,
    async createDatabase(name) {
      const db = name ?? `t_${process.pid}_${Date.now().toString(36)}_${++dbCounter}`;
      if (!/^[a-z_][a-z0-9_]*$/.test(db)) throw new Error(`bad database name ${db}`);
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE ${db}`);
      } finally {
        await c.end();
      }
      return url.replace(/\/postgres$/, `/${db}`);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      process.removeListener('exit', onExit);
      try {
        await exec('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
