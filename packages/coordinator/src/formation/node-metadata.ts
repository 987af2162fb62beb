/**
 * Labels and taints of a cluster's nodes, decided: pure. k3s applies
 * `node-taint` only when the kubelet registers its Node (kubelet
 * `--register-with-taints`, kubelet_node_status.go initialNode) and merges
 * `node-label` into an existing Node at start but never removes one
 * (k3s pkg/agent/run.go configureNode → updateMutableLabels, labels.Merge).
 * So a changed pool is reconciled on existing nodes through the cluster's
 * API: one merge patch per node with the labels and taints the coordinator
 * manages, remembered in an annotation (like kubectl apply's last-applied
 * configuration) so that labels and taints it set and no longer wants are
 * removed and nobody else's are touched.
 */
import type { NodePoolSpec } from '../store/types.js';

/** Annotation listing the label keys the coordinator set on a Node. */
export const MANAGED_LABELS_ANNOTATION = 'k3sgrid.io/managed-labels';
/** Annotation listing the taints (`key:Effect`) the coordinator set on a Node. */
export const MANAGED_TAINTS_ANNOTATION = 'k3sgrid.io/managed-taints';

export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;
export type TaintEffect = (typeof TAINT_EFFECTS)[number];

/** A Node taint as the Kubernetes API has it. */
export interface Taint {
  key: string;
  value?: string | undefined;
  effect: string;
  timeAdded?: string | undefined;
}

/** What the coordinator reads of a Node. */
export interface KubeNodeMeta {
  resourceVersion: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  taints: Taint[];
}

// apimachinery pkg/util/validation: IsQualifiedName and IsValidLabelValue.
const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Why `key` is not a valid label (or taint) key, or null when it is (apimachinery IsQualifiedName). */
export function labelKeyError(key: string): string | null {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : '';
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (slash >= 0 && (prefix.length === 0 || prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix)))
    return `label key ${JSON.stringify(key)}: the prefix must be a DNS subdomain of at most 253 characters`;
  if (name.length === 0 || name.length > 63 || !NAME.test(name))
    return `label key ${JSON.stringify(key)}: the name must be 1 to 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit`;
  // The coordinator's own labels (capabilities) are its to set.
  if (prefix === 'k3sgrid.io' || prefix.endsWith('.k3sgrid.io'))
    return `label key ${JSON.stringify(key)}: the k3sgrid.io prefix is reserved for the coordinator's capability labels`;
  return null;
}

/** Why `value` is not a valid label value, or null (apimachinery IsValidLabelValue). */
export function labelValueError(value: string): string | null {
  if (value === '') return null;
  if (value.length > 63 || !NAME.test(value))
    return `label value ${JSON.stringify(value)}: at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit`;
  return null;
}

/** Parses `key[=value]:Effect` (k3s `node-taint`); throws a message naming what is wrong. */
export function parseTaint(s: string): Taint & { effect: TaintEffect } {
  const colon = s.lastIndexOf(':');
  if (colon < 0) throw new Error(`taint ${JSON.stringify(s)}: must be key[=value]:Effect`);
  const effect = s.slice(colon + 1);
  if (!(TAINT_EFFECTS as readonly string[]).includes(effect))
    throw new Error(`taint ${JSON.stringify(s)}: the effect must be one of ${TAINT_EFFECTS.join(', ')}`);
  const kv = s.slice(0, colon);
  const eq = kv.indexOf('=');
  const key = eq >= 0 ? kv.slice(0, eq) : kv;
  const value = eq >= 0 ? kv.slice(eq + 1) : '';
  const ke = labelKeyError(key);
  if (ke) throw new Error(`taint ${JSON.stringify(s)}: ${ke.replace(/^label key/, 'key')}`);
  const ve = labelValueError(value);
  if (ve) throw new Error(`taint ${JSON.stringify(s)}: ${ve.replace(/^label value/, 'value')}`);
  return { key, ...(value ? { value } : {}), effect: effect as TaintEffect };
}

