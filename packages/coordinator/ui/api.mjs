// @ts-check
/**
 * The dashboard's API client: the operator token lives in sessionStorage
 * (entered once per browser session, never put in a URL), every call sends it
 * as a bearer header, and live events come from `GET /v1/events/stream` read
 * with fetch() and a stream reader (EventSource cannot send headers).
 */

const TOKEN_KEY = 'k3sgrid.token';

/** @returns {string | null} */
export function getToken() {
  return sessionStorage.getItem(TOKEN_KEY);
}

/** @param {string} token */
export function setToken(token) {
  sessionStorage.setItem(TOKEN_KEY, token);
}

export function clearToken() {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** An API error with the uniform error body's code. */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} code
   * @param {string} message
   */
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** Called when the token is refused (401), so the app can ask for it again. */
let onUnauthorized = () => {};
/** @param {() => void} f */
export function setUnauthorizedHandler(f) {
  onUnauthorized = f;
}

/**
 * Calls the API with the stored token.
 * @param {string} path
 * @param {{ method?: string, body?: unknown, accept?: string, token?: string }} [opts]
 * @returns {Promise<any>}
 */
export async function api(path, opts = {}) {
  const token = opts.token ?? getToken() ?? '';
  /** @type {Record<string, string>} */
  const headers = { authorization: `Bearer ${token}`, accept: opts.accept ?? 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method: opts.method ?? 'GET',
    headers,
    cache: 'no-store',
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
  });
  if (res.status === 401 && !opts.token) onUnauthorized();
  if (res.status === 204) return null;
  const text = await res.text();
  if (!res.ok) {
    let body = /** @type {{ code?: string, message?: string }} */ ({});
    try {
      body = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    throw new ApiError(res.status, body.code ?? 'error', body.message ?? `HTTP ${res.status}`);
  }
  const type = res.headers.get('content-type') ?? '';
  return type.includes('json') ? JSON.parse(text) : text;
}

/**
 * @typedef {import('../src/api/views.js').EventViewT} K3gEvent An event as the API shows it (api/views.ts, from its zod schema)
 */

/**
 * Follows the live event stream until `stop()` is called, reconnecting with
 * back-off and resuming after the last event seen.
 * @param {(e: K3gEvent) => void} onEvent
 * @param {(state: 'live' | 'connecting' | 'offline') => void} onState
 * @returns {{ stop: () => void }}
 */
export function followEvents(onEvent, onState) {
  let stopped = false;
  let lastId = 0;
  /** @type {AbortController | null} */
  let ctl = null;
  let delay = 500;

  const run = async () => {
    while (!stopped) {
      onState('connecting');
      ctl = new AbortController();
      try {
        const q = lastId > 0 ? `?after=${lastId}` : '';
        const res = await fetch(`/v1/events/stream${q}`, {
          headers: { authorization: `Bearer ${getToken() ?? ''}`, accept: 'text/event-stream' },
          signal: ctl.signal,
          cache: 'no-store',
        });
        if (res.status === 401) {
          onUnauthorized();
          return;
        }
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
        onState('live');
        delay = 500;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value;
          let i;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const data = block
              .split('\n')
              .filter((l) => l.startsWith('data:'))
              .map((l) => l.slice(5).replace(/^ /, ''))
              .join('\n');
            if (!data) continue;
            try {
              const e = /** @type {K3gEvent} */ (JSON.parse(data));
              lastId = Math.max(lastId, e.id);
              onEvent(e);
            } catch {
              /* ignore a malformed message */
            }
          }
        }
      } catch {
        /* network error or abort: retry below */
      }
      if (stopped) return;
      onState('offline');
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 10_000);
    }
  };
  void run();
  return {
    stop() {
      stopped = true;
      ctl?.abort();
    },
  };
}

/**
 * Downloads the cluster's kubeconfig as a file (the token stays in the header).
 * @param {string} clusterId
 * @param {string} name
 */
export async function downloadKubeconfig(clusterId, name) {
  const text = await api(`/v1/clusters/${encodeURIComponent(clusterId)}/kubeconfig`, { accept: 'application/yaml' });
  const url = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `${name}.kubeconfig`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
