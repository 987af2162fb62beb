/**
 * Enrollment and authentication of agents. Enrollment checks the token MAC
 * and the node's signature over the session transcript, then consumes one
 * token use and creates the node record in one transaction. Every token
 * failure gives the agent the same answer; the audit log keeps the reason.
 * Guesses are limited per source address and per (token, address), never
 * by locking the token (see {@link GuessLimiter}). Reconnection is a
 * signature over a fresh transcript, no token.
 */
import { agentActor, SYSTEM_ACTOR, unenrolledActor } from './access/actors.js';
import { randomUUID } from 'node:crypto';
import {
  authTranscript,
  enrollTranscript,
  hmac,
  reportFromWire,
  reportDigest,
  safeEqual,
  verify,
  type k3sgrid,
  type SessionBinding,
} from '@k3sgrid/proto';
import { Audit } from './audit.js';
import { failpoint } from './failpoints.js';
import { DEFAULT_GUESS_POLICY, GuessLimiter, type Clock, type GuessPolicy, type GuessTicket } from './limits.js';
import type { SecretBox } from './secrets.js';
import { emptyAssignmentState, type NodeRow, type Store, type TokenRefusal } from './store/types.js';

/** What the agent is told when it is refused. */
export interface Refusal {
  code: 'unauthenticated' | 'revoked' | 'rate-limited' | 'bad-request';
  message: string;
  /** The agent must not retry with the same credentials. */
  permanent: boolean;
}

/** The uniform answer for unknown, wrong, expired, used-up or revoked tokens. */
export const TOKEN_REFUSED: Refusal = {
  code: 'unauthenticated',
  message: 'join token is invalid, expired, revoked or used up',
  permanent: true,
};

export type EnrollResult = { ok: true; node: NodeRow; enrolled: boolean } | { ok: false; refusal: Refusal };

export interface EnrollmentDeps {
  store: Store;
  secrets: SecretBox;
  audit: Audit;
  clock: Clock;
  /** This replica's id: a new node's session is held here (presence, see replication/). */
  replicaId: string;
  /** Failed attempts per source address per minute before it is refused for a while (default 20). */
  maxFailuresPerAddress?: number;
  /** The rest of the guess limits (defaults: {@link DEFAULT_GUESS_POLICY}). */
  guessPolicy?: Partial<GuessPolicy>;
}

const KEY_LEN = 32;
const SIG_LEN = 64;
const NONCE_LEN = 32;

/** Turns a hostname into a valid, lowercased Kubernetes node name (RFC 1123 label-ish). */
export function sanitizeNodeName(hostname: string): string {
  const s = hostname
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 53);
  return s || 'node';
}

export class Enrollment {
  private readonly guesses: GuessLimiter;

  constructor(private readonly d: EnrollmentDeps) {
    this.guesses = new GuessLimiter(d.clock, {
      ...DEFAULT_GUESS_POLICY,
      ...(d.maxFailuresPerAddress !== undefined ? { maxPerAddress: d.maxFailuresPerAddress } : {}),
      ...d.guessPolicy,
    });
  }

  /** True when this address has failed too often recently. */
  addressBlocked(address: string): boolean {
    return this.guesses.addressBlocked(address);
  }

  private async refuseToken(
    reason: TokenRefusal | 'bad-mac' | 'bad-signature' | 'key-mismatch',
    tokenId: string,
    address: string,
    clusterId: string | null,
    ticket: GuessTicket,
  ): Promise<EnrollResult> {
    // Only a request that does not prove the secret is a guess (an unknown
    // token id or a wrong MAC); a right secret for an expired, used-up or
    // revoked token, or a bad node signature, costs its address nothing.
    const guessed = reason === 'unknown' || reason === 'bad-mac';
    if (ticket.settle(!guessed) && guessed) {
      // Many failures on one token from anywhere: worth an operator's look,
      // once per window (the token keeps working for its owner).
      await this.d.audit.record({
        type: 'token.guessing',
        clusterId,
        nodeId: null,
        actor: SYSTEM_ACTOR,
        message: `join token ${tokenId}: many enrollment attempts with a wrong secret; it stays usable for the right one`,
        data: { tokenId },
      });
    }
    await this.d.audit.record({
      type: 'enroll.refused',
      clusterId,
      nodeId: null,
      actor: unenrolledActor(address),
      message: `enrollment refused: ${reason}`,
      data: { reason, tokenId, address },
    });
    return { ok: false, refusal: TOKEN_REFUSED };
  }

