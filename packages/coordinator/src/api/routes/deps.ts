/**
 * What the route plugins need, passed in by {@link registerApi}; the plugins
 * never reach for globals.
 */
import type { z } from 'zod';
import type { AccessService } from '../../access/access-service.js';
import type { Audit } from '../../audit.js';
import type { Metrics } from '../../metrics.js';
import type { CoordinatorService } from '../../service.js';
import { ErrorBody, EXAMPLES } from '../schemas.js';

export interface ApiDeps {
  service: CoordinatorService;
  metrics: Metrics;
  /** Is the store open and the secrets key checked (`/readyz`)? */
  ready: () => Promise<boolean>;
  clock: () => number;
  /** Live events for `GET /v1/events/stream`; without it the route is absent. */
  audit?: Audit;
  /** Users, service accounts and API tokens; without it the access routes are absent. */
  access?: AccessService;
  /** Limits of the live event stream (see stream.ts). */
  stream?: { maxSubscribers?: number; maxBufferedBytes?: number; heartbeatMs?: number };
}

/** Attaches an OpenAPI example to a schema (a copy; the original is untouched). */
export function ex<T extends z.ZodType>(schema: T, example: unknown): T {
  return schema.meta({ example });
}

export const Err = ex(ErrorBody, EXAMPLES.error);
/** The error responses every authenticated route can give. */
export const ERR = { 400: Err, 401: Err, 403: Err, 404: Err, 409: Err };
