/**
 * Roles, grants and route permissions: the pure part of access control.
 *
 * A principal (user, service account or the break-glass token) holds grants;
 * a grant is a role for all clusters (`clusterId: null`) or for one cluster.
 * Roles are ordered: a `viewer` reads; an `operator` also creates join
 * tokens, replaces and deletes nodes and creates or changes clusters; an
 * `admin` also manages users, service accounts and API tokens of others,
 * releases and the coordinator. Every API route declares the
 * {@link Permission} it needs (route config), and the one auth hook
 * (api/auth.ts) decides with {@link allows}; a route that declares none is
 * refused.
 */

/** What a grant gives, weakest first. */
export type Role = 'viewer' | 'operator' | 'admin';
export const ROLES: readonly Role[] = ['viewer', 'operator', 'admin'];

/** A role for all clusters (`clusterId` null) or for one cluster (its id). */
export interface Grant {
  role: Role;
  clusterId: string | null;
}

/** Who a principal is; `break-glass` is the bootstrap admin token. */
export type PrincipalKind = 'user' | 'sa' | 'break-glass';

/** An authenticated operator or program, as the auth hook sees it. */
export interface Principal {
  kind: PrincipalKind;
  /** The user's or service account's name; `break-glass` for the bootstrap token. */
  name: string;
  /** Store id of the user or service account; null for break-glass. */
  id: string | null;
  /** The API token that authenticated the request; null for break-glass. */
  tokenId: string | null;
  grants: readonly Grant[];
}

/** Where a route finds the cluster a per-cluster grant is checked against. */
export interface ClusterRef {
  /** Route parameter or query field holding it. */
  from: 'params' | 'query';
  field: string;
  /** What the value names: a cluster (id or name), a node (id or name) or a join token (id). */
  via: 'cluster' | 'node' | 'join-token';
}

/**
 * What a route needs:
 * - `coordinator`: the role for all clusters (users, releases, cluster creation);
 * - `cluster`: the role for the cluster `ref` names (or for all clusters);
 *   an optional query field that is absent means `any`;
 * - `any`: the role anywhere; the handler shows only what the caller may see (lists);
 * - `self`: any authenticated user or service account (its own API tokens, whoami).
 */
export type Permission =
  | { on: 'coordinator'; role: Role }
  | { on: 'cluster'; role: Role; ref: ClusterRef }
  | { on: 'any'; role: Role }
  | { on: 'self' };

const rank = (r: Role): number => ROLES.indexOf(r);

/** Does `have` include what `need` allows? */
export function roleCovers(have: Role, need: Role): boolean {
  return rank(have) >= rank(need);
}

/** Has the principal `need` for all clusters? */
export function allowsEverywhere(grants: readonly Grant[], need: Role): boolean {
  return grants.some((g) => g.clusterId === null && roleCovers(g.role, need));
}

/** Has the principal `need` for this cluster (a grant for it, or for all)? */
export function allowsCluster(grants: readonly Grant[], need: Role, clusterId: string): boolean {
  return grants.some((g) => (g.clusterId === null || g.clusterId === clusterId) && roleCovers(g.role, need));
}

/** Has the principal `need` anywhere at all? */
export function allowsAny(grants: readonly Grant[], need: Role): boolean {
  return grants.some((g) => roleCovers(g.role, need));
}

/**
 * What a list shows: every cluster (`all`), or these cluster ids. Rows
 * without a cluster (coordinator-wide events) are seen only with `all`.
 */
export type Visibility = { all: true } | { all: false; clusters: ReadonlySet<string> };

export function visibility(grants: readonly Grant[], need: Role): Visibility {
  if (allowsEverywhere(grants, need)) return { all: true };
  return {
    all: false,
    clusters: new Set(grants.flatMap((g) => (g.clusterId !== null && roleCovers(g.role, need) ? [g.clusterId] : []))),
  };
}

/** May a row of this cluster (null: none) be shown? */
export function sees(v: Visibility, clusterId: string | null): boolean {
  return v.all || (clusterId !== null && v.clusters.has(clusterId));
}

/** The role a permission needs (`self`: none beyond being a user or service account). */
export function neededRole(p: Permission): Role | null {
  return p.on === 'self' ? null : p.role;
}

/** Names of users and service accounts: what `user:<name>` and `sa:<name>` actors carry. */
export const PRINCIPAL_NAME = /^[a-z0-9][a-z0-9._@-]{0,127}$/;
