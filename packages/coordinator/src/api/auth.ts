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
 * query string, which ends up in proxy logs and browser history).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
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
  }
  interface FastifyRequest {
    /** Who made an authenticated request (audit actor); '' on public routes. */
    actor: string;
    /** The node of a node-authenticated request; null otherwise. */
    nodeId: string | null;
  }
}

/** Checks a node's `Authorization: K3G-Node …` header for `resource`; resolves the node id, or null. */
export type NodeVerifier = (header: string, resource: string) => Promise<string | null>;

/** Checks a bearer token; returns the actor it authenticates, or null. */
export type TokenVerifier = (token: string) => string | null;

/** A verifier for the bootstrap admin token, by its SHA-256 (constant-time compare). */
export function adminTokenVerifier(adminTokenHash: Buffer): TokenVerifier {
  return (token) => {
    const given = createHash('sha256').update(token).digest();
    return given.length === adminTokenHash.length && timingSafeEqual(given, adminTokenHash) ? 'admin' : null;
  };
}

const BEARER = /^Bearer ([\x21-\x7e]+)$/;

/** Installs the deny-by-default hook on the root app (before any route is registered). */
export function registerAuth(app: FastifyInstance, verify: TokenVerifier, verifyNode?: NodeVerifier): void {
  app.decorateRequest('actor', '');
  app.decorateRequest('nodeId', null);
  app.addHook('onRequest', async (req, reply) => {
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
      req.actor = `node:${nodeId}`;
      return;
    }
    const m = BEARER.exec(req.headers.authorization ?? '');
    const actor = m?.[1] ? verify(m[1]) : null;
    if (actor === null) {
      void reply.header('www-authenticate', 'Bearer');
      return sendError(reply, 401, 'missing or invalid bearer token');
    }
    req.actor = actor;
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
