/**
 * Node-signed requests (release downloads): `Authorization: K3G-Node
 * <nodeId>.<unixMs>.<signature>`, an ed25519 signature with the node's
 * enrolled key over {@link downloadTranscript} (the coordinator pin, the node
 * id, the requested blob and the time). TLS is pinned by the agent, so the
 * header is never seen by a third party; the time bounds a replay of it to
 * the same blob for the same node within the skew.
 */
import { downloadTranscript, verify } from '@k3sgrid/proto';
import type { Clock } from '../limits.js';
import type { Store } from '../store/types.js';
import { NODE_AUTH_SKEW_MS, parseNodeAuth, type NodeVerifier } from './auth.js';

export function nodeSignatureVerifier(d: { store: Store; pin: string; clock: Clock }): NodeVerifier {
  return async (header, resource) => {
    const p = parseNodeAuth(header);
    if (!p || !/^[0-9a-f]{64}$/.test(resource)) return null;
    if (Math.abs(d.clock() - p.unixMs) > NODE_AUTH_SKEW_MS) return null;
    const node = await d.store.getNode(p.nodeId);
    if (!node || node.id !== p.nodeId || node.revokedAt !== null) return null;
    const ok = await verify(
      p.signature,
      downloadTranscript({ pin: d.pin, nodeId: node.id, sha256: resource, unixMs: p.unixMs }),
      node.signPub,
    );
    return ok ? node.id : null;
  };
}
