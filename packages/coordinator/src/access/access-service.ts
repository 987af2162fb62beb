/**
 * Users, service accounts, their grants and API tokens, and the break-glass
 * token: the I/O side of access control (roles.ts is the pure side).
 *
 * {@link AccessService.authenticate} turns a bearer value into a
 * {@link Principal} on every request, reading the store each time, so a
 * revocation, a deleted user or a removed grant takes effect on the next
 * request on every replica. The break-glass token's keyed hash lives in
 * `meta` (shared by replicas); rotating it replaces the hash, so the old
 * token stops working at once everywhere.
 */
import { randomUUID } from 'node:crypto';
import type { Audit } from '../audit.js';
import { CoordinatorError, notFound } from '../errors.js';
import type { Clock } from '../limits.js';
import type { SecretBox } from '../secrets.js';
import { writeFileAtomic } from '../state-dir.js';
import type { ApiTokenRow, GrantRow, PrincipalRow, Store } from '../store/types.js';
import { timingSafeEqual } from 'node:crypto';
import { BREAK_GLASS_ACTOR } from './actors.js';
import {
  API_TOKEN_KEY_PURPOSE,
  API_TOKEN_TTL,
  apiTokenMatches,
  hashApiToken,
  hashBreakGlass,
  newApiToken,
  newBreakGlassToken,
  parseApiToken,
} from './api-tokens.js';
import { PRINCIPAL_NAME, type Principal, type Role } from './roles.js';

/** `meta` key of the break-glass token's keyed hash (hex). */
export const BREAK_GLASS_META = 'break_glass_hash';

export interface AccessDeps {
  store: Store;
  secrets: SecretBox;
  audit: Audit;
  clock: Clock;
  /** API token lifetimes (defaults: 30 days, at most 90 days). */
  ttl?: { defaultSeconds?: number; maxSeconds?: number };
  /** Where a rotated break-glass token is written (the state dir's `admin.token`); none: only returned. */
  breakGlassFile?: string;
}

export type PrincipalKindStored = PrincipalRow['kind'];

/** An API token's state at a time. */
export type ApiTokenState = 'active' | 'expired' | 'revoked';

export function apiTokenState(t: ApiTokenRow, now: number): ApiTokenState {
  if (t.revokedAt !== null) return 'revoked';
  return t.expiresAt <= now ? 'expired' : 'active';
}

const kindWord = (k: PrincipalKindStored): string => (k === 'user' ? 'user' : 'service account');

/** Uses of the break-glass token on one route within this long fold into one event. */
export const BREAK_GLASS_FOLD_MS = 60_000;

export class AccessService {
  private readonly key: Buffer;
  private readonly folds = new Map<string, { id: number; count: number; firstAt: number }>();
  readonly ttl: { defaultSeconds: number; maxSeconds: number };

  constructor(private readonly d: AccessDeps) {
    this.key = d.secrets.deriveKey(API_TOKEN_KEY_PURPOSE);
    const maxSeconds = d.ttl?.maxSeconds ?? API_TOKEN_TTL.maxSeconds;
    if (!Number.isInteger(maxSeconds) || maxSeconds < 60)
      throw new CoordinatorError(
        'bad-request',
        `the API token maximum lifetime must be at least 60 s, got ${maxSeconds}`,
      );
    this.ttl = {
      defaultSeconds: Math.min(d.ttl?.defaultSeconds ?? API_TOKEN_TTL.defaultSeconds, maxSeconds),
      maxSeconds,
    };
  }

  /** Records the bootstrap token's hash on first start (an existing one, maybe rotated, stays). */
  async init(bootstrapToken: string): Promise<void> {
    if ((await this.d.store.getMeta(BREAK_GLASS_META)) === null)
      await this.d.store.setMeta(BREAK_GLASS_META, hashBreakGlass(this.key, bootstrapToken).toString('hex'));
  }

  /** The principal a bearer value authenticates, or null (unknown, wrong, expired or revoked). */
  async authenticate(bearer: string): Promise<Principal | null> {
    const parsed = parseApiToken(bearer);
    if (parsed) {
      const t = await this.d.store.getApiToken(parsed.id);
      if (!t || !apiTokenMatches(this.key, t.id, parsed.secret, t.secretHash)) return null;
      if (apiTokenState(t, this.d.clock()) !== 'active') return null;
      const p = await this.d.store.getPrincipalById(t.principalId);
      if (!p) return null;
      const grants = (await this.d.store.listGrants(p.id)).map((g) => ({ role: g.role, clusterId: g.clusterId }));
      return { kind: p.kind, name: p.name, id: p.id, tokenId: t.id, grants };
    }
    if (!bearer.startsWith('k3g_admin_')) return null;
    const stored = await this.d.store.getMeta(BREAK_GLASS_META);
    if (stored === null) return null;
    const want = Buffer.from(stored, 'hex');
    const given = hashBreakGlass(this.key, bearer);
    if (want.byteLength !== given.byteLength || !timingSafeEqual(want, given)) return null;
    return {
      kind: 'break-glass',
      name: BREAK_GLASS_ACTOR,
      id: null,
      tokenId: null,
      grants: [{ role: 'admin', clusterId: null }],
    };
  }

