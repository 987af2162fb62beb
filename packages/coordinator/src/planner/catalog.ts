/**
 * The versioned catalog of storage and CNI options and what each needs from a
 * node. Bump {@link CATALOG_VERSION} whenever a rule or a pinned version
 * changes, so a stored plan says which rules produced it.
 */
import type { ModuleStateName } from '@k3sgrid/proto';

/** Version of the rules and pinned charts below. */
export const CATALOG_VERSION = '2026.1';

export const STORAGE_OPTIONS = ['local-path', 'longhorn', 'rook-ceph', 'nfs'] as const;
export type StorageOption = (typeof STORAGE_OPTIONS)[number];

export const CNI_OPTIONS = ['flannel-vxlan', 'flannel-wireguard', 'calico'] as const;
export type CniOption = (typeof CNI_OPTIONS)[number];

/** Storage options `auto` may pick, most capable first (nfs only when asked: it needs a server). */
export const STORAGE_AUTO_ORDER: readonly StorageOption[] = ['rook-ceph', 'longhorn', 'local-path'];

/** Module states that count as usable; config-* ones carry a warning. */
export const USABLE_STATES: ReadonlySet<ModuleStateName> = new Set([
  'loaded',
  'builtin',
  'loadable',
  'config-module',
  'config-builtin',
]);

/** A kernel module requirement. */
export interface ModuleRequirement {
  readonly module: string;
  /** Kernel config symbol, for the operator's benefit. */
  readonly configSymbol: string;
  /** What it is for, e.g. 'for IPIP encapsulation'. */
  readonly purpose?: string;
}

/** A userland tool requirement and the package that provides it. */
export interface ToolRequirement {
  readonly tool: string;
  readonly pkg: string;
}

export const MOD = {
  rbd: { module: 'rbd', configSymbol: 'BLK_DEV_RBD' },
  ceph: { module: 'ceph', configSymbol: 'CEPH_FS', purpose: 'for CephFS' },
  iscsi_tcp: { module: 'iscsi_tcp', configSymbol: 'ISCSI_TCP' },
  nfs: { module: 'nfs', configSymbol: 'NFS_FS' },
  nfsv4: { module: 'nfsv4', configSymbol: 'NFS_V4', purpose: 'for RWX volumes' },
  vxlan: { module: 'vxlan', configSymbol: 'VXLAN' },
  wireguard: { module: 'wireguard', configSymbol: 'WIREGUARD' },
  ip_set: { module: 'ip_set', configSymbol: 'IP_SET' },
  xt_set: { module: 'xt_set', configSymbol: 'NETFILTER_XT_SET' },
  nf_conntrack_netlink: { module: 'nf_conntrack_netlink', configSymbol: 'NF_CT_NETLINK' },
  ip_tables: { module: 'ip_tables', configSymbol: 'IP_NF_IPTABLES' },
  ip6_tables: { module: 'ip6_tables', configSymbol: 'IP6_NF_IPTABLES' },
  ipt_REJECT: { module: 'ipt_REJECT', configSymbol: 'IP_NF_TARGET_REJECT' },
  ipt_rpfilter: { module: 'ipt_rpfilter', configSymbol: 'IP_NF_MATCH_RPFILTER' },
  ipip: { module: 'ipip', configSymbol: 'NET_IPIP', purpose: 'for the default IPIP encapsulation' },
} as const satisfies Record<string, ModuleRequirement>;

export const TOOL = {
  iscsiadm: { tool: 'iscsiadm', pkg: 'open-iscsi' },
  mountNfs: { tool: 'mount.nfs', pkg: 'nfs-common / nfs-utils' },
} as const satisfies Record<string, ToolRequirement>;

/** Kernel modules Calico needs on every node (ipip added for its default encapsulation). */
export const CALICO_MODULES: readonly ModuleRequirement[] = [
  MOD.ip_set,
  MOD.xt_set,
  MOD.nf_conntrack_netlink,
  MOD.ip_tables,
  MOD.ip6_tables,
  MOD.ipt_REJECT,
  MOD.ipt_rpfilter,
  MOD.ipip,
];

/** Rook-Ceph wants at least this many storage nodes with rbd and an unused disk. */
export const ROOK_MIN_NODES = 3;

/** CephFS quotas are enforced by the kernel client from this release on. */
export const CEPHFS_QUOTA_KERNEL: readonly [number, number] = [4, 17];

/** Pinned Helm charts (HelmChart manifests for k3s's helm controller). */
export const CHARTS = {
  longhorn: { repo: 'https://charts.longhorn.io', chart: 'longhorn', version: '1.9.1', namespace: 'longhorn-system' },
  rookOperator: {
    repo: 'https://charts.rook.io/release',
    chart: 'rook-ceph',
    version: 'v1.17.7',
    namespace: 'rook-ceph',
  },
  rookCluster: {
    repo: 'https://charts.rook.io/release',
    chart: 'rook-ceph-cluster',
    version: 'v1.17.7',
    namespace: 'rook-ceph',
  },
  nfs: {
    repo: 'https://kubernetes-sigs.github.io/nfs-subdir-external-provisioner/',
    chart: 'nfs-subdir-external-provisioner',
    version: '4.0.18',
    namespace: 'nfs-provisioner',
  },
  tigeraOperator: {
    repo: 'https://docs.tigera.io/calico/charts',
    chart: 'tigera-operator',
    version: 'v3.30.3',
    namespace: 'tigera-operator',
  },
} as const;

/** Node label prefix for capability labels. */
export const LABEL_PREFIX = 'k3sgrid.io/';
