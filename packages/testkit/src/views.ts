/**
 * The REST API's JSON bodies as tests read them: the coordinator's own view
 * types (inferred from its zod schemas), so a test never declares a partial
 * copy that can drift from the API.
 */
import type { ClusterViewT, EventViewT, NodeViewT, TokenViewT } from '@k3sgrid/coordinator';
import type { CapabilityReport } from '@k3sgrid/proto';

/** `GET /v1/clusters/{id}` (and the items of `GET /v1/clusters`). */
export type ClusterJson = ClusterViewT;
/** `GET /v1/nodes/{id}`; `report` is the node's capability report (detail only). */
export type NodeJson = Omit<NodeViewT, 'report'> & { report?: CapabilityReport };
/** A join token as listed. */
export type TokenJson = TokenViewT;
/** `POST /v1/clusters/{id}/join-tokens`: the token itself is shown once, here. */
export type TokenCreatedJson = TokenViewT & { token: string; agentCommand: string };
/** One audit event of `GET /v1/events`. */
export type EventJson = EventViewT;
/** A page of a list that pages by id (`GET /v1/events?after=`). */
export interface PageJson<T> {
  items: T[];
  next: number | null;
}
