// Embedded etcd, made real: each server runs Debian's `etcd` (3.4) as a child
// process on its node-ip, like k3s embeds etcd (k3s-protocol.md §6).
// DEVIATION: members talk plain http on 2379/2380 (k3s uses https with its own
// etcd CAs); this keeps the double simple. In tests and the lab it is bound to
// loopback addresses; without --node-ip it listens on the default-route address.
// The double talks to etcd through etcd's v3 HTTP/JSON gateway (/v3/kv/..., /v3/cluster/...).
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { logger } from './log.js';

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
const unb64 = (s: string | undefined): string => Buffer.from(s ?? '', 'base64').toString('utf8');

function prefixEnd(prefix: string): string {
  const buf = Buffer.from(prefix, 'utf8');
  for (let i = buf.length - 1; i >= 0; i--) {
    if (buf[i]! < 0xff) {
      buf[i] = buf[i]! + 1;
      return buf.subarray(0, i + 1).toString('base64');
    }
  }
  return Buffer.from([0]).toString('base64');
}

export interface Member {
  ID: string;
  name: string;
  peerURLs: string[];
  clientURLs: string[];
  isLearner?: boolean;
}

export class EtcdError extends Error {}

/** Client for one or more etcd endpoints (http://host:2379), tried in order. */
export class EtcdClient {
  constructor(
    public endpoints: string[],
    private readonly timeoutMs = 3000,
  ) {}

