/**
 * k3s's own words for a join that the server refuses (research §1). A k3s
 * agent does not exit on them: it logs and retries every few seconds, so
 * "process running" says nothing; these lines are how the agent learns why
 * its node never becomes Ready. Joining servers log the same causes in the
 * fatal line before they exit. Pure: lines in, finding out.
 *
 * The patterns need the joining side's context (`failed to retrieve
 * configuration from server`, `failed to bootstrap cluster data`, a
 * `/v1-k3s/…` path) so that a server logging *another* node's refused
 * request (`Sending HTTP/1.1 401 response to …: not authorized`) is not
 * taken for its own failure.
 */
import type { K3sCommand } from './flags.js';

export type RegistrationFailureKind = 'node-password-rejected' | 'token-not-authorized' | 'ca-hash-mismatch';

export interface RegistrationFailure {
  kind: RegistrationFailureKind;
  /** For the operator: what happened and what to look at. */
  message: string;
  /** The k3s log line it was read from. */
  line: string;
}

interface Rule {
  kind: RegistrationFailureKind;
  re: RegExp;
  message: (role: K3sCommand) => string;
}

const RULES: readonly Rule[] = [
  {
    kind: 'node-password-rejected',
    // config.go getNodeNamedCrt on 403: "Node password rejected, duplicate hostname or contents of '…' may not match …"
    re: /Node password rejected/,
    message: (role) =>
      `k3s ${role}: node password rejected by the server (another node with this name?); ` +
      'k3s keeps retrying, the node cannot join until the name or the password entry is fixed',
  },
  {
    kind: 'token-not-authorized',
    // "…failed to retrieve configuration from server: not authorized" (agent, Status body),
    // "…/v1-k3s/config: 401 Unauthorized" (non-Status body), "failed to bootstrap cluster data: not authorized" (server)
    re: /(?:failed to retrieve configuration from server|failed to bootstrap cluster data|\/v1-k3s\/[\w.-]+|client certificate from \S+): (?:not authorized|401 Unauthorized)/,
    message: (role) =>
      `k3s ${role}: the server refused the join token (not authorized); the token does not belong to this cluster`,
  },
  {
    kind: 'ca-hash-mismatch',
    // token.go validateCAHash: "token CA hash does not match the Cluster CA certificate hash: <a> != <b>"
    re: /token CA hash does not match the Cluster CA certificate hash/,
    message: (role) =>
      `k3s ${role}: the server's CA does not match the CA hash in the join token (token CA hash does not match); ` +
      'the server URL leads to another cluster or the cluster CA changed',
  },
];

/** Lines a server logs about other nodes' requests; never this node's own failure. */
const FOREIGN =
  /Sending HTTP\/[\d.]+ \d+ response to|Failed to authenticate request from|Node password validation failed for/;

/** The most recent registration failure in `lines` (newest last), or null. */
export function findRegistrationFailure(lines: readonly string[], role: K3sCommand): RegistrationFailure | null {
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] ?? '';
    if (FOREIGN.test(line)) continue;
    const rule = RULES.find((r) => r.re.test(line));
    if (rule) return { kind: rule.kind, message: rule.message(role), line };
  }
  return null;
}
