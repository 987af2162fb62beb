/**
 * Operator authentication, decided on the matched route, deny by default.
 *
 * One `onRequest` hook on the root app covers every route there is or will
 * be: a route is public only if it was registered inside {@link publicRoutes}
 * (health, readiness, metrics, the OpenAPI document, the docs and the
 * dashboard's static files), which marks it in its route config. Nothing
 * looks at the raw URL: percent-encoded, absolute-form or otherwise odd
 * request targets reach a handler only through the router, and then the
 * route's own config decides. A request that no route matches goes to the
 * not-found handler, which reveals nothing.
 *
 * The token is read from the `Authorization: Bearer` header only (never the
 * query string, which ends up in proxy logs and browser history). It is an
 * API token of a user or service account, or the break-glass token
 * (access/access-service.ts). Every other route must declare the
 * {@link Permission} it needs in its config (`config.permission`); the hook
 * checks it here, in one place, against the principal's grants and, for
 * per-cluster grants, the cluster the route's parameter names. A route that
 * declares none is refused (403) to everyone.
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { agentActor, principalActor } from '../access/actors.js';
import {
  allowsAny,
  allowsCluster,
  allowsEverywhere,
  visibility,
  type ClusterRef,
  type Permission,
  type Principal,
  type Visibility,
} from '../access/roles.js';
import { sendError } from './errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set only by {@link publicRoutes}: the route answers without a token. */
    public?: boolean;
    /**
     * `node`: the caller is an enrolled node, proven by a signature over
     * the route's `sha256` parameter (release downloads); never an operator.
     */
    auth?: 'node';
    /**
     * What an operator route needs (access/roles.ts). A route without one
     * is refused to everyone, the break-glass token included.
     */
    permission?: Permission;
  }
  interface FastifyRequest {
    /** Who made an authenticated request (audit actor); '' on public routes. */
    actor: string;
    /** The node of a node-authenticated request; null otherwise. */
    nodeId: string | null;
    /** The authenticated operator; null on public and node routes. */
    principal: Principal | null;
    /** Clusters whose rows this request may show (lists filter by it). */
    visible: Visibility;
  }
}

/** Checks a node's `Authorization: K3G-Node …` header for `resource`; resolves the node id, or null. */
export type NodeVerifier = (header: string, resource: string) => Promise<string | null>;

/** What the hook needs to authenticate and authorise operators. */
export interface AccessControl {
  /** The principal a bearer value authenticates, or null. */
  authenticate(bearer: string): Promise<Principal | null>;
  /** The id of the cluster `value` names (a cluster, node or join token); null when there is none. */
  clusterOf(via: ClusterRef['via'], value: string): Promise<string | null>;
  /** Audits a use of the break-glass token (awaited: an unaudited use is refused). */
  breakGlassUsed(method: string, route: string): Promise<void>;
}

const BEARER = /^Bearer ([\x21-\x7e]+)$/;
const NOTHING: Visibility = { all: false, clusters: new Set() };

/** A short description of a permission, for 403 messages and the OpenAPI document. */
export function describePermission(p: Permission): string {
  switch (p.on) {
    case 'self':
      return 'any authenticated user or service account';
    case 'coordinator':
      return `the ${p.role} role for all clusters`;
    case 'any':
      return `the ${p.role} role (lists show only the clusters it covers)`;
    case 'cluster':
      return `the ${p.role} role for the cluster of ${p.ref.from === 'params' ? `{${p.ref.field}}` : `?${p.ref.field}`}${p.ref.from === 'query' ? ' (without it: lists show only the clusters it covers)' : ''}`;
  }
}

