/**
 * The kernel modules the planner cares about, with their kernel config symbol
 * and, for filesystems, the name they register in /proc/filesystems.
 */

/** One module of interest. */
export interface ModuleSpec {
  /** Module name as `modprobe` and /proc/modules spell it (underscores). */
  readonly name: string;
  /** Kernel config symbol without the CONFIG_ prefix. */
  readonly configSymbol: string;
  /** Name in /proc/filesystems when the module provides a filesystem. */
  readonly filesystem?: string;
}

/** Modules of interest, in report order. */
export const MODULES_OF_INTEREST: readonly ModuleSpec[] = [
  { name: 'rbd', configSymbol: 'BLK_DEV_RBD' },
  { name: 'ceph', configSymbol: 'CEPH_FS', filesystem: 'ceph' },
  { name: 'iscsi_tcp', configSymbol: 'ISCSI_TCP' },
  { name: 'nfs', configSymbol: 'NFS_FS', filesystem: 'nfs' },
  { name: 'nfsv4', configSymbol: 'NFS_V4', filesystem: 'nfs4' },
  { name: 'ip_set', configSymbol: 'IP_SET' },
  { name: 'xt_set', configSymbol: 'NETFILTER_XT_SET' },
  { name: 'ipip', configSymbol: 'NET_IPIP' },
  { name: 'vxlan', configSymbol: 'VXLAN' },
  { name: 'wireguard', configSymbol: 'WIREGUARD' },
  { name: 'nf_conntrack_netlink', configSymbol: 'NF_CT_NETLINK' },
  { name: 'ip_tables', configSymbol: 'IP_NF_IPTABLES' },
  { name: 'ip6_tables', configSymbol: 'IP6_NF_IPTABLES' },
  { name: 'ipt_REJECT', configSymbol: 'IP_NF_TARGET_REJECT' },
  { name: 'ipt_rpfilter', configSymbol: 'IP_NF_MATCH_RPFILTER' },
  { name: 'br_netfilter', configSymbol: 'BRIDGE_NETFILTER' },
  { name: 'overlay', configSymbol: 'OVERLAY_FS', filesystem: 'overlay' },
  { name: 'dm_crypt', configSymbol: 'DM_CRYPT' },
];

/** Userland tools the planner cares about. */
export const TOOLS_OF_INTEREST: readonly string[] = [
  'iscsiadm',
  'mount.nfs',
  'wg',
  'ipset',
  'iptables',
  'nft',
  'haproxy',
];

/** Folders searched for tools, relative to the root, in PATH order. */
export const TOOL_DIRS: readonly string[] = ['usr/local/sbin', 'usr/local/bin', 'usr/sbin', 'usr/bin', 'sbin', 'bin'];
