/**
 * REST API v1 (fastify + zod + OpenAPI). Routes under /v1 need the admin
 * bearer token; /healthz, /readyz, /metrics, /openapi.json and /docs do not.
 * Every error has the body `{statusCode, code, error, message}`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyError, FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Audit } from '../audit.js';
import { CoordinatorError } from '../errors.js';
import type { Metrics } from '../metrics.js';
import { tokenState, type CoordinatorService } from '../service.js';
import type { ClusterRow, ClusterSpec, EventRow, JoinTokenRow, NodeRow } from '../store/types.js';
import {
  ClusterView,
  CreateClusterBody,
  CreateTokenBody,
  ErrorBody,
  EventView,
  EventsQuery,
  EXAMPLES,
  IdParams,
  NodeView,
  NodesQuery,
  ReplaceNodeBody,
  ReplicasView,
  TokenCreated,
  TokenIdParams,
  TokenView,
} from './schemas.js';
import { registerEventStream } from './stream.js';
import { registerUi } from './ui.js';

export interface ApiDeps {
  service: CoordinatorService;
  metrics: Metrics;
  adminTokenHash: Buffer;
  ready: () => Promise<boolean>;
  clock: () => number;
  /** Live events for `GET /v1/events/stream`; without it the route is absent. */
  audit?: Audit;
  /** Serve the dashboard at /ui/ (default true); a string is its folder. */
  ui?: boolean | string;
  /** Adds routes of later features (plan, kubeconfig, UI) before the app is ready. */
  extend?: (app: FastifyInstance) => Promise<void> | void;
}

const iso = (ms: number): string => new Date(ms).toISOString();
/** Attaches an OpenAPI example to a schema (a copy; the original is untouched). */
function ex<T extends z.ZodType>(schema: T, example: unknown): T {
  return schema.meta({ example });
}
const Err = ex(ErrorBody, EXAMPLES.error);
const ERR = { 400: Err, 401: Err, 404: Err, 409: Err };
const list = <T extends z.ZodType>(item: T, example: unknown): z.ZodObject<{ items: z.ZodArray<T> }> =>
  ex(z.object({ items: z.array(item) }), { items: [example] });
