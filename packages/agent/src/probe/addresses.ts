/**
 * Which of the machine's addresses the agent reports, and in what order. The
 * coordinator takes the first one as the node's k3s `node-ip`, so a guess
 * must never land on an address that is not the node's own: loopback,
 * link-local, or one that k3s or a CNI created (a re-enrolled node that ran
 * k3s before has cni0, flannel.1, cali*, … with 10.42.x.y on them).
 *
 * Pure functions; the live probe feeds them `os.networkInterfaces()` and the
 * kernel's routing table.
 */
import { isIP } from 'node:net';

/** One address of one interface (the shape of `os.networkInterfaces()` entries, plus the name). */
export interface InterfaceAddress {
  iface: string;
  address: string;
  family: 'IPv4' | 'IPv6';
  internal: boolean;
}

/** Interfaces that k3s, its CNIs or a container runtime create; never the node's own address. */
export const CNI_INTERFACE_PATTERNS: readonly RegExp[] = [
  /^cni0$/,
  /^flannel[.-]/, // flannel.1 (vxlan), flannel-wg (wireguard-native), flannel-v6.1
  /^cali/,
  /^vxlan\.calico$/,
  /^tunl0$/,
  /^cilium_/,
  /^kube-ipvs0$/,
  /^docker0$/,
  /^veth/,
];

/** k3s's default cluster-cidr and service-cidr. */
const K3S_DEFAULT_V4_PREFIXES = ['10.42.', '10.43.'];

function ipv4Octets(a: string): number[] {
  return a.split('.').map(Number);
}

/** Loopback, link-local (169.254/16, fe80::/10), unspecified, or inside k3s's default pod/service ranges. */
export function isExcludedAddress(address: string): boolean {
  const kind = isIP(address);
  if (kind === 4) {
    const [a, b] = ipv4Octets(address);
    if (a === 127 || a === 0) return true;
    if (a === 169 && b === 254) return true;
    return K3S_DEFAULT_V4_PREFIXES.some((p) => address.startsWith(p));
  }
  if (kind === 6) {
    const lower = address.toLowerCase().split('%')[0] ?? '';
    if (lower === '::1' || lower === '::') return true;
    return /^fe[89ab][0-9a-f]:/.test(lower); // fe80::/10
  }
  return true; // not an address at all
}

export function isCniInterface(iface: string): boolean {
  return CNI_INTERFACE_PATTERNS.some((re) => re.test(iface));
}

/**
 * Interfaces holding an IPv4 default route, from /proc/net/route text
 * (destination and mask both 00000000).
 */
export function defaultRouteInterfaces(procNetRoute: string): string[] {
  const out: string[] = [];
  for (const line of procNetRoute.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length >= 8 && cols[1] === '00000000' && cols[7] === '00000000' && cols[0] && !out.includes(cols[0]))
      out.push(cols[0]);
  }
  return out;
}

/**
 * The node's own addresses, best first: addresses of the interface with the
 * default route, then the rest; IPv4 before IPv6; then in text order, so the
 * report is stable across boots. Loopback, link-local, k3s/CNI interfaces and
 * k3s's default pod and service ranges are left out.
 */
export function addressesFromInterfaces(
  ifaces: readonly InterfaceAddress[],
  defaultIfaces: readonly string[] = [],
): string[] {
  const kept = new Map<string, { v4: boolean; preferred: boolean }>();
  for (const i of ifaces) {
    if (i.internal || isCniInterface(i.iface) || isExcludedAddress(i.address)) continue;
    const prev = kept.get(i.address);
    const preferred = defaultIfaces.includes(i.iface) || (prev?.preferred ?? false);
    kept.set(i.address, { v4: i.family === 'IPv4', preferred });
  }
  return [...kept.entries()]
    .sort(([a, x], [b, y]) => {
      if (x.preferred !== y.preferred) return x.preferred ? -1 : 1;
      if (x.v4 !== y.v4) return x.v4 ? -1 : 1;
      return a < b ? -1 : a > b ? 1 : 0;
    })
    .map(([a]) => a);
}

/**
 * The address list to report. An operator's `--node-ip` / K3SGRID_NODE_IP is
 * never second-guessed: it goes first whatever it is, and the probed ones
 * follow only as information.
 */
export function reportedAddresses(probed: readonly string[], nodeIp: string | undefined): string[] {
  if (nodeIp === undefined || nodeIp === '') return [...probed];
  return [nodeIp, ...probed.filter((a) => a !== nodeIp)];
}

/** `os.networkInterfaces()` flattened into {@link InterfaceAddress} entries. */
export function flattenInterfaces(
  table: Readonly<
    Record<string, readonly { address: string; family: string | number; internal: boolean }[] | undefined>
  >,
): InterfaceAddress[] {
  const out: InterfaceAddress[] = [];
  for (const [iface, list] of Object.entries(table)) {
    for (const a of list ?? []) {
      // Node 18.0–18.3 reported the family as a number.
      const family = a.family === 'IPv6' || a.family === 6 ? 'IPv6' : 'IPv4';
      out.push({ iface, address: a.address, family, internal: a.internal });
    }
  }
  return out;
}
