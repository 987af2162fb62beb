// @ts-check
/** One node: status, the full capability report with its evidence, and drift history. */
import { api } from '../api.mjs';
import { Badge, Loadable, age, bytes, html, useData } from '../lib.mjs';

const MODULE_TONE = /** @type {Record<string, string>} */ ({
  loaded: 'good',
  builtin: 'good',
  loadable: 'good',
  'config-module': 'busy',
  'config-builtin': 'busy',
  absent: 'bad',
  unknown: 'idle',
});

/** @param {{ id: string, tick: number }} p */
export function NodePage({ id, tick }) {
  const { data: n, error, loading } = useData(() => api(`/v1/nodes/${encodeURIComponent(id)}`), [id, tick]);
  const drift = useData(
    () => api(`/v1/events?node=${encodeURIComponent(id)}&type=capability.drift&limit=1000`),
    [id, tick],
  );
  const cluster = useData(
    () => (n ? api(`/v1/clusters/${encodeURIComponent(n.clusterId)}`) : Promise.resolve(null)),
    [n?.clusterId],
  );
  const r = n?.report;
  return html`<${Loadable} error=${error} loading=${loading}>${
    n &&
    html`<section>
      <div class="crumbs"><a href="#/nodes">Nodes</a> / ${n.name}</div>
      <div class="page-head">
        <h1>${n.name}</h1>
        <${Badge} value=${n.phase} />
        ${n.revoked ? html`<${Badge} value="revoked" />` : n.connected ? html`<span class="tone-text-good">● connected</span>` : html`<span class="tone-text-bad">○ disconnected</span>`}
      </div>
      ${n.lastError && html`<div class="alert">${n.lastError}</div>`}
      <div class="stats">
        <div class="stat">
          <div class="k">Cluster</div>
          <div class="v">
            <a href=${`#/clusters/${encodeURIComponent(n.clusterId)}`}>${cluster.data?.name ?? n.clusterId}</a>
          </div>
        </div>
        <div class="stat">
          <div class="k">Role</div>
          <div class="v"><span class="tag">${n.role}</span></div>
        </div>
        <div class="stat">
          <div class="k">Address</div>
          <div class="v mono">${n.address || '—'}</div>
        </div>
        <div class="stat">
          <div class="k">Agent</div>
          <div class="v mono">${n.agentVersion}</div>
        </div>
        <div class="stat">
          <div class="k">Enrolled</div>
          <div class="v">${age(n.enrolledAt)} ago</div>
        </div>
        <div class="stat">
          <div class="k">Last seen</div>
          <div class="v">${age(n.lastSeenAt)} ago</div>
        </div>
      </div>
      ${
        !r
          ? html`<div class="card muted">No capability report yet.</div>`
          : html`<div class="card" data-testid="capability-report">
              <h2>Capability report</h2>
              <dl class="facts">
                <dt>Hostname</dt>
                <dd>${r.hostname}</dd>
                <dt>Kernel</dt>
                <dd class="mono">${r.kernelRelease || '—'}</dd>
                <dt>Kernel config</dt>
                <dd class="mono">${r.kernelConfigSource || 'none found'}</dd>
                <dt>Architecture</dt>
                <dd>${r.arch || '—'}</dd>
                <dt>Init system</dt>
                <dd>${r.initSystem}</dd>
                <dt>cgroup</dt>
                <dd>${r.cgroupVersion ? `v${r.cgroupVersion}` : 'unknown'}</dd>
                <dt>CPU</dt>
                <dd>${r.cpuCount}</dd>
                <dt>Memory</dt>
                <dd>${bytes(r.memoryBytes)}</dd>
                <dt>Addresses</dt>
                <dd class="mono">${r.addresses.join(', ') || '—'}</dd>
                <dt>Public IP</dt>
                <dd class="mono">${r.publicIp || '—'}</dd>
                <dt>Grid farm / node</dt>
                <dd>${r.gridFarmId || '—'} / ${r.gridNodeId || '—'}</dd>
              </dl>
              <div class="two-col">
                <div>
                  <h3>Kernel modules</h3>
                  <table class="grid compact" data-testid="modules-table">
                    <thead>
                      <tr>
                        <th>Module</th>
                        <th>Config symbol</th>
                        <th>State</th>
                        <th>Evidence</th>
                      </tr>
                    </thead>
                    <tbody>
                      ${r.modules.map(
                        (/** @type {any} */ m) =>
                          html`<tr>
                            <td class="mono">${m.name}</td>
                            <td class="mono muted">CONFIG_${m.configSymbol}</td>
                            <td><${Badge} value=${m.state} tone=${MODULE_TONE[m.state]} /></td>
                            <td class="mono muted small">${m.sourceFile || '—'}</td>
                          </tr>`,
                      )}
                    </tbody>
                  </table>
                </div>
                <div>
                  <h3>Tools</h3>
                  <table class="grid compact" data-testid="tools-table">
                    <thead>
                      <tr>
                        <th>Tool</th>
                        <th>Present</th>
                        <th>Path</th>
                      </tr>
                    </thead>
                    <tbody>
                      ${r.tools.map(
                        (/** @type {any} */ t) =>
                          html`<tr>
                            <td class="mono">${t.name}</td>
                            <td>
                              ${t.present ? html`<span class="tone-text-good">yes</span>` : html`<span class="tone-text-bad">missing</span>`}
                            </td>
                            <td class="mono muted small">${t.path || '—'}</td>
                          </tr>`,
                      )}
                    </tbody>
                  </table>
                  <h3>Disks</h3>
                  ${
                    r.disks.length === 0
                      ? html`<p class="muted">No disks reported.</p>`
                      : html`<table class="grid compact">
                          <thead>
                            <tr>
                              <th>Disk</th>
                              <th>Type</th>
                              <th>Size</th>
                              <th>Unused</th>
                            </tr>
                          </thead>
                          <tbody>
                            ${r.disks.map(
                              (/** @type {any} */ d) =>
                                html`<tr>
                                  <td class="mono">${d.name}</td>
                                  <td>${d.type}</td>
                                  <td>${bytes(d.sizeBytes)}</td>
                                  <td>${d.unused ? 'yes' : 'no'}</td>
                                </tr>`,
                            )}
                          </tbody>
                        </table>`
                  }
                </div>
              </div>
            </div>`
      }
      <div class="card">
        <h2>Drift history</h2>
        ${
          (drift.data?.items ?? []).length === 0
            ? html`<p class="muted" data-testid="drift-empty">
                No capability drift: every report matched the previous one.
              </p>`
            : html`<ol class="timeline" data-testid="drift">
                ${drift.data.items
                  .slice()
                  .reverse()
                  .map(
                    (/** @type {any} */ e) =>
                      html`<li class="ev ev-bad">
                        <span class="ts mono">${new Date(e.ts).toLocaleString()}</span
                        ><span class="msg">${e.message}</span>
                      </li>`,
                  )}
              </ol>`
        }
      </div>
    </section>`
  }</${Loadable}>`;
}
