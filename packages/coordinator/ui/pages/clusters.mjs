// @ts-check
/** Clusters at a glance: phase, epoch, registration, readiness, storage and CNI. */
import { api } from '../api.mjs';
import { Badge, Loadable, Ratio, age, html, useData } from '../lib.mjs';

/** @typedef {import('../../src/api/views.js').ClusterViewT} Cluster The API's cluster view (api/views.ts, from its zod schema). */

/** @param {{ tick: number }} p */
export function ClustersPage({ tick }) {
  const { data, error, loading } = useData(() => api('/v1/clusters'), [tick]);
  /** @type {Cluster[]} */
  const items = data?.items ?? [];
  return html`<section>
    <div class="page-head">
      <h1>Clusters</h1>
      <span class="muted">${items.length} cluster${items.length === 1 ? '' : 's'}</span>
    </div>
    <${Loadable} error=${error} loading=${loading}>
      ${
        items.length === 0
          ? html`<div class="card empty">
              No clusters yet. Create one with <code>k3sgrid cluster create NAME</code>.
            </div>`
          : html`<div class="card flush">
              <table class="grid" data-testid="clusters-table">
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Phase</th>
                    <th class="num">Epoch</th>
                    <th>Registration</th>
                    <th class="num">Servers ready</th>
                    <th class="num">Workers ready</th>
                    <th class="num">Connected</th>
                    <th>Storage</th>
                    <th>CNI</th>
                    <th>Age</th>
                  </tr>
                </thead>
                <tbody>
                  ${items.map(
                    (c) =>
                      html`<tr data-cluster=${c.name}>
                        <td>
                          <a class="strong" href=${`#/clusters/${encodeURIComponent(c.id)}`}>${c.name}</a>
                          ${c.statusMessage && html`<div class="sub">${c.statusMessage}</div>`}
                        </td>
                        <td><${Badge} value=${c.phase} /></td>
                        <td class="num mono">${c.epoch}</td>
                        <td>
                          <span class="tag">${c.spec?.registration?.mode ?? '—'}</span>
                          <span class="mono">${c.registrationAddress || html`<span class="muted">not yet</span>`}</span>
                        </td>
                        <td class="num" data-testid="servers-ready"><${Ratio} c=${c.ready?.servers} /></td>
                        <td class="num" data-testid="workers-ready"><${Ratio} c=${c.ready?.workers} /></td>
                        <td class="num">${c.nodes.connected}/${c.nodes.total}</td>
                        <td>${c.storage ?? html`<span class="muted">—</span>`}</td>
                        <td>${c.cni ?? html`<span class="muted">—</span>`}</td>
                        <td class="muted">${age(c.createdAt)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }
    </${Loadable}>
  </section>`;
}
