/**
 * Typed errors of the k3s layer. Every error carries a stable `code` string that
 * logs, status reports and tests can match on; the message is for humans.
 * `retryable` errors are about the node or the network, not the assignment:
 * the runner reports them as `failed` and tries the same assignment again
 * after a back-off, without waiting for a new one.
 */
import { AgentError } from '../agent-error.js';

export type K3sErrorCode =
  | 'k3s-config-invalid-key'
  | 'k3s-config-invalid'
  | 'k3s-unsupported-role'
  | 'k3s-manifest-name-invalid'
  | 'k3s-epoch-regression'
  | 'k3s-stale-generation'
  | 'k3s-binary-missing'
  | 'k3s-release-arch-mismatch'
  | 'k3s-release-unavailable'
  | 'k3s-release-unauthorized'
  | 'k3s-release-forbidden'
  | 'k3s-release-not-found'
  | 'k3s-release-bad-range'
  | 'k3s-release-truncated'
  | 'k3s-release-corrupt'
  | 'k3s-release-aborted'
  | 'k3s-disk-full'
  | 'k3s-node-prep-failed'
  | 'k3s-supervisor-failed'
  | 'k3s-not-ready'
  | 'k3s-cache-corrupt'
  | 'k3s-cache-decrypt-failed'
  | 'k3s-kubeconfig-invalid';

export class K3sError extends AgentError<K3sErrorCode> {
  /** The same assignment may succeed later (network, disk, host services); see the module comment. */
  readonly retryable: boolean;
  constructor(code: K3sErrorCode, message: string, options?: { cause?: unknown; retryable?: boolean }) {
    super(code, message, false, options?.cause !== undefined ? { cause: options.cause } : undefined);
    this.retryable = options?.retryable ?? false;
  }
}

/** A config key that is not a flag of the k3s command it is meant for. */
export class InvalidConfigKeyError extends K3sError {
  readonly key: string;
  readonly command: 'server' | 'agent';
  constructor(key: string, command: 'server' | 'agent') {
    super('k3s-config-invalid-key', `config key "${key}" is not a flag of "k3s ${command}"`);
    this.key = key;
    this.command = command;
  }
}

/** The assignment cannot be turned into a config (missing server URL, token, ...). */
export class InvalidConfigError extends K3sError {
  constructor(message: string) {
    super('k3s-config-invalid', message);
  }
}

export class UnsupportedRoleError extends K3sError {
  readonly role: string;
  constructor(role: string) {
    super('k3s-unsupported-role', `role "${role}" does not run k3s`);
    this.role = role;
  }
}

export class ManifestNameError extends K3sError {
  readonly manifest: string;
  constructor(name: string, why: string) {
    super('k3s-manifest-name-invalid', `manifest name "${name}" is invalid: ${why}`);
    this.manifest = name;
  }
}

/** An assignment with a lower fencing epoch than one already applied. */
export class EpochRegressionError extends K3sError {
  readonly applied: number;
  readonly offered: number;
  constructor(applied: number, offered: number) {
    super('k3s-epoch-regression', `refusing assignment with epoch ${offered}: epoch ${applied} is already applied`);
    this.applied = applied;
    this.offered = offered;
  }
}

/** An assignment with the applied epoch but a lower generation (a stale re-send). */
export class StaleGenerationError extends K3sError {
  readonly applied: number;
  readonly offered: number;
  constructor(applied: number, offered: number) {
    super(
      'k3s-stale-generation',
      `refusing assignment with generation ${offered}: generation ${applied} is already applied`,
    );
    this.applied = applied;
    this.offered = offered;
  }
}

export class BinaryMissingError extends K3sError {
  constructor(message: string) {
    super('k3s-binary-missing', message);
  }
}

/** Codes of the release download and install path. */
export type ReleaseErrorCode = Extract<K3sErrorCode, `k3s-release-${string}` | 'k3s-disk-full'>;

/**
 * Fetching or installing the k3s binary or air-gap images the assignment
 * names. Everything but an arch mismatch (the coordinator sent a release for
 * another machine) and an abort is retryable.
 */
export class ReleaseError extends K3sError {
  /** HTTP status from the coordinator, when there was one. */
  readonly status: number | null;
  constructor(code: ReleaseErrorCode, message: string, options?: { cause?: unknown; status?: number }) {
    super(code, message, {
      ...(options?.cause !== undefined ? { cause: options.cause } : {}),
      retryable: code !== 'k3s-release-arch-mismatch' && code !== 'k3s-release-aborted',
    });
    this.status = options?.status ?? null;
  }
}

/** A kernel module or host service the plan needs (spec.nodePrep) could not be had; retried. */
export class NodePrepError extends K3sError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('k3s-node-prep-failed', message, { ...options, retryable: true });
  }
}

export class SupervisorError extends K3sError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('k3s-supervisor-failed', message, options);
  }
}

export class NotReadyError extends K3sError {
  constructor(message: string) {
    super('k3s-not-ready', message);
  }
}

export class CacheCorruptError extends K3sError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('k3s-cache-corrupt', message, options);
  }
}

export class CacheDecryptError extends K3sError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('k3s-cache-decrypt-failed', message, options);
  }
}

export class KubeconfigError extends K3sError {
  constructor(message: string) {
    super('k3s-kubeconfig-invalid', message);
  }
}