  /**
   * Audits one use of the break-glass token. Every use is counted: the
   * first use of a route starts an `auth.break-glass` event, and further
   * uses of that route within {@link BREAK_GLASS_FOLD_MS} raise its `count`
   * and `lastAt` in place. Without folding, a dashboard signed in with the
   * token would refresh on each new event, and each refresh would make one
   * more event, without end.
   */
  async breakGlassUsed(method: string, route: string): Promise<void> {
    const now = this.d.clock();
    const key = `${method} ${route}`;
    const f = this.folds.get(key);
    if (f && now - f.firstAt < BREAK_GLASS_FOLD_MS) {
      f.count++;
      try {
        await this.d.store.updateEventData(f.id, {
          method,
          route,
          count: f.count,
          lastAt: new Date(now).toISOString(),
        });
        return;
      } catch (err) {
        // Pruned meanwhile: start a new event below.
        if (!(err instanceof CoordinatorError && err.code === 'not-found')) throw err;
      }
    }
    const row = await this.d.audit.record({
      type: 'auth.break-glass',
      clusterId: null,
      nodeId: null,
      actor: BREAK_GLASS_ACTOR,
      message: `break-glass token used: ${method} ${route}`,
      data: { method, route, count: 1, lastAt: new Date(now).toISOString() },
    });
    // Keys are route templates, a fixed set: the map stays small.
    this.folds.set(key, { id: row.id, count: 1, firstAt: now });
  }

  /** Replaces the break-glass token; the old one stops working now. Returns the new one (shown once). */
  async rotateBreakGlass(actor: string): Promise<string> {
    const token = newBreakGlassToken();
    await this.d.store.setMeta(BREAK_GLASS_META, hashBreakGlass(this.key, token).toString('hex'));
    if (this.d.breakGlassFile) writeFileAtomic(this.d.breakGlassFile, `${token}\n`, 0o600);
    await this.d.audit.record({
      type: 'auth.break-glass.rotated',
      clusterId: null,
      nodeId: null,
      actor,
      message: 'break-glass token rotated; the old one no longer works',
      data: {},
    });
    return token;
  }

  // ----- users and service accounts

  async createPrincipal(
    kind: PrincipalKindStored,
    name: string,
    description: string,
    actor: string,
  ): Promise<PrincipalRow> {
    if (!PRINCIPAL_NAME.test(name))
      throw new CoordinatorError(
        'bad-request',
        `${kindWord(kind)} name must be 1-128 characters of a-z, 0-9, '.', '_', '@', '-', starting with a letter or digit`,
      );
    if (await this.d.store.getPrincipal(kind, name))
      throw new CoordinatorError('conflict', `${kindWord(kind)} ${name} already exists`);
    const row: PrincipalRow = {
      id: randomUUID(),
      kind,
      name,
      description,
      createdAt: this.d.clock(),
      createdBy: actor,
    };
    await this.d.store.createPrincipal(row);
    await this.d.audit.record({
      type: `${kind === 'user' ? 'user' : 'service-account'}.created`,
      clusterId: null,
      nodeId: null,
      actor,
      message: `${kindWord(kind)} ${name} created`,
      data: { kind, name },
    });
    return row;
  }

  async getPrincipal(kind: PrincipalKindStored, name: string): Promise<PrincipalRow> {
    const p = await this.d.store.getPrincipal(kind, name);
    if (!p) throw notFound(kindWord(kind), name);
    return p;
  }

  listPrincipals(kind?: PrincipalKindStored): Promise<PrincipalRow[]> {
    return this.d.store.listPrincipals(kind);
  }

  getPrincipalById(id: string): Promise<PrincipalRow | null> {
    return this.d.store.getPrincipalById(id);
  }

  listGrants(principalId?: string): Promise<GrantRow[]> {
    return this.d.store.listGrants(principalId);
  }

