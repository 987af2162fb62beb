/**
 * REST API v1 (fastify + zod + OpenAPI), assembled from plugins:
 *
 * - the root app: zod compilers, one error handler, one not-found handler,
 *   the OpenAPI collector and the deny-by-default auth hook (auth.ts);
 * - a public scope: `/healthz`, `/readyz`, `/metrics`, `/openapi.json`,
 *   `/docs` and the dashboard's static files;
 * - the `/v1` scope: clusters, tokens, nodes and replicas, events and the
 *   live stream. Every route here needs the bearer token, because every
 *   route anywhere does unless it sits in the public scope.
 *
 * Every error has the body `{statusCode, code, error, message}` (errors.ts).
 */
import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { describePermission, publicRoutes, registerAuth, type AccessControl, type NodeVerifier } from './auth.js';
import { accessRoutes } from './routes/access.js';
import { registerErrorHandling } from './errors.js';
import { clusterRoutes } from './routes/clusters.js';
import type { ApiDeps as RouteDeps } from './routes/deps.js';
import { eventRoutes } from './routes/events.js';
import { nodeRoutes } from './routes/nodes.js';
import { releaseRoutes } from './routes/releases.js';
import type { ReleaseService } from '../releases/release-service.js';
import { systemRoutes } from './routes/system.js';
import { tokenRoutes } from './routes/tokens.js';
import { registerUi } from './ui.js';

export interface ApiDeps extends RouteDeps {
  /** Authenticates bearer tokens, resolves route clusters and audits break-glass use. */
  accessControl: AccessControl;
  /** Checks node-signed requests (release downloads); without it they are all refused. */
  verifyNode?: NodeVerifier;
  /** k3s releases (import, fetch, node downloads); without it the routes are absent. */
  releases?: ReleaseService;
  /** Serve the dashboard at /ui/ (default true); a string is its folder. */
  ui?: boolean | string;
}

export async function registerApi(app: FastifyInstance, d: ApiDeps): Promise<void> {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  registerAuth(app, d.accessControl, d.verifyNode);
  // Each operation's documentation says what it needs (from the same declaration the hook checks).
  app.addHook('onRoute', (route) => {
    const perm = route.config?.permission;
    if (!perm || !route.schema) return;
    const needs = `Needs ${describePermission(perm)}.`;
    route.schema = {
      ...route.schema,
      description: route.schema.description ? `${route.schema.description}\n\n${needs}` : needs,
    };
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'k3sgrid coordinator API',
        version: '1',
        description:
          'Operator API of the k3sgrid coordinator. Every /v1 route needs `Authorization: Bearer <token>`: an API token of a user or service account (`k3g_at_…`), or the break-glass token in `<state-dir>/admin.token` (every use is audited); never in the query string. Each operation says which role it needs (viewer, operator or admin, for all clusters or the one it names); a missing or invalid token is 401, a missing role 403. Errors have the body `{statusCode, code, error, message}`. The dashboard at /ui uses this API.',
      },
      tags: [
        { name: 'clusters', description: 'Desired clusters, their formation state, plan and kubeconfig' },
        { name: 'tokens', description: 'Join tokens that let agents enroll' },
        { name: 'nodes', description: 'Enrolled nodes and their capability reports' },
        { name: 'replicas', description: 'Coordinator replicas and the formation lease' },
        { name: 'events', description: 'Audit and lifecycle events, stored and live' },
        { name: 'access', description: 'Users, service accounts, their roles and API tokens; the break-glass token' },
        { name: 'releases', description: 'k3s binaries and air-gap images the coordinator hands to its nodes' },
        { name: 'system', description: 'Health, readiness and metrics (no auth)' },
      ],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          node: {
            type: 'apiKey',
            in: 'header',
            name: 'Authorization',
            description: 'K3G-Node <nodeId>.<unixMs>.<signature>: enrolled nodes only (release downloads)',
          },
        },
      },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });

  await app.register(
    publicRoutes(async (pub) => {
      await pub.register(systemRoutes(d, () => app.swagger()));
      await pub.register(swaggerUi, { routePrefix: '/docs' });
      if (d.ui !== false) await registerUi(pub, typeof d.ui === 'string' ? d.ui : undefined);
    }),
  );

  await app.register(
    async (v1) => {
      await v1.register(clusterRoutes(d));
      await v1.register(tokenRoutes(d));
      await v1.register(nodeRoutes(d));
      await v1.register(eventRoutes(d));
      if (d.access) await v1.register(accessRoutes({ ...d, access: d.access }));
      if (d.releases) await v1.register(releaseRoutes({ ...d, releases: d.releases }));
    },
    { prefix: '/v1' },
  );
}
