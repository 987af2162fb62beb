/**
 * What the formation controllers share: the fenced store their decisions go
 * through, the unfenced one for facts agents report, keys, clocks and the
 * way to reach a node's session.
 */
import type { Logger } from 'pino';
import type { KeyPair, OutBody } from '@k3sgrid/proto';
import type { Audit } from '../audit.js';
import type { Metrics } from '../metrics.js';
import type { SecretBox } from '../secrets.js';
import type { NodeRow, Store } from '../store/types.js';
import type { KubeObserver } from './kube-observer.js';

export interface ControllerDeps {
  /** Decisions: fenced by the formation lease (a deposed leader's writes are refused). */
  store: Store;
  /** Facts agents report, written by whichever replica hears them. */
  observations: Store;
  secrets: SecretBox;
  audit: Audit;
  signing: KeyPair;
  box: KeyPair;
  clock: () => number;
  log: Logger;
  metrics: Metrics;
  kube: KubeObserver;
  /** Sends to the node's session on this or another replica; false if it has none. */
  send: (node: NodeRow, body: OutBody) => boolean;
  isConnected: (node: NodeRow) => boolean;
  /** Asks for another pass soon. */
  trigger: () => void;
}
