/**
 * k3s's log lines for a refused join (research §1), as journald (`-o cat`)
 * and a TTY print them, and lines that must not count as this node's own.
 */
import { describe, expect, it } from 'vitest';
import { findRegistrationFailure } from '../src/k3s/index.js';

// Exact texts from research §1 (k3s @e7dd3b7e, v1.33).
const PASSWORD =
  'time="2026-12-03T10:00:00Z" level=info msg="Waiting to retrieve agent configuration; server is not ready: /var/lib/rancher/k3s/agent/serving-kubelet.crt: Node password rejected, duplicate hostname or contents of \'/etc/rancher/node/password\' may not match server node-passwd entry, try enabling a unique node name with the --with-node-id flag"';
const NOT_AUTHORIZED =
  'time="2026-12-03T10:00:07Z" level=info msg="Waiting to retrieve agent configuration; server is not ready: failed to retrieve configuration from server: not authorized"';
const NOT_AUTHORIZED_RAW =
  'time="2026-12-03T10:00:07Z" level=info msg="Waiting to retrieve agent configuration; server is not ready: failed to retrieve configuration from server: https://127.0.0.1:6444/v1-k3s/config: 401 Unauthorized"';
const CA_AGENT =
  'time="2026-12-03T10:00:02Z" level=error msg="Failed to validate connection to cluster at https://10.0.0.1:6443: token CA hash does not match the Cluster CA certificate hash: f086e3ab != 8e7d267d"';
const CA_SERVER =
  'level=fatal msg="Error: preparing server: failed to bootstrap cluster data: failed to check if bootstrap data has been initialized: failed to validate token: token CA hash does not match the Cluster CA certificate hash: aa != bb"';
const SERVER_401 = 'INFO[0000] Waiting... ERRO[0012] Sending HTTP/1.1 401 response to 10.0.0.2:54321: not authorized';
const JOIN_401 = 'level=fatal msg="Error: preparing server: failed to bootstrap cluster data: not authorized"';

describe('registration failures in the k3s log', () => {
  it('recognises the node password rejection', () => {
    expect(findRegistrationFailure(['starting', PASSWORD], 'agent')).toEqual({
      kind: 'node-password-rejected',
      message:
        'k3s agent: node password rejected by the server (another node with this name?); k3s keeps retrying, the node cannot join until the name or the password entry is fixed',
      line: PASSWORD,
    });
  });

  it('recognises a token the server does not accept, in both answer forms, and for joining servers', () => {
    expect(findRegistrationFailure([NOT_AUTHORIZED], 'agent')?.kind).toBe('token-not-authorized');
    expect(findRegistrationFailure([NOT_AUTHORIZED_RAW], 'agent')?.kind).toBe('token-not-authorized');
    expect(findRegistrationFailure([JOIN_401], 'server')?.message).toMatch(
      /^k3s server: the server refused the join token/,
    );
  });

  it('recognises a CA hash mismatch (agent and joining server)', () => {
    expect(findRegistrationFailure([CA_AGENT], 'agent')?.kind).toBe('ca-hash-mismatch');
    expect(findRegistrationFailure([CA_SERVER], 'server')?.kind).toBe('ca-hash-mismatch');
  });

  it("takes the newest line, and ignores a server logging other nodes' refused requests", () => {
    expect(findRegistrationFailure([PASSWORD, CA_AGENT], 'agent')?.kind).toBe('ca-hash-mismatch');
    expect(findRegistrationFailure([SERVER_401, 'level=info msg="k3s is up and running"'], 'server')).toBeNull();
    expect(
      findRegistrationFailure(
        [
          'level=error msg="Sending HTTP/1.1 403 response to 10.0.0.3:4411: unable to verify password for node w2: hash does not match"',
        ],
        'server',
      ),
    ).toBeNull();
    expect(findRegistrationFailure([], 'agent')).toBeNull();
  });
});
