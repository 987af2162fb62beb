/**
 * Pinning the coordinator before anything is sent. Like kubeadm's discovery,
 * the agent opens a TLS connection without trusting anything, takes the
 * certificate chain the server presents, finds the CA whose public-key hash
 * equals the pin from the join token, and checks that the server certificate
 * was signed by it. Only the ClientHello has been sent at that point. Later
 * connections trust exactly that CA.
 */
import { X509Certificate } from 'node:crypto';
import { connect, type PeerCertificate, type DetailedPeerCertificate } from 'node:tls';
import { pinOfCertificate } from '@k3sgrid/proto';
import { AgentError } from '../errors.js';

/**
 * TLS options that trust exactly the pinned coordinator CA. Names are not
 * what is pinned (a coordinator is reached by IP, several names, replicas),
 * so the server certificate's name is not checked; its chain to the CA is.
 * The WebSocket session and release downloads both use these.
 */
export function pinnedTlsOptions(caPem: string): { ca: string; checkServerIdentity: () => undefined } {
  return { ca: caPem, checkServerIdentity: () => undefined };
}

/** Fetches the coordinator's CA over TLS and checks it against the pin; resolves its PEM. */
export function fetchPinnedCa(url: URL, pin: string, timeoutMs = 10_000): Promise<string> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || 443);
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, rejectUnauthorized: false, ...(isIpLike(host) ? {} : { servername: host }) });
    const timer = setTimeout(() => socket.destroy(new Error('TLS handshake timed out')), timeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      try {
        const chain = collectChain(socket.getPeerCertificate(true));
        socket.end();
        const leaf = chain[0];
        const ca = chain.find((c) => pinOfCertificate(c.raw) === pin);
        if (!leaf || !ca) {
          reject(
            new AgentError(
              'pin-mismatch',
              `coordinator ${url.host} does not present a certificate matching the pin in the join token; refusing to talk to it`,
              true,
            ),
          );
          return;
        }
        if (leaf !== ca && !leaf.verify(ca.publicKey)) {
          reject(
            new AgentError(
              'pin-mismatch',
              `coordinator ${url.host} certificate is not signed by the pinned CA; refusing to talk to it`,
              true,
            ),
          );
          return;
        }
        resolve(ca.toString());
      } catch (err) {
        reject(
          new AgentError(
            'pin-mismatch',
            `cannot check the coordinator certificate: ${err instanceof Error ? err.message : String(err)}`,
            true,
          ),
        );
      }
    });
    socket.once('error', (err: Error) => {
      clearTimeout(timer);
      reject(new AgentError('coordinator-unreachable', `cannot reach coordinator ${url.host}: ${err.message}`, false));
    });
  });
}

function isIpLike(h: string): boolean {
  return /^[\d.]+$/.test(h) || h.includes(':');
}

function collectChain(peer: PeerCertificate | DetailedPeerCertificate): X509Certificate[] {
  const out: X509Certificate[] = [];
  let cur: DetailedPeerCertificate | undefined = peer as DetailedPeerCertificate;
  const seen = new Set<string>();
  while (cur?.raw && !seen.has(cur.fingerprint256)) {
    seen.add(cur.fingerprint256);
    out.push(new X509Certificate(cur.raw));
    cur = cur.issuerCertificate;
  }
  return out;
}