const ClusterEx = ex(ClusterView, EXAMPLES.cluster);
const TokenCreatedEx = ex(TokenCreated, {
  ...EXAMPLES.token,
  token: EXAMPLES.tokenSecret,
  agentCommand: EXAMPLES.agentCommand,
});
const IdEx = ex(IdParams, { id: 'prod' });
const PUBLIC = { security: [] as Array<Record<string, string[]>> };
const Status = ex(z.object({ status: z.string() }), { status: 'ok' });
const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export async function registerApi(app: FastifyInstance, d: ApiDeps): Promise<void> {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.setErrorHandler((err: FastifyError, req, reply) => {
    let statusCode = 500;
    let code = 'internal';
    let message = 'internal error';
    if (hasZodFastifySchemaValidationErrors(err)) {
      statusCode = 400;
      code = 'bad-request';
      message = err.validation
        .map(
          (v) =>
            `${v.instancePath.replace(/^\//, '').replace(/\//g, '.') || err.validationContext || 'body'}: ${v.message ?? 'invalid'}`,
        )
        .join('; ');
    } else if (err instanceof CoordinatorError) {
      statusCode = err.statusCode;
      code = err.code;
      message = err.message;
    } else if (typeof err.statusCode === 'number' && err.statusCode < 500) {
      // Fastify's own client errors (bad JSON, body too large, wrong content type).
      statusCode = err.statusCode;
      code = err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'payload-too-large' : 'bad-request';
      message = err.message;
    } else {
      req.log.error({ err: err.message }, 'request failed');
    }
    return reply.status(statusCode).send({ statusCode, code, error: STATUS_TEXT[statusCode] ?? 'Error', message });
  });
  app.setNotFoundHandler((req, reply) =>
    reply.status(404).send({
      statusCode: 404,
      code: 'not-found',
      error: 'Not Found',
      message: `route ${req.method} ${req.url.split('?')[0]} not found`,
    }),
  );

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'k3sgrid coordinator API',
        version: '1',
        description:
          'Operator API of the k3sgrid coordinator. Every /v1 route needs `Authorization: Bearer <admin token>` (the token is in `<state-dir>/admin.token`). Errors have the body `{statusCode, code, error, message}`. The dashboard at /ui uses this API.',
      },
      tags: [
        { name: 'clusters', description: 'Desired clusters, their formation state, plan and kubeconfig' },
        { name: 'tokens', description: 'Join tokens that let agents enroll' },
        { name: 'nodes', description: 'Enrolled nodes and their capability reports' },
        { name: 'events', description: 'Audit and lifecycle events, stored and live' },
        { name: 'system', description: 'Health, readiness and metrics (no auth)' },
      ],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  // Operator auth for every /v1 route: constant-time compare of token hashes.
  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/v1/')) return;
    const header = req.headers.authorization ?? '';
    const m = /^Bearer (\S+)$/.exec(header);
    const given = m?.[1] ? createHash('sha256').update(m[1]).digest() : null;
    if (!given || !timingSafeEqual(given, d.adminTokenHash)) {
      return reply.status(401).send({
        statusCode: 401,
        code: 'unauthorized',
        error: 'Unauthorized',
        message: 'missing or invalid bearer token',
      });
    }
  });

  const actor = 'admin';
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/healthz',
    {
      schema: {
        tags: ['system'],
        summary: 'Liveness: the process serves requests',
        ...PUBLIC,
        response: { 200: Status },
      },
    },
    () => ({ status: 'ok' }),
  );
  r.get(
    '/readyz',
    {
      schema: {
        tags: ['system'],
        summary: 'Readiness: the store is open and the secrets key checks out',
        ...PUBLIC,
        response: { 200: Status, 503: Err },
      },
    },
    async (_req, reply) =>
      (await d.ready())
        ? { status: 'ok' }
        : reply
            .status(503)
            .send({ statusCode: 503, code: 'unavailable', error: 'Service Unavailable', message: 'store not ready' }),
  );
  r.get(
    '/metrics',
    {
      schema: {
        tags: ['system'],
        summary: 'Prometheus metrics (text exposition format)',
        ...PUBLIC,
        response: {
          200: ex(
            z.string(),
            '# HELP k3sgrid_agents_connected Authenticated agent sessions\n# TYPE k3sgrid_agents_connected gauge\nk3sgrid_agents_connected 6\n',
          ),
        },
      },
    },
    async (_req, reply) => reply.type(d.metrics.registry.contentType).send(await d.metrics.registry.metrics()),
  );
  r.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());

  const readyCounts = (c: ClusterRow, nodes: NodeRow[]): NonNullable<z.infer<typeof ClusterView>['ready']> => {
    const servers = nodes.filter((n) => n.role === 'server-init' || n.role === 'server');
    const workers = nodes.filter((n) => n.role === 'agent');
    const lbs = c.spec.registration.mode === 'lb' ? 1 : 0;
    return {
      servers: { ready: servers.filter((n) => n.phase === 'ready').length, desired: c.spec.servers },
      workers: {
        ready: workers.filter((n) => n.phase === 'ready').length,
        desired: Math.max(workers.length, c.spec.formation.minNodes - c.spec.servers - lbs, 0),
      },
    };
  };
  const clusterView = async (c: ClusterRow, detail = false): Promise<z.infer<typeof ClusterView>> => {
    const { plan } = await d.service.plan(c.id);
    const live = (await d.service.listNodes(c.id)).filter((n) => n.revokedAt === null);
    const view: z.infer<typeof ClusterView> = {
      id: c.id,
      name: c.name,
      phase: c.phase,
      epoch: c.epoch,
      registrationAddress: c.formation.registrationAddress,
      statusMessage: c.formation.statusMessage,
      kubeconfigAvailable: c.formation.kubeconfigSealed !== null,
      spec: c.spec as unknown as Record<string, unknown>,
      createdAt: iso(c.createdAt),
      nodes: await d.service.clusterNodeCounts(c.id),
      ready: readyCounts(c, live),
      storage: plan?.storage.choice ?? null,
      cni: plan?.cni.choice ?? null,
    };
    if (detail) {
      view.members = live.map((n) => ({
        id: n.id,
        name: n.name,
        role: n.role,
        phase: n.phase,
        connected: d.service.isConnected(n),
        lastError: n.lastError,
        lastSeenAt: iso(n.lastSeenAt),
      }));
      view.plan = plan;
    }
    return view;
  };
  const tokenView = (t: JoinTokenRow): z.infer<typeof TokenView> => ({
    id: t.id,
    clusterId: t.clusterId,
    roles: t.roles,
    maxUses: t.maxUses,
    uses: t.uses,
    expiresAt: iso(t.expiresAt),
    createdAt: iso(t.createdAt),
    revoked: t.revokedAt !== null,
    state: tokenState(t, d.clock()),
    description: t.description,
  });
  const nodeView = (n: NodeRow, withReport: boolean, connected: boolean): z.infer<typeof NodeView> => ({
    id: n.id,
    name: n.name,
    clusterId: n.clusterId,
    hostname: n.hostname,
    role: n.role,
    phase: n.phase,
    connected,
    revoked: n.revokedAt !== null,
    address: n.address,
    lastError: n.lastError,
    agentVersion: n.agentVersion,
    enrolledAt: iso(n.enrolledAt),
    lastSeenAt: iso(n.lastSeenAt),
    ...(withReport ? { report: n.report } : {}),
  });
  const eventView = (e: EventRow): z.infer<typeof EventView> => ({ ...e, ts: iso(e.ts) });

  r.post(
    '/v1/clusters',
    {
      schema: {
        tags: ['clusters'],
        summary: 'Create a cluster',
        body: ex(CreateClusterBody, EXAMPLES.createCluster),
        response: { 201: ClusterEx, ...ERR },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await clusterView(await d.service.createCluster(req.body as ClusterSpec, actor))),
  );
  r.get(
    '/v1/clusters',
    {
      schema: {
        tags: ['clusters'],
        summary: 'List clusters',
        response: { 200: list(ClusterView, EXAMPLES.cluster), 401: Err },
      },
    },
    async () => ({
      items: await Promise.all((await d.service.listClusters()).map((c) => clusterView(c))),
    }),
  );
  r.get(
    '/v1/clusters/:id',
    {
      schema: {
        tags: ['clusters'],
        summary: 'Get a cluster by id or name, with its members and plan',
        params: IdEx,
        response: {
          200: ex(ClusterView, { ...EXAMPLES.cluster, members: [EXAMPLES.member], plan: EXAMPLES.plan }),
          ...ERR,
        },
      },
    },
    async (req) => clusterView(await d.service.getCluster(req.params.id), true),
  );
  r.get(
    '/v1/clusters/:id/plan',
    {
      schema: {
        tags: ['clusters'],
        summary: 'Storage and CNI plan: per option and node, usable or not and why',
        params: IdEx,
        response: { 200: ex(z.record(z.string(), z.unknown()), EXAMPLES.plan), ...ERR },
      },
    },
    async (req) => {
      const { cluster, plan } = await d.service.plan(req.params.id);
      if (!plan) throw new CoordinatorError('conflict', `cluster ${cluster.name} has no node reports yet`);
      return plan as unknown as Record<string, unknown>;
    },
  );
  r.get(
    '/v1/clusters/:id/kubeconfig',
    {
      schema: {
        tags: ['clusters'],
        summary: 'Admin kubeconfig pointing at the registration address (audited)',
        params: IdEx,
        response: { 200: ex(z.string(), EXAMPLES.kubeconfig), ...ERR },
      },
    },
    async (req, reply) => reply.type('application/yaml').send(await d.service.kubeconfig(req.params.id, actor)),
  );
  r.delete(
    '/v1/clusters/:id',
    {
      schema: {
        tags: ['clusters'],
        summary: 'Delete a cluster, its tokens and node records',
        params: IdEx,
        response: { 204: z.null(), ...ERR },
      },
    },
    async (req, reply) => {
      await d.service.deleteCluster(req.params.id, actor);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/v1/clusters/:id/join-tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Create a join token (the secret is returned once)',
        params: IdEx,
        body: ex(CreateTokenBody, EXAMPLES.createToken),
        response: { 201: TokenCreatedEx, ...ERR },
      },
    },
    async (req, reply) => {
      const { row, token } = await d.service.createToken(req.params.id, req.body, actor);
      return reply.status(201).send({
        ...tokenView(row),
        token,
        agentCommand: `k3sgrid-agent run --coordinator ${d.service.agentUrl()} --token ${token}`,
      });
    },
  );
  r.get(
    '/v1/clusters/:id/join-tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'List join tokens (never their secrets)',
        params: IdEx,
        response: { 200: list(TokenView, EXAMPLES.token), ...ERR },
      },
    },
    async (req) => ({
      items: (await d.service.listTokens(req.params.id)).map(tokenView),
    }),
  );
  r.get(
    '/v1/join-tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'List all join tokens',
        response: { 200: list(TokenView, EXAMPLES.token), 401: Err },
      },
    },
    async () => ({
      items: (await d.service.listTokens()).map(tokenView),
    }),
  );
  r.delete(
    '/v1/join-tokens/:tokenId',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Revoke a join token',
        params: ex(TokenIdParams, { tokenId: 'jt_9d1e' }),
        response: { 204: z.null(), ...ERR },
      },
    },
    async (req, reply) => {
      await d.service.revokeToken(req.params.tokenId, actor);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/v1/replicas',
    {
      schema: {
        tags: ['replicas'],
        summary: 'List coordinator replicas and the formation lease',
        response: {
          200: ex(ReplicasView, {
            items: [
              {
                id: 'coord-1/4120/9f3a01bc',
                url: 'wss://coord-1:8443',
                startedAt: '2026-01-01T12:00:00.000Z',
                seenAt: '2026-01-01T12:05:00.000Z',
                leader: true,
                self: true,
              },
            ],
            lease: { holder: 'coord-1/4120/9f3a01bc', epoch: 3, live: true, expiresAt: '2026-01-01T12:05:04.000Z' },
          }),
          ...ERR,
        },
      },
    },
    async () => {
      const r = await d.service.replicas();
      return {
        items: r.items.map((x) => ({
          id: x.id,
          url: x.url,
          startedAt: iso(x.startedAt),
          seenAt: iso(x.seenAt),
          leader: x.leader,
          self: x.self,
        })),
        lease: r.lease ? { ...r.lease, expiresAt: iso(Math.max(0, r.lease.expiresAt)) } : null,
      };
    },
  );
  r.get(
    '/v1/nodes',
    {
      schema: {
        tags: ['nodes'],
        summary: 'List nodes',
        querystring: ex(NodesQuery, { cluster: 'prod' }),
        response: { 200: list(NodeView, EXAMPLES.node), ...ERR },
      },
    },
    async (req) => ({
      items: (await d.service.listNodes(req.query.cluster)).map((n) => nodeView(n, false, d.service.isConnected(n))),
    }),
  );
  r.get(
    '/v1/nodes/:id',
    {
      schema: {
        tags: ['nodes'],
        summary: 'Get a node with its capability report',
        params: ex(IdParams, { id: 'n_41c2' }),
        response: { 200: ex(NodeView, { ...EXAMPLES.node, report: EXAMPLES.report }), ...ERR },
      },
    },
    async (req) => {
      const n = await d.service.getNode(req.params.id);
      return nodeView(n, true, d.service.isConnected(n));
    },
  );
  r.delete(
    '/v1/nodes/:id',
    {
      schema: {
        tags: ['nodes'],
        summary: 'Revoke a node, close its session and delete its Kubernetes node',
        params: ex(IdParams, { id: 'n_41c2' }),
        response: { 204: z.null(), ...ERR },
      },
    },
    async (req, reply) => {
      await d.service.deleteNode(req.params.id, actor);
      return reply.status(204).send(null);
    },
  );
  r.post(
    '/v1/nodes/:id/replace',
    {
      schema: {
        tags: ['nodes'],
        summary: 'Single-use token for a machine that takes over this node (same name and node password)',
        params: ex(IdParams, { id: 'n_41c2' }),
        body: ex(ReplaceNodeBody, EXAMPLES.replaceNode),
        response: { 201: TokenCreatedEx, ...ERR },
      },
    },
    async (req, reply) => {
      const { row, token } = await d.service.replaceNode(req.params.id, req.body.ttlSeconds, actor);
      return reply.status(201).send({
        ...tokenView(row),
        token,
        agentCommand: `k3sgrid-agent run --coordinator ${d.service.agentUrl()} --token ${token}`,
      });
    },
  );

  r.get(
    '/v1/events',
    {
      schema: {
        tags: ['events'],
        summary: 'Audit and lifecycle events, oldest first; page with ?after=<last id>',
        querystring: ex(EventsQuery, { cluster: 'prod', limit: 100 }),
        response: {
          200: ex(z.object({ items: z.array(EventView), next: z.number().nullable() }), {
            items: [EXAMPLES.event],
            next: null,
          }),
          ...ERR,
        },
      },
    },
    async (req) => {
      const q = req.query;
      const clusterId = q.cluster ? (await d.service.getCluster(q.cluster)).id : undefined;
      const items = await d.service.listEvents({
        limit: q.limit,
        ...(q.after !== undefined ? { after: q.after } : {}),
        ...(clusterId ? { clusterId } : {}),
        ...(q.node ? { nodeId: q.node } : {}),
        ...(q.type ? { type: q.type } : {}),
      });
      return { items: items.map(eventView), next: items.length === q.limit ? (items.at(-1)?.id ?? null) : null };
    },
  );

  if (d.audit) registerEventStream(app, { service: d.service, audit: d.audit });
  if (d.ui !== false) await registerUi(app, typeof d.ui === 'string' ? d.ui : undefined);

  await d.extend?.(app);
}
