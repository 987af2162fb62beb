// @ts-check
/**
 * One cluster: summary, members, the capability matrix (nodes × storage and
 * CNI options, reason on hover and on click), the formation timeline, and the
 * join-token and kubeconfig actions.
 */
import { api, downloadKubeconfig } from '../api.mjs';
import { Badge, CopyButton, Loadable, Ratio, age, html, time, useData, useEffect, useState } from '../lib.mjs';

/** @typedef {import('../api.mjs').K3gEvent} K3gEvent */
/** @typedef {import('./clusters.mjs').Cluster} Cluster */

/**
 * @param {{ cluster: Cluster, onClose: () => void }} p
 */
function TokenDialog({ cluster, onClose }) {
  const [uses, setUses] = useState(1);
  const [ttl, setTtl] = useState(3600);
  const [roles, setRoles] = useState(/** @type {string[]} */ (['server', 'agent', 'lb']));
  const [created, setCreated] = useState(/** @type {any} */ (null));
  const [error, setError] = useState('');
  /** @param {Event} e */
  const submit = async (e) => {
    e.preventDefault();
    setError('');
    try {
      setCreated(
        await api(`/v1/clusters/${encodeURIComponent(cluster.id)}/join-tokens`, {
          method: 'POST',
          body: { maxUses: uses, ttlSeconds: ttl, roles, description: 'dashboard' },
        }),
      );
    } catch (err) {
      setError(String(/** @type {Error} */ (err).message));
    }
  };
  /** @param {string} r */
  const toggle = (r) => setRoles(roles.includes(r) ? roles.filter((x) => x !== r) : [...roles, r]);
  return html`<div class="modal-back" onClick=${(/** @type {any} */ e) => e.target === e.currentTarget && onClose()}>
    <div class="modal card" role="dialog" aria-label="Create join token">
      <h2>Join token for ${cluster.name}</h2>
      ${
        created
          ? html`<div data-testid="token-created">
              <p class="warn">This token is shown <strong>once</strong>. Copy it now; it cannot be shown again.</p>
              <label>Token</label>
              <div class="copy-row">
                <input readonly class="mono" data-testid="token-value" value=${created.token} /><${CopyButton}
                  text=${created.token}
                  testid="copy-token"
                />
              </div>
              <label>Start an agent on a node with</label>
              <div class="copy-row">
                <pre class="cmd" data-testid="agent-command">${created.agentCommand}</pre>
                <${CopyButton} text=${created.agentCommand} testid="copy-command" />
              </div>
              <p class="muted small">
                ${`${created.maxUses} use${created.maxUses === 1 ? '' : 's'} · roles ${created.roles.join(', ')} · expires ${new Date(created.expiresAt).toLocaleString()}`}
              </p>
              <div class="actions"><button class="btn primary" onClick=${onClose}>Done</button></div>
            </div>`
          : html`<form onSubmit=${submit}>
              <div class="form-grid">
                <label for="uses">Uses</label>
                <input
                  id="uses"
                  type="number"
                  min="1"
                  max="10000"
                  value=${uses}
                  onInput=${(/** @type {any} */ e) => setUses(Number(e.currentTarget.value))}
                />
                <label for="ttl">Expires after</label>
                <select
                  id="ttl"
                  value=${ttl}
                  onChange=${(/** @type {any} */ e) => setTtl(Number(e.currentTarget.value))}
                >
                  <option value="900">15 minutes</option>
                  <option value="3600">1 hour</option>
                  <option value="21600">6 hours</option>
                  <option value="86400">24 hours</option>
                </select>
                <span class="label">Roles</span>
                <div class="checks">
                  ${['server', 'agent', 'lb'].map(
                    (r) =>
                      html`<label class="check"
                        ><input type="checkbox" checked=${roles.includes(r)} onChange=${() => toggle(r)} /> ${r}</label
                      >`,
                  )}
                </div>
              </div>
              ${error && html`<div class="alert">${error}</div>`}
              <div class="actions">
                <button type="button" class="btn ghost" onClick=${onClose}>Cancel</button>
                <button type="submit" class="btn primary" disabled=${roles.length === 0 || uses < 1}>
                  Create token
                </button>
              </div>
            </form>`
      }
    </div>
  </div>`;
}

/**
 * Nodes × options, one column group per kind; a cell's reasons show on hover
 * (title) and in the panel below when clicked.
 * @param {{ cluster: Cluster }} p
 */
