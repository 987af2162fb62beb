/**
 * Election of a cluster's servers and registration load balancer: pure and
 * deterministic. Given the cluster's spec, its nodes and what was decided
 * before, it returns each node's role and the reasons, so the reconciler can
 * commit the decision (with the cluster's fencing epoch) before anything is
 * sent. Roles that were decided are kept: a node that disconnects keeps its
 * role; only the operator (or a later fault-handling pass) moves it.
 */
import type { CapabilityReport, Role } from '@k3sgrid/proto';
import type { ServerCount } from '../store/types.js';

/** Resources a k3s server needs (k3s docs: 2 CPU, 2 GiB for a server). Unknown (0) does not disqualify. */
export const SERVER_MIN_CPU = 2;
export const SERVER_MIN_MEMORY = 2 * 1024 ** 3;

export interface ElectionNode {
  id: string;
  name: string;
  connected: boolean;
  revoked: boolean;
  enrolledAt: number;
  /** Roles the node's join token allows. */
  allowedRoles: readonly string[];
  role: Role;
  report: CapabilityReport | null;
  /** Satisfies the cluster's storage/CNI plan (from the planner). */
  meetsPlan: boolean;
}

export interface ElectionInput {
  servers: ServerCount;
  registration: 'lb' | 'vip' | 'dns' | 'server';
  /** Failure-domain key: `farm` spreads servers over grid farms. */
  failureDomainKey: 'farm' | 'none';
  minNodes: number;
  /** True once the formation timeout passed since the first node enrolled. */
  timedOut: boolean;
  initNodeId: string | null;
  lbNodeId: string | null;
  nodes: readonly ElectionNode[];
}

export interface ElectionResult {
  /** Desired role per node id. */
  roles: Map<string, Role>;
  initNodeId: string | null;
  lbNodeId: string | null;
  /** Why formation waits, when it does. */
  waiting: string | null;
  /** One line per decision, for the audit log and the cluster status. */
  reasons: string[];
}

function domain(n: ElectionNode, key: ElectionInput['failureDomainKey']): string {
  return key === 'farm' ? (n.report?.gridFarmId ?? '') : '';
}

function hasServerResources(n: ElectionNode): boolean {
  const r = n.report;
  if (!r) return false;
  return (
    (r.cpuCount === 0 || r.cpuCount >= SERVER_MIN_CPU) && (r.memoryBytes === 0 || r.memoryBytes >= SERVER_MIN_MEMORY)
  );
}

/** Orders candidates: plan first, resources, then a stable tie-break (name, id). */
function rank(a: ElectionNode, b: ElectionNode): number {
  return (
    Number(b.meetsPlan) - Number(a.meetsPlan) ||
    Number(hasServerResources(b)) - Number(hasServerResources(a)) ||
    a.name.localeCompare(b.name) ||
    a.id.localeCompare(b.id)
  );
}

/** Picks `count` nodes, preferring failure domains not yet used. */
function spread(
  candidates: ElectionNode[],
  count: number,
  used: Set<string>,
  key: ElectionInput['failureDomainKey'],
): ElectionNode[] {
  const out: ElectionNode[] = [];
  const pool = [...candidates].sort(rank);
  while (out.length < count && pool.length > 0) {
    const idx = pool.findIndex((n) => !used.has(domain(n, key)));
    const pick = pool.splice(idx >= 0 ? idx : 0, 1)[0];
    if (!pick) break;
    out.push(pick);
    used.add(domain(pick, key));
  }
  return out;
}

