// @ts-check
/** All nodes, filterable by cluster, phase and name. */
import { api } from '../api.mjs';
import { Badge, Loadable, age, html, useData } from '../lib.mjs';

const PHASES = ['pending', 'configuring', 'installing', 'starting', 'running', 'ready', 'failed'];

/**
 * Updates one query parameter in the hash (filters survive a reload).
 * @param {URLSearchParams} query
 * @param {string} key
 * @param {string} value
 */
function setFilter(query, key, value) {
  const q = new URLSearchParams(query);
  if (value) q.set(key, value);
  else q.delete(key);
  const s = q.toString();
  location.hash = `#/nodes${s ? `?${s}` : ''}`;
}

/** @param {{ query: URLSearchParams, tick: number }} p */
export function NodesPage({ query, tick }) {
  const cluster = query.get('cluster') ?? '';
  const phase = query.get('phase') ?? '';
  const text = query.get('q') ?? '';
  const clusters = useData(() => api('/v1/clusters'), [tick]);
  const nodes = useData(
    () => api(`/v1/nodes${cluster ? `?cluster=${encodeURIComponent(cluster)}` : ''}`),
    [cluster, tick],
  );
  /** @type {Record<string, string>} */
  const clusterName = Object.fromEntries((clusters.data?.items ?? []).map((/** @type {any} */ c) => [c.id, c.name]));
  /** @type {any[]} */
  const items = (nodes.data?.items ?? []).filter(
    (/** @type {any} */ n) =>
      (!phase || n.phase === phase) &&
      (!text || `${n.name} ${n.hostname} ${n.address}`.toLowerCase().includes(text.toLowerCase())),
  );
  return html`<section>
    <div class="page-head"><h1>Nodes</h1><span class="muted">${items.length} shown</span></div>
    <div class="filters">
      <label>Cluster
        <select data-testid="filter-cluster" value=${cluster} onChange=${(/** @type {any} */ e) => setFilter(query, 'cluster', e.currentTarget.value)}>
          <option value="">All clusters</option>
          ${(clusters.data?.items ?? []).map((/** @type {any} */ c) => html`<option value=${c.id}>${c.name}</option>`)}
        </select>
      </label>
      <label>Phase
        <select data-testid="filter-phase" value=${phase} onChange=${(/** @type {any} */ e) => setFilter(query, 'phase', e.currentTarget.value)}>
          <option value="">All phases</option>
          ${PHASES.map((p) => html`<option value=${p}>${p}</option>`)}
        </select>
      </label>
      <label>Search
        <input type="search" placeholder="name, host or address" value=${text} onChange=${(/** @type {any} */ e) => setFilter(query, 'q', e.currentTarget.value)} />
      </label>
    </div>
    <${Loadable} error=${nodes.error} loading=${nodes.loading}>
      ${
        items.length === 0
          ? html`<div class="card empty">No nodes match.</div>`
          : html`<div class="card flush">
              <table class="grid" data-testid="nodes-table">
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Cluster</th>
                    <th>Role</th>
                    <th>Phase</th>
                    <th>Connected</th>
                    <th>Address</th>
                    <th>Agent</th>
                    <th>Last seen</th>
                    <th>Last error</th>
                  </tr>
                </thead>
                <tbody>
                  ${items.map(
                    (n) =>
                      html`<tr data-node=${n.name}>
                        <td>
                          <a class="strong" href=${`#/nodes/${encodeURIComponent(n.id)}`}>${n.name}</a
                          >${n.hostname !== n.name ? html`<div class="sub">${n.hostname}</div>` : ''}
                        </td>
                        <td>
                          <a href=${`#/clusters/${encodeURIComponent(n.clusterId)}`}
                            >${clusterName[n.clusterId] ?? n.clusterId}</a
                          >
                        </td>
                        <td><span class="tag">${n.role}</span></td>
                        <td><${Badge} value=${n.phase} /></td>
                        <td>
                          ${n.revoked ? html`<${Badge} value="revoked" />` : n.connected ? html`<span class="tone-text-good">● yes</span>` : html`<span class="tone-text-bad">○ no</span>`}
                        </td>
                        <td class="mono">${n.address || '—'}</td>
                        <td class="mono muted">${n.agentVersion}</td>
                        <td class="muted">${age(n.lastSeenAt)} ago</td>
                        <td class="err">${n.lastError || html`<span class="muted">—</span>`}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }
    </${Loadable}>
  </section>`;
}