  /** Handles an EnrollRequest in a session with the given binding. */
  async enroll(req: k3sgrid.v1.EnrollRequest, binding: SessionBinding, address: string): Promise<EnrollResult> {
    if (
      req.clientNonce.byteLength !== NONCE_LEN ||
      req.nodeSignPub.byteLength !== KEY_LEN ||
      req.nodeBoxPub.byteLength !== KEY_LEN ||
      req.signature.byteLength !== SIG_LEN ||
      req.mac.byteLength !== 32
    ) {
      this.guesses.fail(address);
      return {
        ok: false,
        refusal: {
          code: 'bad-request',
          message: 'enroll request has malformed keys, nonce, MAC or signature',
          permanent: false,
        },
      };
    }
    // Admitted (and charged to the address) before the first await, so
    // attempts arriving in parallel cannot overrun the budget.
    const admission = this.guesses.admit(address, req.tokenId);
    if (!admission.ok) return { ok: false, refusal: rateLimited(admission.retryAfterMs) };
    const ticket = admission.ticket;
    try {
      const res = await this.checkEnroll(req, binding, address, ticket);
      if (res.ok) ticket.settle(true);
      return res;
    } finally {
      // Any path that did not settle (a store error) counts as a failure.
      ticket.settle(false);
    }
  }

  private async checkEnroll(
    req: k3sgrid.v1.EnrollRequest,
    binding: SessionBinding,
    address: string,
    ticket: GuessTicket,
  ): Promise<EnrollResult> {
    const token = await this.d.store.getToken(req.tokenId);
    if (!token) return this.refuseToken('unknown', req.tokenId, address, null, ticket);

    const reportWire = req.report ?? null;
    const transcript = enrollTranscript({
      ...binding,
      tokenId: req.tokenId,
      nodeSignPub: req.nodeSignPub,
      nodeBoxPub: req.nodeBoxPub,
      reportDigest: reportDigest(reportWire),
    });
    const macKey = this.d.secrets.open(token.macKeySealed, `join_tokens/${token.id}/mac_key`);
    if (!safeEqual(hmac(macKey, transcript), req.mac)) {
      // Counted for the operator's view (token list), never a lock.
      await this.d.store.recordTokenFailure(token.id);
      return this.refuseToken('bad-mac', token.id, address, token.clusterId, ticket);
    }
    if (!(await verify(req.signature, transcript, req.nodeSignPub))) {
      return this.refuseToken('bad-signature', token.id, address, token.clusterId, ticket);
    }

    // A node that already enrolled with this key (e.g. it crashed before the
    // Welcome) is simply authenticated: the MAC proves it holds the token, the
    // signature proves it holds the key, and no second use is consumed.
    const existing = await this.d.store.getNodeBySignPub(req.nodeSignPub);
    if (existing) {
      if (existing.revokedAt !== null) return { ok: false, refusal: revokedRefusal() };
      // Same signing key, another X25519 key: secrets sealed to the stored key
      // would not open, and accepting the new one silently would let whoever
      // holds the token and the signing key redirect them. Refused; the agent
      // must restore its box key or enroll a fresh identity.
      if (!existing.boxPub.equals(Buffer.from(req.nodeBoxPub))) {
        await this.refuseToken('key-mismatch', token.id, address, token.clusterId, ticket);
        return { ok: false, refusal: keyMismatchRefusal() };
      }
      return { ok: true, node: existing, enrolled: false };
    }

    const now = this.d.clock();
    const report = reportFromWire(reportWire);
    const hostname = req.hostname || report.hostname || 'node';
    const nodeId = randomUUID();
    let name = sanitizeNodeName(hostname);
    // Names are unique per cluster and stable per identity: on collision add a short id.
    if (await this.d.store.nodeNameTaken(token.clusterId, name)) name = `${name}-${nodeId.slice(0, 8)}`;
    const node: NodeRow = {
      id: nodeId,
      clusterId: token.clusterId,
      name,
      hostname,
      signPub: Buffer.from(req.nodeSignPub),
      boxPub: Buffer.from(req.nodeBoxPub),
      tokenId: token.id,
      allowedRoles: token.roles,
      role: 'none',
      phase: 'pending',
      lastError: '',
      connected: true,
      revokedAt: null,
      enrolledAt: now,
      lastSeenAt: now,
      agentVersion: req.agentVersion,
      address,
      // Presence is written with the node: the Welcome follows this commit
      // (a reconnect writes it when its session is ready, see app.ts onReady).
      replicaId: this.d.replicaId,
      connectedAt: now,
      pendingRemoval: '',
      report,
      prevReport: null,
      assignment: emptyAssignmentState(),
    };
    // Token use, node record and its `enroll.ok` event commit together.
    const res = await this.d.store.enrollNode(token.id, now, node, (stored) =>
      Audit.prepare({
        type: 'enroll.ok',
        clusterId: stored.clusterId,
        nodeId: stored.id,
        actor: agentActor(stored.name),
        message: `node ${stored.name} enrolled with token ${token.id}`,
        data: { tokenId: token.id, hostname, address, nodeName: stored.name },
      }),
    );
    if (!res.ok) return this.refuseToken(res.reason, token.id, address, token.clusterId, ticket);
    // Published at once: an event recorded later must not reach the live
    // stream first (it drops ids lower than one it sent).
    if (res.event) this.d.audit.published(res.event);
    await failpoint('after-enroll-commit');
    return { ok: true, node, enrolled: true };
  }

