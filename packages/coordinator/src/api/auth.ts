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
  }
  interface FastifyRequest {
    /** Who made an authenticated request (audit actor); '' on public routes. */
    actor: string;
  }
}

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
export function registerAuth(app: FastifyInstance, verify: TokenVerifier): void {
  app.decorateRequest('actor', '');
  app.addHook('onRequest', async (req, reply) => {
    // No route matched: the not-found handler answers 404 and reveals nothing.
    if (req.is404) return;
    if (req.routeOptions.config.public === true) return;
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
