/** Picks and builds the supervisor back-end for a node's init system. */
import type { ExecFn, K3sLogger } from './deps.js';
import type { Supervisor, SupervisorKind } from './supervisor.js';
import { BuiltinSupervisor, type BuiltinSupervisorOptions } from './supervisor-builtin.js';
import { SystemdSupervisor, type SystemdSupervisorOptions } from './supervisor-systemd.js';
import { ZinitSupervisor, type ZinitSupervisorOptions } from './supervisor-zinit.js';

export interface CreateSupervisorOptions {
  root?: string;
  exec?: ExecFn;
  logger?: K3sLogger;
  systemd?: Omit<SystemdSupervisorOptions, 'root' | 'exec' | 'logger'>;
  zinit?: Omit<ZinitSupervisorOptions, 'root' | 'exec' | 'logger'>;
  builtin?: BuiltinSupervisorOptions;
}

export function createSupervisor(kind: SupervisorKind, opts: CreateSupervisorOptions = {}): Supervisor {
  const common = {
    ...(opts.root !== undefined ? { root: opts.root } : {}),
    ...(opts.exec !== undefined ? { exec: opts.exec } : {}),
    ...(opts.logger !== undefined ? { logger: opts.logger } : {}),
  };
  switch (kind) {
    case 'systemd':
      return new SystemdSupervisor({ ...opts.systemd, ...common });
    case 'zinit':
      return new ZinitSupervisor({ ...opts.zinit, ...common });
    case 'builtin':
      return new BuiltinSupervisor({ ...(opts.logger ? { logger: opts.logger } : {}), ...opts.builtin });
  }
}