  /** Deletes a user or service account with its grants and API tokens (which stop working now). */
  async deletePrincipal(kind: PrincipalKindStored, name: string, actor: string): Promise<void> {
    const p = await this.getPrincipal(kind, name);
    await this.d.store.deletePrincipal(p.id);
    await this.d.audit.record({
      type: `${kind === 'user' ? 'user' : 'service-account'}.deleted`,
      clusterId: null,
      nodeId: null,
      actor,
      message: `${kindWord(kind)} ${name} deleted with its grants and API tokens`,
      data: { kind, name },
    });
  }

  /** Gives a role for all clusters (`clusterId` null) or one, replacing the principal's role there. */
  async grant(
    kind: PrincipalKindStored,
    name: string,
    role: Role,
    clusterId: string | null,
    actor: string,
  ): Promise<void> {
    const p = await this.getPrincipal(kind, name);
    await this.d.store.putGrant({ principalId: p.id, clusterId, role, createdAt: this.d.clock() });
    await this.d.audit.record({
      type: 'grant.set',
      clusterId,
      nodeId: null,
      actor,
      message: `${kindWord(kind)} ${name}: ${role} on ${clusterId === null ? 'all clusters' : `cluster ${clusterId}`}`,
      data: { kind, name, role, scope: clusterId ?? '*' },
    });
  }

  async ungrant(kind: PrincipalKindStored, name: string, clusterId: string | null, actor: string): Promise<void> {
    const p = await this.getPrincipal(kind, name);
    if (!(await this.d.store.deleteGrant(p.id, clusterId)))
      throw new CoordinatorError(
        'not-found',
        `${kindWord(kind)} ${name} has no grant on ${clusterId ?? 'all clusters'}`,
      );
    await this.d.audit.record({
      type: 'grant.removed',
      clusterId,
      nodeId: null,
      actor,
      message: `${kindWord(kind)} ${name}: grant on ${clusterId === null ? 'all clusters' : `cluster ${clusterId}`} removed`,
      data: { kind, name, scope: clusterId ?? '*' },
    });
  }

  // ----- API tokens

  /** Creates an API token for a principal; the only time its secret exists outside the caller. */
  async createToken(
    owner: PrincipalRow,
    req: { name: string; ttlSeconds?: number | undefined },
    actor: string,
  ): Promise<{ row: ApiTokenRow; token: string }> {
    const ttl = req.ttlSeconds ?? this.ttl.defaultSeconds;
    if (!Number.isInteger(ttl) || ttl < 60 || ttl > this.ttl.maxSeconds)
      throw new CoordinatorError(
        'bad-request',
        `ttlSeconds must be a whole number from 60 to ${this.ttl.maxSeconds} (this coordinator's maximum), got ${ttl}`,
      );
    const existing = await this.d.store.listApiTokens(owner.id);
    if (existing.some((t) => t.name === req.name))
      throw new CoordinatorError(
        'conflict',
        `${kindWord(owner.kind)} ${owner.name} already has an API token named ${req.name}`,
      );
    const { id, secret, token } = newApiToken();
    const now = this.d.clock();
    const row: ApiTokenRow = {
      id,
      principalId: owner.id,
      name: req.name,
      secretHash: hashApiToken(this.key, id, secret),
      expiresAt: now + ttl * 1000,
      revokedAt: null,
      createdAt: now,
      createdBy: actor,
    };
    await this.d.store.createApiToken(row);
    await this.d.audit.record({
      type: 'api-token.created',
      clusterId: null,
      nodeId: null,
      actor,
      message: `API token ${id} (${req.name}) created for ${kindWord(owner.kind)} ${owner.name}`,
      data: { tokenId: id, owner: `${owner.kind}:${owner.name}`, expiresAt: new Date(row.expiresAt).toISOString() },
    });
    return { row, token };
  }

  listTokens(principalId?: string): Promise<ApiTokenRow[]> {
    return this.d.store.listApiTokens(principalId);
  }

  /** Revokes an API token (of `ownerId` only, when given); it is refused from the next request on. */
  async revokeToken(tokenId: string, actor: string, ownerId?: string): Promise<void> {
    const t = await this.d.store.getApiToken(tokenId);
    if (!t || (ownerId !== undefined && t.principalId !== ownerId)) throw notFound('API token', tokenId);
    await this.d.store.revokeApiToken(tokenId, this.d.clock());
    await this.d.audit.record({
      type: 'api-token.revoked',
      clusterId: null,
      nodeId: null,
      actor,
      message: `API token ${tokenId} (${t.name}) revoked`,
      data: { tokenId },
    });
  }
}
