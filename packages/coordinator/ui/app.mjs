// @ts-check
/**
 * The dashboard shell: sign-in, navigation, hash routing and the live event
 * stream. Pages re-fetch when a relevant event arrives (`tick`), and the
 * event itself is handed to pages that show timelines.
 */
import { api, clearToken, followEvents, getToken, setToken, setUnauthorizedHandler } from './api.mjs';
import { html, render, useEffect, useRef, useState } from './lib.mjs';
import { ClustersPage } from './pages/clusters.mjs';
import { ClusterPage } from './pages/cluster.mjs';
import { NodesPage } from './pages/nodes.mjs';
import { NodePage } from './pages/node.mjs';
import { EventsPage } from './pages/events.mjs';

/** @typedef {import('./api.mjs').K3gEvent} K3gEvent */

/** Parses `#/path/a?x=1` into parts and query. */
function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/clusters';
  const [path = '', query = ''] = raw.split('?');
  return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(query) };
}

function useRoute() {
  const [route, setRoute] = useState(parseHash);
  useEffect(() => {
    const f = () => setRoute(parseHash());
    addEventListener('hashchange', f);
    return () => removeEventListener('hashchange', f);
  }, []);
  return route;
}

/** @param {{ onSignedIn: () => void }} p */
function Login({ onSignedIn }) {
  const [token, setTok] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  /** @param {Event} e */
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      await api('/v1/clusters', { token: token.trim() });
      setToken(token.trim());
      onSignedIn();
    } catch (err) {
      const status = /** @type {{ status?: number }} */ (err).status;
      setError(status === 401 ? 'That token was not accepted.' : String(/** @type {Error} */ (err).message));
    } finally {
      setBusy(false);
    }
  };
  return html`<main class="login">
    <form class="card login-card" onSubmit=${submit}>
      <div class="brand big"><span class="logo">k3</span>grid</div>
      <h1>Sign in to the coordinator</h1>
      <p class="muted">
        Paste the operator token (<code>admin.token</code> in the coordinator's state directory). It is kept for this
        browser tab only.
      </p>
      <label for="token">Operator token</label>
      <input
        id="token"
        name="token"
        type="password"
        autocomplete="off"
        autofocus
        value=${token}
        onInput=${(/** @type {any} */ e) => setTok(e.currentTarget.value)}
      />
      ${error && html`<div class="alert" role="alert">${error}</div>`}
      <button class="btn primary" type="submit" disabled=${busy || !token.trim()}>
        ${busy ? 'Checking…' : 'Sign in'}
      </button>
    </form>
  </main>`;
}

/** @param {{ state: string }} p */
function LiveIndicator({ state }) {
  const label = state === 'live' ? 'Live' : state === 'connecting' ? 'Connecting…' : 'Reconnecting…';
  return html`<span class=${`live live-${state}`} data-testid="live" title="Server-sent event stream"
    ><span class="dot"></span>${label}</span
  >`;
}

function Shell() {
  const route = useRoute();
  const [tick, setTick] = useState(0);
  const [live, setLive] = useState('connecting');
  const [lastEvent, setLastEvent] = useState(/** @type {K3gEvent | null} */ (null));
  const timer = useRef(/** @type {ReturnType<typeof setTimeout> | null} */ (null));

  useEffect(() => {
    const s = followEvents((e) => {
      setLastEvent(e);
      // Coalesce bursts (a formation sends many events) into one refresh.
      if (!timer.current) {
        timer.current = setTimeout(() => {
          timer.current = null;
          setTick((t) => t + 1);
        }, 250);
      }
    }, setLive);
    return () => s.stop();
  }, []);

  const [section] = route.parts;
  let page;
  if (section === 'clusters' && route.parts[1])
    page = html`<${ClusterPage} id=${route.parts[1]} tick=${tick} lastEvent=${lastEvent} />`;
  else if (section === 'nodes' && route.parts[1]) page = html`<${NodePage} id=${route.parts[1]} tick=${tick} />`;
  else if (section === 'nodes') page = html`<${NodesPage} query=${route.query} tick=${tick} />`;
  else if (section === 'events') page = html`<${EventsPage} tick=${tick} lastEvent=${lastEvent} />`;
  else page = html`<${ClustersPage} tick=${tick} />`;

  /** @param {string} s */
  const nav = (s) =>
    html`<a href=${`#/${s}`} class=${section === s || (!section && s === 'clusters') ? 'active' : ''}
      >${s[0]?.toUpperCase()}${s.slice(1)}</a
    >`;
  return html`<div class="app">
    <header class="top">
      <a class="brand" href="#/clusters"><span class="logo">k3</span>grid</a>
      <nav>${nav('clusters')}${nav('nodes')}${nav('events')}</nav>
      <div class="spacer"></div>
      <${LiveIndicator} state=${live} />
      <a class="muted small" href="/docs" target="_blank" rel="noopener">API docs</a>
      <button
        class="btn ghost small"
        onClick=${() => {
          clearToken();
          location.reload();
        }}
      >
        Sign out
      </button>
    </header>
    <main class="content">${page}</main>
  </div>`;
}

function App() {
  const [signedIn, setSignedIn] = useState(() => getToken() !== null);
  useEffect(() => {
    setUnauthorizedHandler(() => {
      clearToken();
      setSignedIn(false);
    });
  }, []);
  return signedIn ? html`<${Shell} />` : html`<${Login} onSignedIn=${() => setSignedIn(true)} />`;
}

const root = document.getElementById('root');
if (root) render(html`<${App} />`, root);
