/**
 * HAProxy configuration for the registration address (pure; no I/O).
 *
 * TCP mode over every server's 6443: k3s joiners and kubectl speak TLS end to
 * end with the servers, so HAProxy never terminates TLS and needs no
 * certificate. The process runs in the foreground (`-W -db`) under the agent's
 * supervisor, so the global section has no `daemon`, `user`, `group` or
 * `chroot` (which would need root and a prepared chroot folder).
 */
import type { LbSpec } from '@k3sgrid/proto';
import { LbSpecError } from './errors.js';

/** A parsed `host:port`. `host` is bare (no brackets) and may be '' for "all addresses". */
export interface HostPort {
  host: string;
  port: number;
  family: 'ipv4' | 'ipv6' | 'name' | 'any';
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9A-Fa-f:.]+$/;
const DNS_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;

/**
 * Parses `host:port`, `[v6]:port` or `:port` (all addresses). Strict on
 * purpose: the value comes over the wire and is written into a config file,
 * so anything but an address (spaces, newlines, `#`) is refused.
 * @throws LbSpecError
 */
export function parseHostPort(value: string, what: string): HostPort {
  if (!/^[A-Za-z0-9.:[\]-]*$/.test(value))
    throw new LbSpecError(`${what} ${JSON.stringify(value)} has characters that are not allowed`);
  let host: string;
  let portText: string;
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    if (end < 0 || value[end + 1] !== ':') throw new LbSpecError(`${what} "${value}" is not [ipv6]:port`);
    host = value.slice(1, end);
    portText = value.slice(end + 2);
    if (!IPV6.test(host) || !host.includes(':'))
      throw new LbSpecError(`${what} "${value}" has an invalid IPv6 address`);
  } else {
    const i = value.lastIndexOf(':');
    if (i < 0) throw new LbSpecError(`${what} "${value}" has no port (want host:port)`);
    host = value.slice(0, i);
    portText = value.slice(i + 1);
    if (host.includes(':')) throw new LbSpecError(`${what} "${value}": write IPv6 addresses as [addr]:port`);
  }
  if (!/^\d{1,5}$/.test(portText)) throw new LbSpecError(`${what} "${value}" has an invalid port`);
  const port = Number(portText);
  if (port < 1 || port > 65535) throw new LbSpecError(`${what} "${value}" has a port out of range`);
  if (host === '') return { host, port, family: 'any' };
  if (host.includes(':')) return { host, port, family: 'ipv6' };
  if (IPV4.test(host)) return { host, port, family: 'ipv4' };
  if (/^[\d.]+$/.test(host)) throw new LbSpecError(`${what} "${value}" has an invalid IPv4 address`);
  if (DNS_NAME.test(host)) return { host, port, family: 'name' };
  throw new LbSpecError(`${what} "${value}" has an invalid host`);
}

/** `host:port` as HAProxy wants it (`[v6]:port`, `:port` for all addresses). */
export function formatHostPort(hp: HostPort): string {
  return hp.family === 'ipv6' ? `[${hp.host}]:${hp.port}` : `${hp.host}:${hp.port}`;
}

export interface RenderHaproxyOptions {
  /** Pid file of the HAProxy master (host path, under the root prefix). */
  pidFile: string;
  /** Log connections to stdout (the supervisor keeps the tail); default true. */
  logStdout?: boolean;
  /** Global connection limit; default 4096. */
  maxconn?: number;
  /** Health check interval; default 2 s. */
  checkIntervalMs?: number;
}

/** Stable server name for a backend address (`s_127_0_0_1_6443`). */
export function backendServerName(hp: HostPort): string {
  return `s_${hp.host.replace(/[^A-Za-z0-9]/g, '_')}_${hp.port}`;
}

function serverLines(servers: [string, HostPort][]): string[] {
  const used = new Set<string>();
  return servers.map(([addr, hp]) => {
    const base = backendServerName(hp);
    let name = base;
    for (let i = 2; used.has(name); i++) name = `${base}_${i}`; // 'a-b' and 'a_b' map to one name
    used.add(name);
    return `    server ${name} ${addr} check`;
  });
}

/**
 * Renders haproxy.cfg for `lb`. Backends are de-duplicated and sorted, so the
 * same server set always renders the same bytes (a re-sent assignment with a
 * different order is then a no-op, not a restart).
 * @throws LbSpecError on a malformed bind or backend address.
 */
export function renderHaproxyConfig(lb: LbSpec, opts: RenderHaproxyOptions): string {
  const bind = parseHostPort(lb.bind, 'lb bind address');
  if (/[\s#'"\\]/.test(opts.pidFile))
    throw new LbSpecError(`pid file path "${opts.pidFile}" has characters HAProxy cannot take`);
  const backends = new Map<string, HostPort>();
  for (const b of lb.backends) {
    const hp = parseHostPort(b, 'lb backend');
    if (hp.family === 'any') throw new LbSpecError(`lb backend "${b}" has no host`);
    backends.set(formatHostPort(hp), hp);
  }
  const servers = [...backends.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const inter = Math.max(100, Math.round(opts.checkIntervalMs ?? 2000));
  const log = opts.logStdout ?? true;
  const lines = [
    '# Written by k3sgrid-agent: the registration load balancer over the k3s servers.',
    '# Rewritten on every assignment; local changes are lost.',
    'global',
    `    pidfile ${opts.pidFile}`,
    `    maxconn ${opts.maxconn ?? 4096}`,
    ...(log ? ['    log stdout format raw local0 info'] : []),
    '',
    'defaults',
    '    mode tcp',
    ...(log ? ['    log global', '    option tcplog', '    option dontlognull'] : []),
    // A connect that fails before the health check notices goes to another server.
    '    retries 3',
    '    option redispatch',
    '    timeout connect 5s',
    // kubectl watches and k3s agent tunnels are long-lived connections.
    '    timeout client 1h',
    '    timeout server 1h',
    '    timeout check 3s',
    '',
    'frontend k3s-registration',
    `    bind ${formatHostPort(bind)}`,
    '    default_backend k3s-servers',
    '',
    'backend k3s-servers',
    '    balance roundrobin',
    // TCP connect checks; a server marked down has its sessions cut so clients reconnect elsewhere.
    `    default-server inter ${inter}ms fall 2 rise 1 on-marked-down shutdown-sessions`,
    ...serverLines(servers),
    '',
  ];
  return lines.join('\n');
}
