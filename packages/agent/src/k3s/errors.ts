/**
 * Typed errors of the k3s layer. Every error carries a stable `code` string that
 * logs, status reports and tests can match on; the message is for humans.
 */

export type K3sErrorCode =
  | 'K3S_CONFIG_INVALID_KEY'
  | 'K3S_CONFIG_INVALID'
  | 'K3S_UNSUPPORTED_ROLE'
  | 'K3S_MANIFEST_NAME_INVALID'
  | 'K3S_EPOCH_REGRESSION'
  | 'K3S_STALE_GENERATION'
  | 'K3S_BINARY_MISSING'
  | 'K3S_INSTALL_FAILED'
  | 'K3S_SUPERVISOR_FAILED'
  | 'K3S_NOT_READY'
  | 'K3S_CACHE_CORRUPT'
  | 'K3S_CACHE_DECRYPT_FAILED'
  | 'K3S_KUBECONFIG_INVALID';

export class K3sError extends Error {
  readonly code: K3sErrorCode;
  constructor(code: K3sErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
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

export class InstallError extends K3sError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('K3S_INSTALL_FAILED', message, options);
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
