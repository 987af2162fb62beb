// The k3s release the double stands in for, and the strings k3s derives from it.
import { createHash } from 'node:crypto';

/**
 * Set by the release build (build.ts, esbuild `define`): the version the
 * double was built as. The development wrapper leaves it undefined and reads
 * K3S_DOUBLE_VERSION instead.
 */
declare const __K3S_DOUBLE_VERSION__: string | undefined;

export const DEFAULT_K3S_VERSION = 'v1.33.4+k3s1';

/** Compiled-in version (release build), else K3S_DOUBLE_VERSION, else v1.33.4+k3s1. */
export const K3S_VERSION: string =
  typeof __K3S_DOUBLE_VERSION__ === 'string'
    ? __K3S_DOUBLE_VERSION__
    : process.env.K3S_DOUBLE_VERSION || DEFAULT_K3S_VERSION;

/** The Go release k3s v1.33.4+k3s1 was built with (research §4). */
export const GO_VERSION = 'go1.24.5';

/**
 * k3s prints the first 8 hex digits of its git commit. The double has no k3s
 * commit, so it derives a stable stand-in from the version:
 * sha256("k3s-double " + version), 40 hex digits (8 for `--version`).
 */
export function gitCommit(version: string = K3S_VERSION): string {
  return createHash('sha256').update(`k3s-double ${version}`).digest('hex').slice(0, 40);
}

/** `k3s --version` (pkg/cli/cmds/root.go NewApp: VersionPrinter). */
export function versionText(appName: string, version: string = K3S_VERSION): string {
  return `${appName} version ${version} (${gitCommit(version).slice(0, 8)})\ngo version ${GO_VERSION}\n`;
}

/** What `k3s server` logs first: "Starting k3s v1.33.4+k3s1 (abcdef12)". */
export const appVersion = (version: string = K3S_VERSION): string => `${version} (${gitCommit(version).slice(0, 8)})`;
