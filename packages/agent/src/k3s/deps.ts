/**
 * Injected dependencies of the k3s layer: path rooting, one-shot command
 * execution, clock and logger. Defaults talk to the real system.
 */
import path from 'node:path';
import { execa } from 'execa';

/** Result of a one-shot command. Non-zero exit codes are returned, not thrown. */
export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface ExecOptions {
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** Runs a command to completion. Must not throw on a non-zero exit code. */
export type ExecFn = (file: string, args: readonly string[], options?: ExecOptions) => Promise<ExecResult>;

export const defaultExec: ExecFn = async (file, args, options) => {
  const r = await execa(file, [...args], {
    reject: false,
    stdin: 'ignore',
    ...(options?.env ? { env: options.env, extendEnv: true } : {}),
    ...(options?.timeoutMs ? { timeout: options.timeoutMs } : {}),
  });
  const code = typeof r.exitCode === 'number' ? r.exitCode : r.failed ? 1 : 0;
  return { exitCode: code, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
};

/** Minimal logger; a pino logger satisfies it. */
export interface K3sLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const noopLogger: K3sLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Prefixes an absolute path with a root (`/` leaves it unchanged). */
export function rooted(root: string, absPath: string): string {
  if (!path.isAbsolute(absPath)) throw new Error(`path must be absolute: ${absPath}`);
  if (root === '' || root === '/') return absPath;
  return path.join(root, absPath);
}

/** Default locations (as k3s and its install script use them). */
export const K3S_DEFAULTS = {
  binaryPath: '/usr/local/bin/k3s',
  configPath: '/etc/rancher/k3s/config.yaml',
  kubeconfigPath: '/etc/rancher/k3s/k3s.yaml',
  nodePasswordPath: '/etc/rancher/node/password',
  dataDir: '/var/lib/rancher/k3s',
  systemdDir: '/etc/systemd/system',
  zinitDir: '/etc/zinit',
} as const;
