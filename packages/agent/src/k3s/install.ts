/**
 * Making sure a k3s binary is there. Nothing is ever downloaded: either the
 * binary is at the configured path, or one is baked in elsewhere and the
 * official install script (baked into the image) is run with
 * INSTALL_K3S_SKIP_DOWNLOAD=true to set up the service around it.
 */
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { type ExecFn, K3S_DEFAULTS, type K3sLogger, defaultExec, noopLogger, rooted } from './deps.js';
import { BinaryMissingError, InstallError } from './errors.js';

export interface InstallOptions {
  /** Root prefix for the paths below (not for the command run). */
  root?: string;
  /** Where k3s is expected; default /usr/local/bin/k3s. */
  binaryPath?: string;
  /** Other places a baked-in binary may be; default /opt/bin/k3s, /usr/bin/k3s. */
  bakedBinaryPaths?: readonly string[];
  /** The official install script, baked into the image. */
  installScriptPath?: string;
  /** `k3sVersion` of the assignment (INSTALL_K3S_VERSION); '' leaves it unset. */
  version?: string;
  /** `server` or `agent` plus flags (INSTALL_K3S_EXEC). */
  installExec: string;
  /**
   * The install script needs systemd or openrc. Without one, a baked binary is
   * used directly instead of running the script.
   */
  initSystem?: 'systemd' | 'zinit' | 'none';
  exec?: ExecFn;
  logger?: K3sLogger;
}

export type InstallResult =
  | { action: 'present'; binaryPath: string }
  | { action: 'install-script'; binaryPath: string; env: Record<string, string> }
  | { action: 'baked'; binaryPath: string };

async function isExecutable(file: string): Promise<boolean> {
  try {
    const st = await fs.stat(file);
    if (!st.isFile()) return false;
    await fs.access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The environment the install script gets (pure; exported for tests and docs). */
export function installScriptEnv(opts: {
  version?: string;
  installExec: string;
  binDir: string;
  skipDownload: boolean;
}): Record<string, string> {
  const env: Record<string, string> = {
    INSTALL_K3S_SKIP_START: 'true',
    INSTALL_K3S_EXEC: opts.installExec,
    INSTALL_K3S_BIN_DIR: opts.binDir,
  };
  if (opts.skipDownload) env['INSTALL_K3S_SKIP_DOWNLOAD'] = 'true';
  if (opts.version !== undefined && opts.version !== '') env['INSTALL_K3S_VERSION'] = opts.version;
  return env;
}

/** Returns the k3s binary path to run (a host path, root applied). */
export async function ensureK3sInstalled(opts: InstallOptions): Promise<InstallResult> {
  const root = opts.root ?? '/';
  const exec = opts.exec ?? defaultExec;
  const log = opts.logger ?? noopLogger;
  const binaryPath = rooted(root, opts.binaryPath ?? K3S_DEFAULTS.binaryPath);
  if (await isExecutable(binaryPath)) return { action: 'present', binaryPath };

  let baked: string | null = null;
  for (const p of opts.bakedBinaryPaths ?? ['/opt/bin/k3s', '/usr/bin/k3s']) {
    const candidate = rooted(root, p);
    if (await isExecutable(candidate)) {
      baked = candidate;
      break;
    }
  }
  if (baked === null) {
    throw new BinaryMissingError(
      `no k3s binary at ${binaryPath} or in a baked-in location; k3sgrid never downloads k3s — bake it into the image`,
    );
  }
  if (opts.initSystem !== 'systemd') {
    log.info({ binary: baked }, 'using baked-in k3s binary directly (no systemd for the install script)');
    return { action: 'baked', binaryPath: baked };
  }
  const script = rooted(root, opts.installScriptPath ?? K3S_DEFAULTS.installScriptPath);
  try {
    await fs.access(script, constants.R_OK);
  } catch {
    throw new BinaryMissingError(`no k3s binary at ${binaryPath} and no install script at ${script}`);
  }
  const env = installScriptEnv({
    installExec: opts.installExec,
    binDir: path.dirname(baked),
    skipDownload: true,
    ...(opts.version !== undefined ? { version: opts.version } : {}),
  });
  log.info({ script, env: { ...env } }, 'running the k3s install script (no download)');
  const r = await exec('sh', [script], { env });
  if (r.exitCode !== 0) {
    throw new InstallError(`k3s install script failed (exit ${r.exitCode}): ${lastLines(r.stderr || r.stdout, 10)}`);
  }
  return { action: 'install-script', binaryPath: baked, env };
}

export function lastLines(text: string, n: number): string {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .slice(-n)
    .join('\n');
}
