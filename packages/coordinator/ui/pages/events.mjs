// @ts-check
/** The event log, newest first, with live additions. */
import { api } from '../api.mjs';
import { html, time, useEffect, useState } from '../lib.mjs';

/** @typedef {import('../api.mjs').K3gEvent} K3gEvent */

/** @param {{ tick: number, lastEvent: K3gEvent | null }} p */
export function EventsPage({ lastEvent }) {
  const [events, setEvents] = useState(/** @type {K3gEvent[]} */ ([]));
  const [filter, setFilter] = useState('');
  useEffect(() => {
    // The newest 1000: page forward from the start until the end.
    let live = true;
    (async () => {
      /** @type {K3gEvent[]} */
      let all = [];
      let after = 0;
      for (let i = 0; i < 50; i++) {
        const r = await api(`/v1/events?limit=1000&after=${after}`);
        all = [...all, ...r.items].slice(-1000);
        if (r.next === null) break;
        after = r.next;
      }
      if (live) setEvents(all);
    })().catch(() => {});
    return () => {
      live = false;
    };
  }, []);
  useEffect(() => {
    if (lastEvent) setEvents((es) => (es.some((e) => e.id === lastEvent.id) ? es : [...es, lastEvent].slice(-1000)));
  }, [lastEvent]);
  const shown = events.filter((e) => !filter || `${e.type} ${e.message}`.toLowerCase().includes(filter.toLowerCase()));
  return html`<section>
    <div class="page-head">
      <h1>Events</h1>
      <span class="muted">${shown.length} shown</span>
      <div class="spacer"></div>
      <input
        type="search"
        placeholder="Filter by type or text"
        value=${filter}
        onInput=${(/** @type {any} */ e) => setFilter(e.currentTarget.value)}
      />
    </div>
    <div class="card">
      <ol class="timeline" data-testid="events">
        ${shown
          .slice()
          .reverse()
          .map(
            (e) =>
              html`<li
                class=${`ev ${/failed|refused|error|drift/.test(e.type) ? 'ev-bad' : /ready|ok|stored/.test(e.type) ? 'ev-good' : ''}`}
              >
                <span class="ts mono">${time(e.ts)}</span><span class="type mono">${e.type}</span
                ><span class="msg">${e.message}</span><span class="muted small">${e.actor}</span>
              </li>`,
          )}
      </ol>
    </div>
  </section>`;
}
