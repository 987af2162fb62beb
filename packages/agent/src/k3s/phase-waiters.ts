/**
 * Waiting for a phase, shared by the k3s runner and the HAProxy runner: both
 * emit phase events and let callers wait for one of a set of phases.
 */
import type { K3sPhase } from '@k3sgrid/proto';

/** Listeners for phase events, and a wait with a timeout. */
export class PhaseWaiters<E extends { phase: K3sPhase }> {
  private readonly waiters = new Set<(e: E) => void>();

  /** Delivers an event to every current waiter. */
  emit(event: E): void {
    for (const w of [...this.waiters]) w(event);
  }

  /**
   * Resolves with `last` if its phase is in `phases`, else with the next event
   * whose phase is; rejects after timeoutMs naming the current phase.
   */
  wait(last: E | null, phases: readonly K3sPhase[], timeoutMs: number, current: () => K3sPhase): Promise<E> {
    if (last !== null && phases.includes(last.phase)) return Promise.resolve(last);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`no ${phases.join('|')} within ${timeoutMs} ms (phase ${current()})`));
      }, timeoutMs);
      const waiter = (e: E): void => {
        if (!phases.includes(e.phase)) return;
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve(e);
      };
      this.waiters.add(waiter);
    });
  }
}