/** Does the principal have what the route needs? Resolves the route's cluster only when a grant could depend on it. */
async function permitted(req: FastifyRequest, p: Principal, perm: Permission, ac: AccessControl): Promise<boolean> {
  if (perm.on === 'self') return true;
  if (perm.on === 'coordinator') return allowsEverywhere(p.grants, perm.role);
  if (perm.on === 'any') return allowsAny(p.grants, perm.role);
  const src = (perm.ref.from === 'params' ? req.params : req.query) as Record<string, unknown> | undefined;
  const raw = src?.[perm.ref.field];
  const value = typeof raw === 'string' ? raw : '';
  if (value === '') return perm.ref.from === 'query' ? allowsAny(p.grants, perm.role) : false;
  if (allowsEverywhere(p.grants, perm.role)) return true;
  // Unknown and foreign resources look the same to a per-cluster principal.
  const clusterId = await ac.clusterOf(perm.ref.via, value);
  return clusterId !== null && allowsCluster(p.grants, perm.role, clusterId);
}

/** Installs the deny-by-default hook on the root app (before any route is registered). */
export function registerAuth(app: FastifyInstance, ac: AccessControl, verifyNode?: NodeVerifier): void {
  app.decorateRequest('actor', '');
  app.decorateRequest('nodeId', null);
  app.decorateRequest('principal', null);
  app.decorateRequest('visible', {
    getter: () => NOTHING,
  });
  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    // No route matched: the not-found handler answers 404 and reveals nothing.
    if (req.is404) return;
    const config = req.routeOptions.config;
    if (config.public === true) return;
    if (config.auth === 'node') {
      const resource = (req.params as Record<string, string | undefined>).sha256 ?? '';
      const nodeId = verifyNode ? await verifyNode(req.headers.authorization ?? '', resource) : null;
      if (nodeId === null) {
        void reply.header('www-authenticate', 'K3G-Node');
        return sendError(reply, 401, 'missing, expired or invalid node signature');
      }
      req.nodeId = nodeId;
      req.actor = agentActor(nodeId);
      return;
    }
    const m = BEARER.exec(req.headers.authorization ?? '');
    const principal = m?.[1] ? await ac.authenticate(m[1]) : null;
    if (principal === null) {
      void reply.header('www-authenticate', 'Bearer');
      return sendError(reply, 401, 'missing or invalid bearer token');
    }
    req.principal = principal;
    req.actor = principalActor(principal);
    const perm = config.permission;
    // Deny by default: a route nobody declared a permission for answers no one.
    if (!perm) return sendError(reply, 403, 'this route declares no permission: refused to everyone');
    if (!(await permitted(req, principal, perm, ac)))
      return sendError(reply, 403, `${req.actor} lacks ${describePermission(perm)}`);
    Object.defineProperty(req, 'visible', {
      value: visibility(principal.grants, perm.on === 'self' ? 'viewer' : perm.role),
    });
    if (principal.kind === 'break-glass') await ac.breakGlassUsed(req.method, req.routeOptions.url ?? '');
  });
}

/**
 * Registers `plugin` in a scope whose every route is public (and documented
 * as needing no security). The only way to make a route public.
 */
export function publicRoutes(plugin: FastifyPluginAsync): FastifyPluginAsync {
  return async (scope) => {
    scope.addHook('onRoute', (route) => {
      route.config = { ...route.config, public: true };
      if (route.schema) route.schema = { ...route.schema, security: [] };
    });
    await scope.register(plugin);
  };
}

/** `K3G-Node <nodeId>.<unixMs>.<base64url signature>` */
const NODE_AUTH = /^K3G-Node ([0-9a-f-]{36})\.(\d{10,16})\.([A-Za-z0-9_-]{86})$/;

/** How far a node's clock (the signed time) may be from the coordinator's. */
export const NODE_AUTH_SKEW_MS = 5 * 60_000;

/** Parses a node signature header; null when it is not of that form. */
export function parseNodeAuth(header: string): { nodeId: string; unixMs: number; signature: Buffer } | null {
  const m = NODE_AUTH.exec(header);
  if (!m?.[1] || !m[2] || !m[3]) return null;
  return { nodeId: m[1], unixMs: Number(m[2]), signature: Buffer.from(m[3], 'base64url') };
}