  async call<T>(p: string, body: unknown, timeoutMs = this.timeoutMs): Promise<T> {
    let lastErr: unknown;
    for (const ep of this.endpoints) {
      const ac = new AbortController();
      const timer = setTimeout(() => ac.abort(new Error(`timeout after ${timeoutMs}ms`)), timeoutMs);
      try {
        const res = await fetch(`${ep.replace(/\/$/, '')}${p}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: ac.signal,
        });
        const text = await res.text();
        if (!res.ok) {
          let msg = text;
          try {
            const j = JSON.parse(text) as { error?: string; message?: string };
            msg = j.message ?? j.error ?? text;
          } catch {
            // not JSON
          }
          throw new EtcdError(`etcd ${p}: ${res.status} ${msg.trim()}`);
        }
        return JSON.parse(text) as T;
      } catch (e) {
        lastErr = e;
        // a learner serves no such requests: the next endpoint may be a voting member
        if (e instanceof EtcdError && !e.message.includes('not supported for learner')) throw e;
      } finally {
        clearTimeout(timer);
      }
    }
    if (lastErr instanceof EtcdError) throw lastErr;
    throw new EtcdError(`etcd ${p} failed on ${this.endpoints.join(',')}: ${String(lastErr)}`);
  }

  async get(key: string): Promise<string | undefined> {
    const r = await this.call<{ kvs?: { value?: string }[] }>('/v3/kv/range', { key: b64(key) });
    const kv = r.kvs?.[0];
    return kv ? unb64(kv.value) : undefined;
  }

  async list(prefix: string): Promise<{ key: string; value: string; modRevision: string }[]> {
    return (await this.listRev(prefix)).kvs;
  }

  /** Range over a prefix with each key's mod_revision and the store revision (resourceVersions). */
  /** `atRevision`: the keys as they were at that store revision (MVCC history; the double never compacts). */
  async listRev(
    prefix: string,
    atRevision?: string,
  ): Promise<{ revision: string; kvs: { key: string; value: string; modRevision: string }[] }> {
    const r = await this.call<{
      header?: { revision?: string };
      kvs?: { key: string; value?: string; mod_revision?: string }[];
    }>('/v3/kv/range', {
      key: b64(prefix),
      range_end: prefixEnd(prefix),
      ...(atRevision ? { revision: atRevision } : {}),
    });
    return {
      revision: r.header?.revision ?? '0',
      kvs: (r.kvs ?? []).map((kv) => ({
        key: unb64(kv.key),
        value: unb64(kv.value),
        modRevision: kv.mod_revision ?? '0',
      })),
    };
  }

  async getRev(key: string): Promise<{ value: string; modRevision: string } | undefined> {
    const r = await this.call<{ kvs?: { value?: string; mod_revision?: string }[] }>('/v3/kv/range', { key: b64(key) });
    const kv = r.kvs?.[0];
    return kv ? { value: unb64(kv.value), modRevision: kv.mod_revision ?? '0' } : undefined;
  }

  async put(key: string, value: string): Promise<void> {
    await this.call('/v3/kv/put', { key: b64(key), value: b64(value) });
  }

  /** Compare-and-swap put: succeeds only if the key's mod_revision is still `modRevision` ('0': key absent). */
  async cas(key: string, modRevision: string, value: string): Promise<boolean> {
    const compare =
      modRevision === '0'
        ? { key: b64(key), result: 'EQUAL', target: 'CREATE', create_revision: '0' }
        : { key: b64(key), result: 'EQUAL', target: 'MOD', mod_revision: modRevision };
    const r = await this.call<{ succeeded?: boolean }>('/v3/kv/txn', {
      compare: [compare],
      success: [{ request_put: { key: b64(key), value: b64(value) } }],
    });
    return r.succeeded === true;
  }

  /**
   * A leader lease in the style of client-go leader election (k3s runs its
   * helm and etcd member controllers on one elected server): holds `key` while
   * renewing it; another holder may take it once it is older than ttlMs.
   */
  async lead(key: string, me: string, ttlMs: number, now = Date.now()): Promise<boolean> {
    const cur = await this.getRev(key);
    if (cur) {
      const l = JSON.parse(cur.value) as { holder: string; renew: number };
      if (l.holder !== me && now - l.renew < ttlMs) return false;
    }
    return this.cas(key, cur?.modRevision ?? '0', JSON.stringify({ holder: me, renew: now }));
  }

  async del(key: string): Promise<void> {
    await this.call('/v3/kv/deleterange', { key: b64(key) });
  }

  /** Linearizable read: fails without quorum (like the apiserver's etcd readiness check). */
  async healthy(timeoutMs = 2000): Promise<boolean> {
    try {
      await this.call('/v3/kv/range', { key: b64('health') }, timeoutMs);
      return true;
    } catch {
      return false;
    }
  }

  async members(): Promise<Member[]> {
    const r = await this.call<{ members?: Member[] }>('/v3/cluster/member/list', {});
    // the JSON gateway leaves out empty fields: a learner that has not started yet has no name
    return (r.members ?? []).map((m) => ({
      ...m,
      name: m.name ?? '',
      peerURLs: m.peerURLs ?? [],
      clientURLs: m.clientURLs ?? [],
    }));
  }

  async memberAdd(peerURL: string, isLearner: boolean): Promise<{ member: Member; members: Member[] }> {
    // k3s's join runs under a 20 s context
    return this.call('/v3/cluster/member/add', { peerURLs: [peerURL], isLearner }, 20_000);
  }

  async memberPromote(id: string): Promise<void> {
    await this.call('/v3/cluster/member/promote', { ID: id }, 5000);
  }

  async memberRemove(id: string): Promise<void> {
    await this.call('/v3/cluster/member/remove', { ID: id }, 10_000);
  }
}

export interface EtcdProcessOptions {
  name: string;
  ip: string;
  /** also listen for clients on 127.0.0.1:2379 (k3s does; the double only when --node-ip is not given) */
  alsoLocalhost?: boolean;
  dataDir: string; // <data-dir>/server/db/etcd
  logFile: string;
  initialCluster: string; // name=http://ip:2380,...
  state: 'new' | 'existing';
  onUnexpectedExit: (removed: boolean, code: number | null) => void;
}

export const clientURL = (ip: string): string => `http://${ip}:2379`;
export const peerURL = (ip: string): string => `http://${ip}:2380`;

/** Runs etcd under a tiny bash guard that kills etcd if this process dies (stdin EOF). */
export class EtcdProcess {
  private child: ChildProcess | undefined;
  private stopping = false;
  private removed = false;

  constructor(private readonly o: EtcdProcessOptions) {}

  private get pidFile(): string {
    return `${this.o.dataDir}.pid`;
  }

  start(): void {
    mkdirSync(path.dirname(this.o.dataDir), { recursive: true, mode: 0o700 });
    const heartbeat = process.env.K3S_DOUBLE_ETCD_HEARTBEAT_MS ?? '500'; // k3s: 500ms
    const election = process.env.K3S_DOUBLE_ETCD_ELECTION_MS ?? '5000'; // k3s: 5000ms
    const args = [
      '--name',
      this.o.name,
      '--data-dir',
      this.o.dataDir,
      '--listen-client-urls',
      this.o.alsoLocalhost && this.o.ip !== '127.0.0.1'
        ? `${clientURL('127.0.0.1')},${clientURL(this.o.ip)}`
        : clientURL(this.o.ip),
      '--advertise-client-urls',
      clientURL(this.o.ip),
      '--listen-peer-urls',
      peerURL(this.o.ip),
      '--initial-advertise-peer-urls',
      peerURL(this.o.ip),
      '--initial-cluster',
      this.o.initialCluster,
      '--initial-cluster-state',
      this.o.state,
      '--heartbeat-interval',
      heartbeat,
      '--election-timeout',
      election,
      '--logger',
      'zap',
      '--log-outputs',
      'stderr',
    ];
    // k3s embeds etcd: it lives and dies with the k3s process, and the next
    // k3s always finds its ports free. DEVIATION: here etcd is a child
    // process, which can outlive a killed double (its guard stops it on
    // stdin EOF, but a closing etcd may linger); the next start kills an
    // etcd of the same data dir that is still there (pid file beside the
    // data dir), so no etcd ever meets an old one holding its ports.
    // Background jobs get /dev/null as stdin, so keep our stdin pipe on fd 3 for the watcher.
    const guard = [
      'if [ -f "$K3SD_PIDFILE" ]; then old=$(cat "$K3SD_PIDFILE");',
      'if [ -n "$old" ] && grep -qaF -- "$K3SD_DATADIR" /proc/$old/cmdline 2>/dev/null; then',
      'kill -9 $old 2>/dev/null; for i in $(seq 100); do grep -qaF -- "$K3SD_DATADIR" /proc/$old/cmdline 2>/dev/null || break; sleep 0.05; done; fi; fi;',
      'exec 3<&0; etcd "$@" </dev/null & p=$!; echo $p > "$K3SD_PIDFILE";',
      '(cat <&3 >/dev/null; kill $p 2>/dev/null) & g=$!; exec 3<&-; wait $p; rc=$?; kill $g 2>/dev/null; exit $rc',
    ].join(' ');
    const child = spawn('bash', ['-c', guard, 'etcd-guard', ...args], {
      stdio: ['pipe', 'ignore', 'pipe'],
      env: { ...process.env, K3SD_PIDFILE: this.pidFile, K3SD_DATADIR: this.o.dataDir },
    });
    this.child = child;
    child.stderr?.on('data', (d: Buffer) => {
      const s = d.toString('utf8');
      if (
        s.includes('has been permanently removed from the cluster') ||
        s.includes('the member has been permanently removed')
      ) {
        this.removed = true;
      }
      try {
        appendFileSync(this.o.logFile, s);
      } catch {
        // ignore
      }
    });
    child.on('exit', (code) => {
      this.child = undefined;
      if (!this.stopping) {
        logger.error(`etcd exited unexpectedly with code ${code ?? 'null'}`);
        this.o.onUnexpectedExit(this.removed, code);
      }
    });
    logger.info(
      `Starting etcd member ${this.o.name} on ${this.o.ip} (state=${this.o.state}, initial-cluster=${this.o.initialCluster})`,
    );
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const c = this.child;
    if (!c) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.stdin?.end(); // guard kills etcd on EOF
      setTimeout(() => {
        // a closing etcd that takes too long goes as an embedded one would: with its process
        try {
          const pid = Number(readFileSync(this.pidFile, 'utf8').trim());
          if (pid > 0) process.kill(pid, 'SIGKILL');
        } catch {
          // gone already
        }
        c.kill('SIGKILL');
      }, 5000).unref();
    });
  }
}
