// @ts-check
/**
 * The event log, newest first, with live additions. The actor filter asks
 * the API (`?actor=`: one actor, or a kind such as `user:`), so it reaches
 * past the newest 1000; the text filter works on what is loaded.
 */
import { api } from '../api.mjs';
import { html, time, useEffect, useState } from '../lib.mjs';

/** @typedef {import('../api.mjs').K3gEvent} K3gEvent */

/** Kinds of actor (api: `?actor=` ending in `:` matches a kind). */
const ACTOR_KINDS = [
  ['', 'all actors'],
  ['user:', 'users'],
  ['sa:', 'service accounts'],
  ['break-glass', 'break-glass token'],
  ['agent:', 'agents'],
  ['system', 'the coordinator'],
];

/** The API's actor filter, for live events. @param {string} actor @param {string} want */
export function actorMatches(actor, want) {
  return !want || (want.endsWith(':') ? actor.startsWith(want) : actor === want);
}

/** @param {{ tick: number, lastEvent: K3gEvent | null }} p */
export function EventsPage({ lastEvent }) {
  const [events, setEvents] = useState(/** @type {K3gEvent[]} */ ([]));
  const [filter, setFilter] = useState('');
  const [actor, setActor] = useState('');
  // Every actor seen so far, for the filter's choices.
  const [actors, setActors] = useState(/** @type {string[]} */ ([]));
  useEffect(() => {
    setActors((known) => [...new Set([...known, ...events.map((e) => e.actor)])].sort());
  }, [events]);
  useEffect(() => {
    // The newest 1000: page forward from the start until the end.
    let live = true;
    (async () => {
      /** @type {K3gEvent[]} */
      let all = [];
      let after = 0;
      for (let i = 0; i < 50; i++) {
        const q = actor ? `&actor=${encodeURIComponent(actor)}` : '';
        const r = await api(`/v1/events?limit=1000&after=${after}${q}`);
        all = [...all, ...r.items].slice(-1000);
        if (r.next === null) break;
        after = r.next;
      }
      if (live) setEvents(all);
    })().catch(() => {});
    return () => {
      live = false;
    };
  }, [actor]);
  useEffect(() => {
    if (lastEvent && actorMatches(lastEvent.actor, actor))
      setEvents((es) => (es.some((e) => e.id === lastEvent.id) ? es : [...es, lastEvent].slice(-1000)));
  }, [lastEvent]);
  const shown = events.filter((e) => !filter || `${e.type} ${e.message}`.toLowerCase().includes(filter.toLowerCase()));
  return html`<section>
    <div class="page-head">
      <h1>Events</h1>
      <span class="muted">${shown.length} shown</span>
      <div class="spacer"></div>
      <select
        data-testid="actor-filter"
        title="Who acted"
        value=${actor}
        onChange=${(/** @type {any} */ e) => setActor(e.currentTarget.value)}
      >
        ${ACTOR_KINDS.map(([v, label]) => html`<option value=${v}>${label}</option>`)}
        ${actors.filter((a) => !ACTOR_KINDS.some(([v]) => v === a)).map((a) => html`<option value=${a}>${a}</option>`)}
      </select>
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
                ><span class="msg">${e.message}</span><span class="muted small actor">${e.actor}</span>
              </li>`,
          )}
      </ol>
    </div>
  </section>`;
}