  /** Handles an AuthRequest (reconnect of an enrolled node). */
  async authenticate(req: k3sgrid.v1.AuthRequest, binding: SessionBinding, address: string): Promise<EnrollResult> {
    if (
      req.clientNonce.byteLength !== NONCE_LEN ||
      req.nodeSignPub.byteLength !== KEY_LEN ||
      req.signature.byteLength !== SIG_LEN
    ) {
      this.guesses.fail(address);
      return {
        ok: false,
        refusal: {
          code: 'bad-request',
          message: 'auth request has malformed key, nonce or signature',
          permanent: false,
        },
      };
    }
    const node = await this.d.store.getNodeBySignPub(req.nodeSignPub);
    const transcript = authTranscript({
      ...binding,
      nodeSignPub: req.nodeSignPub,
      reportDigest: reportDigest(req.report),
    });
    if (!node || !(await verify(req.signature, transcript, req.nodeSignPub))) {
      this.guesses.fail(address);
      await this.d.audit.record({
        type: 'auth.refused',
        clusterId: node?.clusterId ?? null,
        nodeId: node?.id ?? null,
        // Not proven to be that node: the signature did not check.
        actor: unenrolledActor(address),
        message: node ? 'authentication refused: bad signature' : 'authentication refused: unknown node key',
        data: { reason: node ? 'bad-signature' : 'unknown-node', address },
      });
      return {
        ok: false,
        refusal: {
          code: 'unauthenticated',
          message: 'node identity is not known to this coordinator; enroll again with a join token',
          permanent: true,
        },
      };
    }
    if (node.revokedAt !== null) {
      await this.d.audit.record({
        type: 'auth.refused',
        clusterId: node.clusterId,
        nodeId: node.id,
        actor: agentActor(node.name),
        message: `authentication refused: node ${node.name} is revoked`,
        data: { reason: 'revoked', address },
      });
      return { ok: false, refusal: revokedRefusal() };
    }
    return { ok: true, node, enrolled: false };
  }
}

function rateLimited(retryAfterMs: number): Refusal {
  return {
    code: 'rate-limited',
    message: `too many failed attempts from this address; retry in ${Math.ceil(retryAfterMs / 1000)} s`,
    permanent: false,
  };
}

function keyMismatchRefusal(): Refusal {
  return {
    code: 'bad-request',
    message:
      'this node signing key is enrolled with a different X25519 key: the agent state is inconsistent; restore its keys or remove the state dir to enroll as a new node',
    permanent: true,
  };
}

function revokedRefusal(): Refusal {
  return {
    code: 'revoked',
    message: 'this node has been removed by an operator; enroll again with a new join token',
    permanent: true,
  };
}
