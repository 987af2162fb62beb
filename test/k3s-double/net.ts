// Node addresses as k3s chooses them.
import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import type { Flags } from './flags.js';

export interface Route {
  iface: string;
  metric: number;
}

/** Default routes (destination 0.0.0.0/0) from the text of /proc/net/route, lowest metric first. */
export function defaultRoutes(procNetRoute: string): Route[] {
  const out: Route[] = [];
  for (const line of procNetRoute.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    // Iface Destination Gateway Flags RefCnt Use Metric Mask ...
    if (f.length < 8 || f[1] !== '00000000' || f[7] !== '00000000') continue;
    out.push({ iface: f[0]!, metric: Number.parseInt(f[6] ?? '0', 10) });
  }
  return out.sort((a, b) => a.metric - b.metric);
}

type Ifaces = ReturnType<typeof networkInterfaces>;

/**
 * apimachinery's ChooseHostInterface, IPv4 only: the first global unicast
 * IPv4 address of the interface of a default route. k3s uses it for the node
 * IP when --node-ip is not set (util.GetHostnameAndIPs) and kube-apiserver for
 * its advertise address when none is given (ResolveBindAddress).
 */
export function chooseHostIP(procNetRoute: string, ifaces: Ifaces): string {
  const routes = defaultRoutes(procNetRoute);
  if (routes.length === 0) throw new Error('no default routes found in "/proc/net/route" or "/proc/net/ipv6_route"');
  for (const r of routes) {
    const a = (ifaces[r.iface] ?? []).find(
      (x) => x.family === 'IPv4' && !x.internal && !x.address.startsWith('169.254.'),
    );
    if (a) return a.address;
  }
  throw new Error('unable to select an IP from default routes.');
}

export function hostIP(): string {
  let text = '';
  try {
    text = readFileSync('/proc/net/route', 'utf8');
  } catch {
    // no /proc: no routes
  }
  return chooseHostIP(text, networkInterfaces());
}

const ipsOf = (flags: Flags, name: string): string[] =>
  flags
    .list(name)
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);

/** --node-ip given (first of the list), else undefined. */
export const flagNodeIP = (flags: Flags): string | undefined => ipsOf(flags, 'node-ip')[0];

/**
 * The apiserver advertise address (pkg/cli/server/server.go run @e7dd3b7e):
 * --advertise-address, else the first --node-external-ip, else the first
 * --node-ip, else kube-apiserver's own choice: the default-route address.
 */
export function advertiseAddress(flags: Flags, defaultIP: () => string = hostIP): string {
  return (
    flags.str('advertise-address') || ipsOf(flags, 'node-external-ip')[0] || ipsOf(flags, 'node-ip')[0] || defaultIP()
  );
}

/** --advertise-port, else the https port (defaults(): AdvertisePort = HTTPSPort). */
export function advertisePort(flags: Flags): number {
  const p = Number(flags.str('advertise-port') ?? '0');
  return p > 0 ? p : Number(flags.str('https-listen-port') ?? '6443');
}
