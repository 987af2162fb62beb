/**
 * What the lab needs from the machine (etcd, HAProxy, kubectl), and how to
 * get it: installed with apt-get when we are root on Debian, otherwise an
 * exact instruction.
 */
import { execFileSync, spawnSync } from 'node:child_process';

export interface Requirement {
  command: string;
  debianPackage: string;
  why: string;
}

export function which(cmd: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

export function labRequirements(registration: string, o: { privatePostgres?: boolean } = {}): Requirement[] {
  return [
    ...(o.privatePostgres
      ? [
          {
            command: 'pg_lsclusters',
            debianPackage: 'postgresql',
            why: '--datastore postgres starts a private PostgreSQL',
          },
        ]
      : []),
    { command: 'etcd', debianPackage: 'etcd-server', why: 'each k3s test-double server runs a real etcd member' },
    { command: 'kubectl', debianPackage: 'kubernetes-client', why: 'the lab lists the nodes with the real kubectl' },
    ...(registration === 'lb'
      ? [{ command: 'haproxy', debianPackage: 'haproxy', why: 'registration mode lb runs the real HAProxy' }]
      : []),
  ];
}

/** Installs what is missing when possible; returns a message for what is still missing. */
export function ensureRequirements(reqs: Requirement[], log: (s: string) => void): string | null {
  const missing = reqs.filter((r) => !which(r.command));
  if (missing.length === 0) return null;
  const pkgs = missing.map((r) => r.debianPackage);
  if (process.getuid?.() === 0 && which('apt-get')) {
    log(`installing ${pkgs.join(' ')} with apt-get ...`);
    try {
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore' });
      execFileSync('apt-get', ['install', '-y', '-qq', ...pkgs], {
        stdio: 'ignore',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    } catch {
      /* reported below */
    }
  }
  const still = reqs.filter((r) => !which(r.command));
  if (still.length === 0) return null;
  return `the lab needs: ${still.map((r) => `${r.command} (${r.why})`).join('; ')}.\ninstall with: sudo apt-get install -y ${still.map((r) => r.debianPackage).join(' ')}`;
}