function CapabilityMatrix({ cluster }) {
  const plan = cluster.plan;
  const [sel, setSel] = useState(
    /** @type {{ node: string, kind: 'storage' | 'cni', option: string } | null} */ (null),
  );
  if (!plan)
    return html`<div class="muted pad">
      No capability reports yet: the matrix appears when the first node reports.
    </div>`;
  const kinds = /** @type {const} */ (['storage', 'cni']);
  const nodeNames = [
    ...new Set([
      ...(cluster.members ?? []).map((m) => m.name),
      ...kinds.flatMap((k) =>
        Object.values(plan[k].options).flatMap((o) => Object.keys(/** @type {any} */ (o).perNode)),
      ),
    ]),
  ].sort();
  /** @param {'storage' | 'cni'} kind @param {string} option @param {string} node */
  const verdict = (kind, option, node) =>
    /** @type {Record<string, { perNode?: Record<string, { usable: boolean, reasons: string[] }> } | undefined>} */ (
      plan[kind].options
    )[option]?.perNode?.[node];
  const selected = sel ? verdict(sel.kind, sel.option, sel.node) : null;
  const totalOptions = kinds.reduce((n, k) => n + Object.keys(plan[k].options).length, 0);
  /** @type {Record<string, string>} */
  const roleOf = Object.fromEntries((cluster.members ?? []).map((m) => [m.name, m.role]));
  const optionInfo = sel
    ? /** @type {Record<string, { usable: boolean, reasons: string[], warnings: string[] } | undefined>} */ (
        plan[sel.kind].options
      )[sel.option]
    : null;
  return html`<div>
    <div class="matrix-wrap">
      <table class="grid matrix" data-testid="capability-matrix">
        <thead>
          <tr>
            <th rowspan="2">Node</th>
            ${kinds.map((k) => html`<th class="group" colspan=${Object.keys(plan[k].options).length}>${k === 'cni' ? 'CNI' : 'Storage'}</th>`)}
          </tr>
          <tr>
            ${kinds.flatMap((k) =>
              Object.entries(plan[k].options).map(
                ([opt, v]) =>
                  html`<th
                    class=${`opt ${plan[k].choice === opt ? 'chosen' : ''}`}
                    title=${[.../** @type {any} */ (v.reasons ?? []), .../** @type {any} */ (v.warnings ?? [])].join('\n')}
                  >
                    ${opt}${plan[k].choice === opt ? html` <span class="chosen-mark" title="chosen">★</span>` : ''}
                    <div class=${`opt-verdict ${/** @type {any} */ (v).usable ? 'tone-text-good' : 'tone-text-bad'}`}>
                      ${/** @type {any} */ (v).usable ? 'usable' : 'not usable'}
                    </div>
                  </th>`,
              ),
            )}
          </tr>
        </thead>
        <tbody>
          ${nodeNames.map(
            (node) =>
              html`<tr>
                <th class="rowhead">${node}</th>
                ${
                  !kinds.some((k) => Object.keys(plan[k].options).some((opt) => verdict(k, opt, node)))
                    ? html`<td class="cell na" colspan=${totalOptions}>
                        not part of the storage and CNI plan${roleOf[node] ? ` (role ${roleOf[node]})` : ''}
                      </td>`
                    : kinds.flatMap((k) =>
                        Object.keys(plan[k].options).map((opt) => {
                          const v = verdict(k, opt, node);
                          const isSel = sel && sel.node === node && sel.kind === k && sel.option === opt;
                          if (!v) return html`<td class="cell na" title="not evaluated">·</td>`;
                          const reasons = v.reasons.length
                            ? v.reasons.join('\n')
                            : v.usable
                              ? `${opt} is usable on ${node}`
                              : '';
                          return html`<td
                            class=${`cell ${v.usable ? 'yes' : 'no'} ${isSel ? 'sel' : ''}`}
                            title=${reasons}
                            data-node=${node}
                            data-option=${opt}
                            data-kind=${k}
                          >
                            <button
                              type="button"
                              aria-label=${`${opt} on ${node}: ${v.usable ? 'usable' : 'not usable'}`}
                              onClick=${() => setSel(isSel ? null : { node, kind: k, option: opt })}
                            >
                              ${v.usable ? '✓' : '✗'}
                            </button>
                          </td>`;
                        }),
                      )
                }
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    ${
      sel && selected
        ? html`<div class=${`reason-panel ${selected.usable ? 'ok' : 'bad'}`} data-testid="reason-panel">
            <div class="reason-title">
              <strong>${sel.option}</strong
              >${' on '}<strong>${sel.node}</strong>${`: ${selected.usable ? 'usable' : 'not usable'}`}
            </div>
            ${
              selected.reasons.length
                ? html`<ul>
                    ${selected.reasons.map((/** @type {string} */ r) => html`<li>${r}</li>`)}
                  </ul>`
                : html`<p class="muted">Every requirement is met on this node.</p>`
            }
            ${optionInfo && optionInfo.warnings.length > 0 && html`<div class="muted small">Cluster-wide warnings: ${optionInfo.warnings.join('; ')}</div>`}
          </div>`
        : html`<p class="muted small">
            Hover a cell for the reason, or click it to pin the explanation here. ★ marks the chosen option.
          </p>`
    }
  </div>`;
}

/**
 * @param {{ id: string, tick: number, lastEvent: K3gEvent | null }} p
 */
export function ClusterPage({ id, tick, lastEvent }) {
  const { data, error, loading } = useData(() => api(`/v1/clusters/${encodeURIComponent(id)}`), [id, tick]);
  /** @type {Cluster | undefined} */
  const c = data;
  const [events, setEvents] = useState(/** @type {K3gEvent[]} */ ([]));
  const [dialog, setDialog] = useState(false);
  const [dlError, setDlError] = useState('');

  useEffect(() => {
    let live = true;
    setEvents([]);
    api(`/v1/events?cluster=${encodeURIComponent(id)}&limit=1000`).then(
      (r) => live && setEvents(r.items),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [id]);
  useEffect(() => {
    if (lastEvent && c && lastEvent.clusterId === c.id)
      setEvents((es) => (es.some((e) => e.id === lastEvent.id) ? es : [...es, lastEvent]));
  }, [lastEvent]);

  return html`<${Loadable} error=${error} loading=${loading}>${
    c &&
    html`<section>
      <div class="crumbs"><a href="#/clusters">Clusters</a> / ${c.name}</div>
      <div class="page-head">
        <h1>${c.name}</h1>
        <${Badge} value=${c.phase} />
        <div class="spacer"></div>
        <button class="btn" data-testid="create-token" onClick=${() => setDialog(true)}>Create join token</button>
        <button
          class="btn primary"
          data-testid="download-kubeconfig"
          disabled=${!c.kubeconfigAvailable}
          title=${c.kubeconfigAvailable ? 'Admin kubeconfig pointing at the registration address' : 'Available once the first server uploads it'}
          onClick=${() => downloadKubeconfig(c.id, c.name).catch((e) => setDlError(String(e.message)))}
        >
          Download kubeconfig
        </button>
      </div>
      ${c.statusMessage && html`<p class="status-line" data-testid="status-message">${c.statusMessage}</p>`}
      ${dlError && html`<div class="alert">${dlError}</div>`}
      <div class="stats">
        <div class="stat">
          <div class="k">Epoch</div>
          <div class="v mono">${c.epoch}</div>
        </div>
        <div class="stat">
          <div class="k">Registration</div>
          <div class="v">
            <span class="tag">${c.spec?.registration?.mode}</span>
            <span class="mono">${c.registrationAddress || '—'}</span>
          </div>
        </div>
        <div class="stat">
          <div class="k">Servers ready</div>
          <div class="v"><${Ratio} c=${c.ready?.servers} /></div>
        </div>
        <div class="stat">
          <div class="k">Workers ready</div>
          <div class="v"><${Ratio} c=${c.ready?.workers} /></div>
        </div>
        <div class="stat">
          <div class="k">Storage</div>
          <div class="v">${c.storage ?? '—'}</div>
        </div>
        <div class="stat">
          <div class="k">CNI</div>
          <div class="v">${c.cni ?? '—'}</div>
        </div>
        <div class="stat">
          <div class="k">k3s</div>
          <div class="v mono">${c.spec?.k3sVersion ?? '—'}</div>
        </div>
      </div>

      <div class="card">
        <h2>Nodes <span class="muted small">${(c.members ?? []).length}</span></h2>
        ${
          (c.members ?? []).length === 0
            ? html`<p class="muted">No nodes enrolled yet. Create a join token and start an agent with it.</p>`
            : html`<table class="grid" data-testid="members-table">
                <thead>
                  <tr>
                    <th>Node</th>
                    <th>Role</th>
                    <th>Phase</th>
                    <th>Connected</th>
                    <th>Last error</th>
                    <th>Last seen</th>
                  </tr>
                </thead>
                <tbody>
                  ${(c.members ?? []).map(
                    (m) =>
                      html`<tr data-node=${m.name}>
                        <td><a class="strong" href=${`#/nodes/${encodeURIComponent(m.id)}`}>${m.name}</a></td>
                        <td><span class="tag">${m.role}</span></td>
                        <td><${Badge} value=${m.phase} /></td>
                        <td>
                          ${m.connected ? html`<span class="tone-text-good">● yes</span>` : html`<span class="tone-text-bad">○ no</span>`}
                        </td>
                        <td class="err">${m.lastError || html`<span class="muted">—</span>`}</td>
                        <td class="muted">${age(m.lastSeenAt)} ago</td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
        }
      </div>

      <div class="card">
        <h2>Capability matrix</h2>
        <${CapabilityMatrix} cluster=${c} />
      </div>

      <div class="card">
        <h2>Formation timeline <span class="muted small">${events.length} events</span></h2>
        <ol class="timeline" data-testid="timeline">
          ${events
            .slice()
            .reverse()
            .slice(0, 200)
            .map(
              (e) =>
                html`<li
                  class=${`ev ev-${e.type.split('.')[0]} ${/failed|refused|error|drift/.test(e.type) ? 'ev-bad' : /ready|ok|stored/.test(e.type) ? 'ev-good' : ''}`}
                >
                  <span class="ts mono">${time(e.ts)}</span>
                  <span class="type mono">${e.type}</span>
                  <span class="msg">${e.message}</span>
                </li>`,
            )}
        </ol>
      </div>
      ${dialog && html`<${TokenDialog} cluster=${c} onClose=${() => setDialog(false)} />`}
    </section>`
  }</${Loadable}>`;
}
