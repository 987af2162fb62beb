/**
 * Glue between the session and the k3s layer. Until the k3s runner is wired
 * (formation), assignments are accepted and cached only.
 */
import type { Logger } from 'pino';
import type { AgentSettings } from '../config.js';
import type { AgentSessionClient, SessionHandlers } from '../session/client.js';

export interface K3sIntegration {
  handlers: SessionHandlers;
  attach(client: AgentSessionClient): void;
  /** Restarts k3s from the cached assignment, if any (coordinator may be away). */
  resume(): Promise<void>;
  shutdown(): Promise<void>;
}

export function createK3sIntegration(_settings: AgentSettings, _log: Logger): Promise<K3sIntegration> {
  return Promise.resolve({
    handlers: {},
    attach() {},
    resume: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  });
}
