/**
 * Retention of the event log, by age and by count, so no source of events
 * (a node, a guesser, an operator's script) can grow it without bound. The
 * formation leader prunes (on SQLite the one process; with replicas the
 * lease holder, so the shared database is pruned once), at start and then
 * every `intervalMs`, in batches so no prune holds the database for long.
 */
import type { Logger } from 'pino';
import type { Clock } from './limits.js';
import type { Store } from './store/types.js';

export interface RetentionPolicy {
  /** Events older than this are deleted (default 30 days). */
  maxAgeMs: number;
  /** At most this many events are kept, the newest (default 500,000). */
  maxCount: number;
  /** How often to prune (default 5 minutes). */
  intervalMs: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = {
  maxAgeMs: 30 * 24 * 3600_000,
  maxCount: 500_000,
  intervalMs: 5 * 60_000,
};

export class EventRetention {
  readonly policy: RetentionPolicy;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly d: { store: Store; clock: Clock; log: Logger; isLeader: () => boolean },
    policy: Partial<RetentionPolicy> = {},
  ) {
    this.policy = { ...DEFAULT_RETENTION, ...policy };
  }

  start(): void {
    void this.prune();
    this.timer = setInterval(() => void this.prune(), this.policy.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Prunes once (if leading); resolves the number of events deleted. */
  prune(): Promise<number> {
    if (!this.d.isLeader()) return Promise.resolve(0);
    this.running ??= (async () => {
      try {
        const deleted = await this.d.store.pruneEvents({
          before: this.d.clock() - this.policy.maxAgeMs,
          keep: this.policy.maxCount,
        });
        if (deleted > 0) this.d.log.info({ deleted }, 'event log pruned');
        return deleted;
      } catch (err) {
        this.d.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'event log prune failed');
        return 0;
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }
}
