/**
 * What each node should run, computed from the cluster's decisions: pure.
 * The reconciler compares the result with the node's committed assignment
 * and commits a new generation only when the content changed, so re-sends
 * are byte-identical and re-applies are no-ops on the node.
 */
import { createHash } from 'node:crypto';
import type { AssignmentSecrets, AssignmentSpec, K3sReleaseRef, ManifestFile, Role } from '@k3sgrid/proto';
import type { Plan } from '../planner/plan.js';
import { cniManifests, cniToK3s, nodePrepFor, storageManifests } from '../planner/k3s.js';
import type { ClusterSpec } from '../store/types.js';
import { kubeVipManifest } from './kube-vip.js';

export const SUPERVISOR_PORT = 6443;

export interface DesiredContext {
  clusterId: string;
  clusterName: string;
  spec: ClusterSpec;
  epoch: number;
  plan: Plan;
  registrationAddress: string;
  /** CA hash from the first server; '' until it reported. */
  caHash: string;
  serverSecret: string;
  agentSecret: string;
  /** node-ip of every server (init first), for the load balancer. */
  serverAddresses: string[];
  /** The external datastore endpoint with its credentials (opened from the sealed store), if any. */
  datastoreEndpoint?: string;
  /** The cluster's k3s release per k3s arch (amd64, arm64), as the coordinator holds it. */
  releases: ReadonlyMap<string, K3sReleaseRef>;
}

/** An endpoint with any password replaced, for places that are not secret. */
export function redactEndpoint(endpoint: string): string {
  return endpoint.replace(/(:\/\/[^:/@]*:)[^@/]*@/, '$1***@');
}

export interface DesiredNode {
  id: string;
  name: string;
  role: Role;
  nodeIp: string;
  publicIp: string;
  nodePassword: string;
  /** The node's k3s arch (amd64, arm64); null when unknown or unsupported. */
  arch: string | null;
}

/** The URL joiners use: the fixed registration address. */
export function registrationUrl(address: string): string {
  return `https://${address.includes(':') ? `[${address}]` : address}:${SUPERVISOR_PORT}`;
}

/**
 * Builds the spec and secrets for one node. Joiners need the CA hash, and
 * every k3s node a release for its arch: returns null until both are there.
 */
export function desiredAssignment(
  ctx: DesiredContext,
  node: DesiredNode,
): { spec: AssignmentSpec; secrets: AssignmentSecrets } | null {
  const cni = ctx.plan.cni.choice
    ? cniToK3s(ctx.plan.cni.choice)
    : { flannelBackend: 'vxlan' as const, disable: [] as string[], disableNetworkPolicy: false };
  const isServerRole = node.role === 'server-init' || node.role === 'server';
  const runsK3s = isServerRole || node.role === 'agent';
  if ((node.role === 'server' || node.role === 'agent') && !ctx.caHash) return null;
  const release = runsK3s && node.arch !== null ? (ctx.releases.get(node.arch) ?? null) : null;
  if (runsK3s && !release) return null;
  const manifests: ManifestFile[] = [];
  if (node.role === 'server-init') {
    if (ctx.plan.storage.choice)
      manifests.push(
        ...storageManifests(ctx.plan.storage.choice, {
          ...(ctx.spec.nfs ? { nfsServer: ctx.spec.nfs.server, nfsPath: ctx.spec.nfs.path } : {}),
        }),
      );
    if (ctx.plan.cni.choice) manifests.push(...cniManifests(ctx.plan.cni.choice));
    if (ctx.spec.registration.mode === 'vip') manifests.push(kubeVipManifest(ctx.registrationAddress));
  }
  // The external datastore endpoint may carry credentials: it travels only in the sealed secrets.
  const external = ctx.spec.datastore.kind === 'external' ? (ctx.datastoreEndpoint ?? '') : '';
  const spec: AssignmentSpec = {
    nodeId: node.id,
    clusterId: ctx.clusterId,
    clusterName: ctx.clusterName,
    epoch: ctx.epoch,
    generation: 0, // set by the reconciler when committing
    role: node.role,
    nodeName: node.name,
    serverUrl: node.role === 'server' || node.role === 'agent' ? registrationUrl(ctx.registrationAddress) : '',
    k3sVersion: ctx.spec.k3sVersion,
    tlsSans: isServerRole ? [...new Set([ctx.registrationAddress].filter(Boolean))] : [],
    nodeLabels: isServerRole || node.role === 'agent' ? (ctx.plan.labels[node.name] ?? []) : [],
    nodeTaints: [],
    flannelBackend: isServerRole ? cni.flannelBackend : '',
    disable: isServerRole ? [...cni.disable] : [],
    secretsEncryption: isServerRole ? ctx.spec.secretsEncryption : false,
    nodeIp: node.nodeIp,
    // The public address only where the operator asked for it: k3s would
    // otherwise advertise it and send agents and pods over the internet.
    nodeExternalIp: ctx.spec.publicExternalIp === true && runsK3s ? node.publicIp : '',
    flannelIface: '',
    manifests: manifests.map((m) => ({ name: m.name, content: m.content })),
    lb:
      node.role === 'lb'
        ? {
            bind: `${node.nodeIp}:${SUPERVISOR_PORT}`,
            backends: ctx.serverAddresses.map((a) => `${a.includes(':') ? `[${a}]` : a}:${SUPERVISOR_PORT}`),
          }
        : null,
    datastoreEndpoint: isServerRole && external ? redactEndpoint(external) : '',
    k3sRelease: release,
    // Servers advertise their private address (k3s takes node-external-ip first otherwise).
    advertiseAddress: isServerRole ? (node.nodeIp.split(',')[0]?.trim() ?? '') : '',
    nodePrep: runsK3s ? nodePrepFor(ctx.plan.storage.choice) : { modules: [], services: [], reason: '' },
    disableNetworkPolicy: isServerRole && cni.disableNetworkPolicy,
  };
  // The first server starts with the short token (no CA exists yet); joiners
  // get the full K10 token, so k3s itself pins the cluster CA.
  const token =
    node.role === 'server-init'
      ? ctx.serverSecret
      : node.role === 'server'
        ? `K10${ctx.caHash}::server:${ctx.serverSecret}`
        : node.role === 'agent'
          ? `K10${ctx.caHash}::node:${ctx.agentSecret}`
          : '';
  const secrets: AssignmentSecrets = {
    token,
    nodePassword: node.role === 'lb' || node.role === 'none' ? '' : node.nodePassword,
    datastoreCredentials: isServerRole ? external : '',
    agentToken: isServerRole ? ctx.agentSecret : '',
  };
  return { spec, secrets };
}

/** Content hash of an assignment, ignoring its generation. */
export function assignmentContentHash(a: { spec: AssignmentSpec; secrets: AssignmentSecrets }): string {
  return createHash('sha256')
    .update(JSON.stringify([{ ...a.spec, generation: 0 }, a.secrets]))
    .digest('hex');
}
