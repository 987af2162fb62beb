/**
 * Typed errors of the k3s layer. Every error carries a stable `code` string that
 * logs, status reports and tests can match on; the message is for humans.
 * `retryable` errors are about the node or the network, not the assignment:
 * the runner reports them as `failed` and tries the same assignment again
 * after a back-off, without waiting for a new one.
 */

export type K3sErrorCode =
  | 'K3S_CONFIG_INVALID_KEY'
  | 'K3S_CONFIG_INVALID'
  | 'K3S_UNSUPPORTED_ROLE'
  | 'K3S_MANIFEST_NAME_INVALID'
  | 'K3S_EPOCH_REGRESSION'
  | 'K3S_STALE_GENERATION'
  | 'K3S_BINARY_MISSING'
  | 'K3S_RELEASE_ARCH_MISMATCH'
  | 'K3S_RELEASE_UNAVAILABLE'
  | 'K3S_RELEASE_UNAUTHORIZED'
  | 'K3S_RELEASE_FORBIDDEN'
  | 'K3S_RELEASE_NOT_FOUND'
  | 'K3S_RELEASE_BAD_RANGE'
  | 'K3S_RELEASE_TRUNCATED'
  | 'K3S_RELEASE_CORRUPT'
  | 'K3S_RELEASE_ABORTED'
  | 'K3S_DISK_FULL'
  | 'K3S_NODE_PREP_FAILED'
  | 'K3S_SUPERVISOR_FAILED'
  | 'K3S_NOT_READY'
  | 'K3S_CACHE_CORRUPT'
  | 'K3S_CACHE_DECRYPT_FAILED'
  | 'K3S_KUBECONFIG_INVALID';

export class K3sError extends Error {
  readonly code: K3sErrorCode;
  /** The same assignment may succeed later (network, disk, host services); see the module comment. */
  readonly retryable: boolean;
  constructor(code: K3sErrorCode, message: string, options?: { cause?: unknown; retryable?: boolean }) {
    super(message, options?.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = new.target.name;
    this.code = code;
    this.retryable = options?.retryable ?? false;
  }
}

/** A config key that is not a flag of the k3s command it is meant for. */
export class InvalidConfigKeyError extends K3sError {
  readonly key: string;
  readonly command: 'server' | 'agent';
  constructor(key: string, command: 'server' | 'agent') {
    super('K3S_CONFIG_INVALID_KEY', `config key "${key}" is not a flag of "k3s ${command}"`);
    this.key = key;
    this.command = command;
  }
}

/** The assignment cannot be turned into a config (missing server URL, token, ...). */
export class InvalidConfigError extends K3sError {
  constructor(message: string) {
    super('K3S_CONFIG_INVALID', message);
  }
}

export class UnsupportedRoleError extends K3sError {
  readonly role: string;
  constructor(role: string) {
    super('K3S_UNSUPPORTED_ROLE', `role "${role}" does not run k3s`);
    this.role = role;
  }
}

export class ManifestNameError extends K3sError {
  readonly manifest: string;
  constructor(name: string, why: string) {
    super('K3S_MANIFEST_NAME_INVALID', `manifest name "${name}" is invalid: ${why}`);
    this.manifest = name;
  }
}

/** An assignment with a lower fencing epoch than one already applied. */
export class EpochRegressionError extends K3sError {
  readonly applied: number;
  readonly offered: number;
  constructor(applied: number, offered: number) {
    super('K3S_EPOCH_REGRESSION', `refusing assignment with epoch ${offered}: epoch ${applied} is already applied`);
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
      'K3S_STALE_GENERATION',
      `refusing assignment with generation ${offered}: generation ${applied} is already applied`,
    );
    this.applied = applied;
    this.offered = offered;
  }
}

export class BinaryMissingError extends K3sError {
  constructor(message: string) {
    super('K3S_BINARY_MISSING', message);
  }
}

/** Codes of the release download and install path. */
export type ReleaseErrorCode = Extract<K3sErrorCode, `K3S_RELEASE_${string}` | 'K3S_DISK_FULL'>;

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
      retryable: code !== 'K3S_RELEASE_ARCH_MISMATCH' && code !== 'K3S_RELEASE_ABORTED',
    });
    this.status = options?.status ?? null;
  }
}

/** A kernel module or host service the plan needs (spec.nodePrep) could not be had; retried. */
export class NodePrepError extends K3sError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('K3S_NODE_PREP_FAILED', message, { ...options, retryable: true });
  }
}

export class SupervisorError extends K3sError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('K3S_SUPERVISOR_FAILED', message, options);
  }
}

export class NotReadyError extends K3sError {
  constructor(message: string) {
    super('K3S_NOT_READY', message);
  }
}

export class CacheCorruptError extends K3sError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('K3S_CACHE_CORRUPT', message, options);
  }
}

export class CacheDecryptError extends K3sError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('K3S_CACHE_DECRYPT_FAILED', message, options);
  }
}

export class KubeconfigError extends K3sError {
  constructor(message: string) {
    super('K3S_KUBECONFIG_INVALID', message);
  }
}
