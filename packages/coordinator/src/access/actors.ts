/**
 * Who acted, as every event records it (`actor`):
 * `user:<name>`, `sa:<name>` (a service account), `break-glass` (the
 * bootstrap admin token), `agent:<node name>` (an enrolled node;
 * `agent:unenrolled@<address>` before it has one) and `system` (the
 * coordinator itself: formation, retention, drift).
 */
import type { Principal } from './roles.js';

export const SYSTEM_ACTOR = 'system';
export const BREAK_GLASS_ACTOR = 'break-glass';

/** The actor of an authenticated operator request. */
export function principalActor(p: Pick<Principal, 'kind' | 'name'>): string {
  return p.kind === 'break-glass' ? BREAK_GLASS_ACTOR : `${p.kind}:${p.name}`;
}

/** The actor of an enrolled node's message. */
export function agentActor(nodeName: string): string {
  return `agent:${nodeName}`;
}

/** The actor of an agent that has no node yet (refused enrollment or authentication); node names have no `@`. */
export function unenrolledActor(address: string): string {
  return `agent:unenrolled@${address}`;
}