/** Why a pool spec is not valid, or null. */
export function poolError(p: NodePoolSpec): string | null {
  for (const [k, v] of Object.entries(p.labels)) {
    const e = labelKeyError(k) ?? labelValueError(v);
    if (e) return e;
  }
  const seen = new Set<string>();
  for (const t of p.taints) {
    try {
      const parsed = parseTaint(t);
      const id = `${parsed.key}:${parsed.effect}`;
      // The API refuses two taints with the same key and effect (ValidateNodeSpecificAnnotations / validateNodeTaints).
      if (seen.has(id))
        return `taint ${JSON.stringify(t)}: a taint with key ${parsed.key} and effect ${parsed.effect} is given twice`;
      seen.add(id);
    } catch (err) {
      return (err as Error).message;
    }
  }
  return null;
}

/** `key=value` strings (capability labels, k3s `node-label`) as a map. */
export function labelMap(items: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of items) {
    const eq = l.indexOf('=');
    if (eq > 0) out[l.slice(0, eq)] = l.slice(eq + 1);
    else if (l) out[l] = '';
  }
  return out;
}

const list = (v: string | undefined): string[] => (v ? v.split(',').filter(Boolean) : []);
const taintId = (t: Pick<Taint, 'key' | 'effect'>): string => `${t.key}:${t.effect}`;

/** A JSON merge patch (RFC 7386) of a Node; `null` removes a label or annotation. */
export interface NodeMetadataPatch {
  metadata: {
    resourceVersion: string;
    labels?: Record<string, string | null>;
    annotations: Record<string, string | null>;
  };
  spec?: { taints: Taint[] };
}

/**
 * The patch that brings a Node to the wanted labels and taints, or null when
 * it already has them. Labels and taints the coordinator did not set (listed
 * in neither annotation) are never removed; a managed one no longer wanted is.
 * Taints are a list the patch replaces whole, so others' taints are kept in it
 * as they are (with their timeAdded), with `resourceVersion` guarding against
 * a concurrent change (the API answers 409).
 */
export function nodeMetadataPatch(
  node: KubeNodeMeta,
  want: { labels: Record<string, string>; taints: readonly string[] },
): NodeMetadataPatch | null {
  const managedLabels = new Set(list(node.annotations[MANAGED_LABELS_ANNOTATION]));
  const managedTaints = new Set(list(node.annotations[MANAGED_TAINTS_ANNOTATION]));
  const labels: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(want.labels)) if (node.labels[k] !== v) labels[k] = v;
  for (const k of managedLabels) if (!(k in want.labels) && k in node.labels) labels[k] = null;
  const wanted = want.taints.map(parseTaint);
  const wantedIds = new Set(wanted.map(taintId));
  const kept = node.taints.filter((t) => !managedTaints.has(taintId(t)) && !wantedIds.has(taintId(t)));
  const current = new Map(node.taints.map((t) => [taintId(t), t]));
  const taints: Taint[] = [
    ...kept,
    ...wanted.map((t) => {
      const had = current.get(taintId(t));
      // An unchanged taint keeps its timeAdded (NoExecute tolerations count from it).
      return had && (had.value ?? '') === (t.value ?? '') ? had : { ...t };
    }),
  ];
  const sameTaints =
    taints.length === node.taints.length &&
    taints.every((t) => {
      const had = current.get(taintId(t));
      return had !== undefined && (had.value ?? '') === (t.value ?? '');
    });
  const labelKeys = Object.keys(want.labels).sort().join(',');
  const taintKeys = [...wantedIds].sort().join(',');
  const annotations: Record<string, string | null> = {};
  if ((node.annotations[MANAGED_LABELS_ANNOTATION] ?? '') !== labelKeys)
    annotations[MANAGED_LABELS_ANNOTATION] = labelKeys || null;
  if ((node.annotations[MANAGED_TAINTS_ANNOTATION] ?? '') !== taintKeys)
    annotations[MANAGED_TAINTS_ANNOTATION] = taintKeys || null;
  if (Object.keys(labels).length === 0 && sameTaints && Object.keys(annotations).length === 0) return null;
  return {
    metadata: {
      resourceVersion: node.resourceVersion,
      ...(Object.keys(labels).length > 0 ? { labels } : {}),
      annotations,
    },
    ...(sameTaints ? {} : { spec: { taints } }),
  };
}
