/**
 * `/v1/clusters`: create, list, get, change, plan, kubeconfig, delete. The list
 * reads every cluster and every node once (two queries, whatever the
 * number of clusters) and plans each cluster from its rows in memory.
 */
import type { FastifyPluginCallback } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sees } from '../../access/roles.js';
import { CoordinatorError } from '../../errors.js';
import type { NodeRow } from '../../store/types.js';
import { ClusterView, CreateClusterBody, EXAMPLES, IdParams, UpdateClusterBody } from '../schemas.js';
import { clusterView } from '../views.js';
import type { ReleaseService } from '../../releases/release-service.js';
import { type ApiDeps, ERR, Err, ex } from './deps.js';

const ClusterEx = ex(ClusterView, EXAMPLES.cluster);
const IdEx = ex(IdParams, { id: 'prod' });

export function clusterRoutes(
  d: ApiDeps & { releases?: Pick<ReleaseService, 'heldFor'> | undefined },
): FastifyPluginCallback {
  const s = d.service;
  const connected = (n: NodeRow): boolean => s.isConnected(n);
  return (app, _opts, done) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.post(
      '/clusters',
      {
        config: { permission: { on: 'coordinator', role: 'operator' } },
        schema: {
          tags: ['clusters'],
          summary: 'Create a cluster',
          body: ex(CreateClusterBody, EXAMPLES.createCluster),
          response: { 201: ClusterEx, ...ERR },
        },
      },
      async (req, reply) => {
        const c = await s.createCluster(req.body, req.actor);
        const held = d.releases ? await d.releases.heldFor(c.spec.k3sVersion) : null;
        const warnings =
          held && held.size === 0
            ? [
                `the coordinator holds no k3s ${c.spec.k3sVersion} yet; formation waits for it: k3sgrid release import --version ${c.spec.k3sVersion} --arch amd64 --file ./k3s, or k3sgrid release fetch ${c.spec.k3sVersion}`,
              ]
            : [];
        return reply
          .status(201)
          .send({ ...clusterView(c, [], null, connected), ...(warnings.length ? { warnings } : {}) });
      },
    );
    r.get(
      '/clusters',
      {
        config: { permission: { on: 'any', role: 'viewer' } },
        schema: {
          tags: ['clusters'],
          summary: 'List clusters',
          response: { 200: ex(z.object({ items: z.array(ClusterView) }), { items: [EXAMPLES.cluster] }), 401: Err },
        },
      },
      async (req) => {
        const [all, nodes] = await Promise.all([s.listClusters(), s.listNodes()]);
        const clusters = all.filter((c) => sees(req.visible, c.id));
        const byCluster = new Map<string, NodeRow[]>();
        for (const n of nodes) {
          const list = byCluster.get(n.clusterId);
          if (list) list.push(n);
          else byCluster.set(n.clusterId, [n]);
        }
        return {
          items: clusters.map((c) => {
            const mine = byCluster.get(c.id) ?? [];
            return clusterView(c, mine, s.planOf(c, mine), connected);
          }),
        };
      },
    );
    r.get(
      '/clusters/:id',
      {
        config: { permission: { on: 'cluster', role: 'viewer', ref: { from: 'params', field: 'id', via: 'cluster' } } },
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
      async (req) => {
        const { cluster, nodes, plan } = await s.plan(req.params.id);
        return clusterView(cluster, nodes, plan, connected, true);
      },
    );
    r.get(
      '/clusters/:id/plan',
      {
        config: { permission: { on: 'cluster', role: 'viewer', ref: { from: 'params', field: 'id', via: 'cluster' } } },
        schema: {
          tags: ['clusters'],
          summary: 'Storage and CNI plan: per option and node, usable or not and why',
          params: IdEx,
          response: { 200: ex(z.record(z.string(), z.unknown()), EXAMPLES.plan), ...ERR },
        },
      },
      async (req) => {
        const { cluster, plan } = await s.plan(req.params.id);
        if (!plan) throw new CoordinatorError('conflict', `cluster ${cluster.name} has no node reports yet`);
        return plan as unknown as Record<string, unknown>;
      },
    );
    r.get(
      '/clusters/:id/kubeconfig',
      {
        config: { permission: { on: 'cluster', role: 'admin', ref: { from: 'params', field: 'id', via: 'cluster' } } },
        schema: {
          tags: ['clusters'],
          summary: 'Admin kubeconfig pointing at the registration address (audited)',
          params: IdEx,
          response: { 200: ex(z.string(), EXAMPLES.kubeconfig), ...ERR },
        },
      },
      async (req, reply) => reply.type('application/yaml').send(await s.kubeconfig(req.params.id, req.actor)),
    );
    r.patch(
      '/clusters/:id',
      {
        config: {
          permission: { on: 'cluster', role: 'operator', ref: { from: 'params', field: 'id', via: 'cluster' } },
        },
        schema: {
          tags: ['clusters'],
          summary:
            'Change a cluster: server count (grow by election, shrink one etcd member at a time, never below quorum) and node pool labels and taints (patched onto existing Nodes)',
          params: IdEx,
          body: ex(UpdateClusterBody, {
            servers: 3,
            pools: { agents: { labels: { tier: 'web' }, taints: ['dedicated=web:NoSchedule'] } },
          }),
          response: { 200: ClusterEx, ...ERR },
        },
      },
      async (req) => {
        const c = await s.updateCluster(req.params.id, req.body, req.actor);
        const { nodes, plan } = await s.plan(c.id);
        return clusterView(c, nodes, plan, connected, true);
      },
    );
    r.post(
      '/clusters/:id/resume',
      {
        config: {
          permission: { on: 'cluster', role: 'operator', ref: { from: 'params', field: 'id', via: 'cluster' } },
        },
        schema: {
          tags: ['clusters'],
          summary: 'Resume a halted cluster (after the cause, e.g. a server with another CA, was dealt with)',
          params: IdEx,
          response: { 200: ClusterEx, ...ERR },
        },
      },
      async (req) => {
        const c = await s.resumeCluster(req.params.id, req.actor);
        const { nodes, plan } = await s.plan(c.id);
        return clusterView(c, nodes, plan, connected, true);
      },
    );
    r.delete(
      '/clusters/:id',
      {
        config: {
          permission: { on: 'cluster', role: 'operator', ref: { from: 'params', field: 'id', via: 'cluster' } },
        },
        schema: {
          tags: ['clusters'],
          summary: 'Delete a cluster, its tokens and node records',
          params: IdEx,
          response: { 204: z.null(), ...ERR },
        },
      },
      async (req, reply) => {
        await s.deleteCluster(req.params.id, req.actor);
        return reply.status(204).send(null);
      },
    );
    done();
  };
}
