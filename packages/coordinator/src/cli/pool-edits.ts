/**
 * `cluster update` label and taint edits, kubectl style: `k=v` sets a label,
 * `k-` removes it; `k[=v]:Effect` sets a taint, `k:Effect-` removes it
 * (kubectl label / kubectl taint). Pure: from the pools the cluster has to
 * the pools the PATCH sends (each touched pool whole).
 */
import type { ClusterSpec, NodePoolSpec, PoolName } from '../store/types.js';

export type PoolSelector = PoolName | 'all';

const taintId = (t: string): string => {
  const colon = t.lastIndexOf(':');
  const kv = colon >= 0 ? t.slice(0, colon) : t;
  const eq = kv.indexOf('=');
  return `${eq >= 0 ? kv.slice(0, eq) : kv}:${colon >= 0 ? t.slice(colon + 1) : ''}`;
};

/** Applies label and taint edits to the selected pools; throws on an edit that is not `k=v`, `k-`, `k[=v]:E` or `k:E-`. */
export function editPools(
  current: ClusterSpec['pools'],
  select: PoolSelector,
  labels: readonly string[],
  taints: readonly string[],
): Partial<Record<PoolName, NodePoolSpec>> {
  const names: PoolName[] = select === 'all' ? ['servers', 'agents'] : [select];
  const out: Partial<Record<PoolName, NodePoolSpec>> = {};
  for (const name of names) {
    const pool: NodePoolSpec = {
      labels: { ...(current?.[name]?.labels ?? {}) },
      taints: [...(current?.[name]?.taints ?? [])],
    };
    for (const l of labels) {
      if (l.endsWith('-') && !l.includes('=')) {
        const key = l.slice(0, -1);
        pool.labels = Object.fromEntries(Object.entries(pool.labels).filter(([k]) => k !== key));
      } else {
        const eq = l.indexOf('=');
        if (eq <= 0) throw new Error(`--label ${l}: use key=value to set a label or key- to remove it`);
        pool.labels[l.slice(0, eq)] = l.slice(eq + 1);
      }
    }
    for (const t of taints) {
      if (t.endsWith('-')) {
        const id = taintId(t.slice(0, -1));
        pool.taints = pool.taints.filter((x) => taintId(x) !== id);
      } else {
        if (!t.includes(':'))
          throw new Error(`--taint ${t}: use key[=value]:Effect to set a taint or key:Effect- to remove it`);
        const id = taintId(t);
        pool.taints = [...pool.taints.filter((x) => taintId(x) !== id), t];
      }
    }
    out[name] = pool;
  }
  return out;
}
