/**
 * A test host in its own network namespace, joined to this host by a veth
 * pair (`ip netns`, root only). Cutting the link is a real partition: no
 * FIN, no RST, packets just stop.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

export interface NetnsHost {
  name: string;
  hostIp: string;
  nodeIp: string;
  hostIf: string;
  /** Runs a command inside the namespace (argv for `ip netns exec`). */
  execArgs(cmd: string[]): string[];
  cut(): void;
  heal(): void;
  destroy(): void;
}

const ip = (...args: string[]): string => execFileSync('ip', args, { encoding: 'utf8' });

/** Creates a namespace with a /30 link to this host: host side .1, node side .2 of 10.250.<n>.0. */
export function createNetnsHost(): NetnsHost {
  const id = randomBytes(2).toString('hex');
  const n = parseInt(id, 16) % 250;
  const name = `k3sg-${id}`;
  const hostIf = `k3h${id}`;
  const nodeIf = `k3n${id}`;
  const hostIp = `10.250.${n}.1`;
  const nodeIp = `10.250.${n}.2`;
  ip('netns', 'add', name);
  try {
    ip('link', 'add', hostIf, 'type', 'veth', 'peer', 'name', nodeIf);
    ip('link', 'set', nodeIf, 'netns', name);
    ip('addr', 'add', `${hostIp}/30`, 'dev', hostIf);
    ip('link', 'set', hostIf, 'up');
    ip('netns', 'exec', name, 'ip', 'addr', 'add', `${nodeIp}/30`, 'dev', nodeIf);
    ip('netns', 'exec', name, 'ip', 'link', 'set', nodeIf, 'up');
    ip('netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up');
  } catch (err) {
    ip('netns', 'del', name);
    throw err;
  }
  return {
    name,
    hostIp,
    nodeIp,
    hostIf,
    execArgs: (cmd) => ['netns', 'exec', name, ...cmd],
    cut: () => void ip('link', 'set', hostIf, 'down'),
    heal: () => void ip('link', 'set', hostIf, 'up'),
    destroy: () => {
      try {
        ip('link', 'del', hostIf);
      } catch {
        /* already gone with the namespace */
      }
      try {
        ip('netns', 'del', name);
      } catch {
        /* already gone */
      }
    },
  };
}
