/**
 * Schemas and views of the access API (users, service accounts, grants, API
 * tokens, break-glass rotation). An API token's secret appears only in
 * {@link ApiTokenCreated}, the answer to its creation; no view copies the
 * stored hash.
 */
import { z } from 'zod';
import { apiTokenState } from '../access/access-service.js';
import { PRINCIPAL_NAME, ROLES } from '../access/roles.js';
import type { ApiTokenRow, ClusterRow, GrantRow, PrincipalRow } from '../store/types.js';

const iso = (ms: number): string => new Date(ms).toISOString();
const ROLE = z.enum(ROLES as ['viewer', 'operator', 'admin']);
const NAME = z.string().regex(PRINCIPAL_NAME, '1-128 of a-z 0-9 . _ @ -, starting with a letter or digit');

export const GrantView = z.object({
  role: ROLE,
  /** `*` for all clusters, else the cluster's name. */
  cluster: z.string().describe('`*` for all clusters, else the cluster name'),
  clusterId: z.string().nullable(),
});
export const PrincipalView = z.object({
  kind: z.enum(['user', 'sa', 'break-glass']),
  name: z.string(),
  actor: z.string().describe('what events record as who acted'),
  description: z.string(),
  createdAt: z.string().nullable(),
  createdBy: z.string(),
  grants: z.array(GrantView),
});
export const CreatePrincipalBody = z.strictObject({ name: NAME, description: z.string().max(200).default('') });
export const NameParams = z.strictObject({ name: z.string().min(1).max(128) });
export const GrantBody = z.strictObject({
  role: ROLE,
  cluster: z.string().min(1).max(128).optional().describe('cluster name or id; omitted: all clusters'),
});
export const GrantScopeParams = z.strictObject({
  name: z.string().min(1).max(128),
  scope: z.string().min(1).max(128).describe('cluster name or id, or `*` for the all-clusters grant'),
});
export const CreateApiTokenBody = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, '1-64 of A-Z a-z 0-9 . _ -'),
  ttlSeconds: z
    .number()
    .int()
    .min(60)
    .optional()
    .describe("lifetime (default 30 days; at most the coordinator's maximum, 90 days unless configured)"),
});
export const ApiTokenView = z.object({
  id: z.string(),
  name: z.string(),
  owner: z.string().describe('`user:<name>` or `sa:<name>`'),
  state: z.enum(['active', 'expired', 'revoked']),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
});
export const ApiTokenCreated = ApiTokenView.extend({
  token: z.string().describe('the bearer token; shown only in this answer, stored only as a keyed hash'),
});
export const ApiTokenIdParams = z.strictObject({ tokenId: z.string().min(1).max(64) });
export const BreakGlassRotated = z.object({
  token: z.string().describe('the new break-glass token (shown once; also written to the state dir `admin.token`)'),
});

export type PrincipalViewT = z.infer<typeof PrincipalView>;
export type ApiTokenViewT = z.infer<typeof ApiTokenView>;
export type ApiTokenCreatedT = z.infer<typeof ApiTokenCreated>;

/** A user or service account with its grants (cluster names from `clusters`). */
export function principalView(
  p: PrincipalRow,
  grants: readonly GrantRow[],
  clusters: ReadonlyMap<string, ClusterRow>,
): PrincipalViewT {
  return {
    kind: p.kind,
    name: p.name,
    actor: `${p.kind}:${p.name}`,
    description: p.description,
    createdAt: iso(p.createdAt),
    createdBy: p.createdBy,
    grants: grants.map((g) => ({
      role: g.role,
      cluster: g.clusterId === null ? '*' : (clusters.get(g.clusterId)?.name ?? g.clusterId),
      clusterId: g.clusterId,
    })),
  };
}

/** An API token as lists show it: never its secret or hash. */
export function apiTokenView(t: ApiTokenRow, owner: PrincipalRow | null, now: number): ApiTokenViewT {
  return {
    id: t.id,
    name: t.name,
    owner: owner ? `${owner.kind}:${owner.name}` : '',
    state: apiTokenState(t, now),
    expiresAt: iso(t.expiresAt),
    revokedAt: t.revokedAt === null ? null : iso(t.revokedAt),
    createdAt: iso(t.createdAt),
    createdBy: t.createdBy,
  };
}
