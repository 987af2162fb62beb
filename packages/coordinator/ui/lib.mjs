// @ts-check
/**
 * Shared view helpers: preact + htm bound once, formatting, status badges.
 */
import { h, render } from './vendor/preact.mjs';
import { useEffect, useState, useRef, useCallback, useMemo } from './vendor/hooks.mjs';
import htm from './vendor/htm.mjs';

export const html = htm.bind(h);
export { render, useEffect, useState, useRef, useCallback, useMemo };

/** Phase → colour class (good, busy, bad, idle). */
const PHASE_TONE = /** @type {Record<string, string>} */ ({
  ready: 'good',
  running: 'busy',
  forming: 'busy',
  bootstrapping: 'busy',
  configuring: 'busy',
  installing: 'busy',
  starting: 'busy',
  pending: 'idle',
  degraded: 'bad',
  failed: 'bad',
  active: 'good',
  expired: 'idle',
  'used-up': 'idle',
  revoked: 'bad',
});

/**
 * A coloured status pill.
 * @param {{ value: string, tone?: string }} p
 */
export function Badge({ value, tone }) {
  return html`<span class=${`badge tone-${tone ?? PHASE_TONE[value] ?? 'idle'}`} data-phase=${value}>${value}</span>`;
}

/**
 * Relative age like kubectl's.
 * @param {string} iso
 */
export function age(iso) {
  const s = Math.max(0, Math.floor((Date.now() - Date.parse(iso)) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

/** @param {string} iso */
export function time(iso) {
  const d = new Date(iso);
  return d.toLocaleTimeString([], { hour12: false });
}

/** @param {number} bytes */
export function bytes(bytes) {
  if (!bytes) return '—';
  const u = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = bytes;
  while (v >= 1024 && i < u.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v >= 10 || i === 0 ? 0 : 1)} ${u[i]}`;
}

/**
 * "3/3" with a tone: good when all ready, busy otherwise.
 * @param {{ c: { ready: number, desired: number } | undefined }} p
 */
export function Ratio({ c }) {
  if (!c) return html`<span class="muted">—</span>`;
  const tone = c.desired > 0 && c.ready >= c.desired ? 'good' : c.ready > 0 ? 'busy' : 'idle';
  return html`<span class=${`ratio tone-text-${tone}`}>${c.ready}/${c.desired}</span>`;
}

/**
 * A loading / error / content wrapper.
 * @param {{ error: unknown, loading: boolean, children: any }} p
 */
export function Loadable({ error, loading, children }) {
  if (error)
    return html`<div class="alert" role="alert">${String(/** @type {Error} */ (error).message ?? error)}</div>`;
  if (loading) return html`<div class="muted pad">Loading…</div>`;
  return children;
}

/**
 * Fetches `load()` now and whenever `tick` changes (live events bump it).
 * @template T
 * @param {() => Promise<T>} load
 * @param {unknown[]} deps
 * @returns {{ data: T | undefined, error: unknown, loading: boolean, reload: () => void }}
 */
export function useData(load, deps) {
  const [state, setState] = useState(
    /** @type {{ data: T | undefined, error: unknown }} */ ({ data: undefined, error: null }),
  );
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (data) => live && setState({ data, error: null }),
      (error) => live && setState((s) => ({ data: s.data, error })),
    );
    return () => {
      live = false;
    };
  }, [...deps, n]);
  return {
    data: state.data,
    error: state.error,
    loading: state.data === undefined && !state.error,
    reload: () => setN((x) => x + 1),
  };
}

/**
 * Copies text to the clipboard, with a fallback for non-secure contexts.
 * @param {string} text
 */
export async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const ta = document.createElement('textarea');
    ta.value = text;
    document.body.append(ta);
    ta.select();
    const ok = document.execCommand('copy');
    ta.remove();
    return ok;
  }
}

/**
 * A copy button that says "Copied" for a moment.
 * @param {{ text: string, label?: string, testid?: string }} p
 */
export function CopyButton({ text, label, testid }) {
  const [done, setDone] = useState(false);
  return html`<button
    type="button"
    class="btn small"
    data-testid=${testid}
    onClick=${async () => {
      setDone(await copy(text));
      setTimeout(() => setDone(false), 1500);
    }}
  >
    ${done ? 'Copied' : (label ?? 'Copy')}
  </button>`;
}