export function elect(input: ElectionInput): ElectionResult {
  const reasons: string[] = [];
  const roles = new Map<string, Role>();
  const alive = input.nodes.filter((n) => !n.revoked);
  for (const n of alive) roles.set(n.id, n.role);
  const candidates = alive.filter((n) => n.connected && n.report !== null);
  const byId = new Map(alive.map((n) => [n.id, n]));

  let initNodeId = input.initNodeId && byId.has(input.initNodeId) ? input.initNodeId : null;
  let lbNodeId = input.lbNodeId && byId.has(input.lbNodeId) ? input.lbNodeId : null;

  if (!initNodeId) {
    const needed = Math.max(input.minNodes, input.registration === 'lb' ? 2 : 1);
    const serverable = candidates.filter((n) => n.allowedRoles.includes('server') && hasServerResources(n));
    if (serverable.length === 0) {
      return {
        roles,
        initNodeId: null,
        lbNodeId,
        waiting: 'waiting for a node that may be a server (token role server, at least 2 CPU and 2 GiB when known)',
        reasons,
      };
    }
    if (candidates.length < needed && !input.timedOut) {
      return {
        roles,
        initNodeId: null,
        lbNodeId,
        waiting: `waiting for nodes: ${candidates.length} of ${needed} enrolled and reporting`,
        reasons,
      };
    }
    if (input.registration === 'lb' && candidates.length < 2) {
      return { roles, initNodeId: null, lbNodeId, waiting: 'registration lb needs a second node for HAProxy', reasons };
    }
  }

  // --- registration load balancer (decided with the first server: its address goes into tls-san)
  if (input.registration === 'lb' && !lbNodeId) {
    const lbCandidates = candidates.filter(
      (n) => n.allowedRoles.includes('lb') && n.id !== initNodeId && !isServer(n.role),
    );
    const dedicated = lbCandidates.filter((n) => !n.allowedRoles.includes('server'));
    const withPublic = lbCandidates.filter((n) => (n.report?.publicIp ?? '') !== '');
    // Prefer a node whose token is for lb only, then one with a public address,
    // then the last node by rank (the best ones are kept for servers).
    const pick = [...dedicated].sort(rank)[0] ?? [...withPublic].sort(rank)[0] ?? [...lbCandidates].sort(rank).at(-1);
    if (pick) {
      lbNodeId = pick.id;
      roles.set(pick.id, 'lb');
      reasons.push(
        `${pick.name} runs the registration load balancer (${dedicated.includes(pick) ? 'lb-only token' : withPublic.includes(pick) ? 'public address' : 'spare node'})`,
      );
    } else if (!initNodeId) {
      return {
        roles,
        initNodeId: null,
        lbNodeId: null,
        waiting: 'waiting for a node that may run the registration load balancer (token role lb)',
        reasons,
      };
    }
  }

  const used = new Set<string>();
  const servers = alive.filter((n) => isServer(roles.get(n.id) ?? 'none'));
  for (const s of servers) used.add(domain(s, input.failureDomainKey));

  if (!initNodeId) {
    const pool = candidates.filter(
      (n) => n.id !== lbNodeId && n.allowedRoles.includes('server') && hasServerResources(n),
    );
    const [first] = spread(pool, 1, used, input.failureDomainKey);
    if (!first) return { roles, initNodeId: null, lbNodeId, waiting: 'no eligible server', reasons };
    initNodeId = first.id;
    roles.set(first.id, 'server-init');
    servers.push(first);
    reasons.push(
      `${first.name} is the first server (cluster-init)${first.meetsPlan ? '' : '; no node meets the plan fully'}`,
    );
  }

  // --- promote servers, in pairs so the count stays odd (1 -> 3 -> 5)
  const missing = input.servers - servers.length;
  if (missing > 0) {
    const pool = candidates.filter(
      (n) =>
        (roles.get(n.id) ?? 'none') !== 'lb' &&
        !isServer(roles.get(n.id) ?? 'none') &&
        n.allowedRoles.includes('server') &&
        hasServerResources(n),
    );
    // Take as many as possible while the resulting server count stays odd.
    let take = Math.min(missing, pool.length);
    if ((servers.length + take) % 2 === 0) take -= 1;
    for (const n of spread(pool, Math.max(0, take), used, input.failureDomainKey)) {
      roles.set(n.id, 'server');
      reasons.push(
        `${n.name} joins as a server${domain(n, input.failureDomainKey) ? ` (farm ${domain(n, input.failureDomainKey)})` : ''}`,
      );
    }
  }

  // --- everyone else runs as a worker if its token allows it
  for (const n of candidates) {
    if ((roles.get(n.id) ?? 'none') !== 'none') continue;
    if (n.allowedRoles.includes('agent')) {
      roles.set(n.id, 'agent');
      reasons.push(`${n.name} joins as a worker`);
    }
  }
  return { roles, initNodeId, lbNodeId, waiting: null, reasons };
}

export function isServer(role: Role): boolean {
  return role === 'server-init' || role === 'server';
}
