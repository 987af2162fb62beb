/**
 * Maps planner choices onto k3s configuration and HelmChart manifests (for
 * k3s's helm controller, dropped into the server manifests folder).
 */
import { stringify } from 'yaml';
import { CHARTS, type CniOption, type StorageOption } from './catalog.js';
import { PlanInputError } from './errors.js';

/** k3s server settings implied by a CNI choice. */
export interface K3sCniConfig {
  /** k3s `flannel-backend`. */
  flannelBackend: 'vxlan' | 'wireguard-native' | 'none';
  /** k3s `disable` entries (packaged components to leave out). */
  disable: string[];
  /** k3s `disable-network-policy`: the CNI brings its own policy engine. */
  disableNetworkPolicy: boolean;
}

/** k3s settings for a CNI choice. Calico replaces flannel and k3s's network policy controller. */
export function cniToK3s(choice: CniOption): K3sCniConfig {
  switch (choice) {
    case 'flannel-vxlan':
      return { flannelBackend: 'vxlan', disable: [], disableNetworkPolicy: false };
    case 'flannel-wireguard':
      return { flannelBackend: 'wireguard-native', disable: [], disableNetworkPolicy: false };
    case 'calico':
      return { flannelBackend: 'none', disable: [], disableNetworkPolicy: true };
  }
}

/** A manifest file for the k3s server manifests folder. */
export interface Manifest {
  /** File name, e.g. `k3sgrid-longhorn.yaml`. */
  name: string;
  content: string;
}

/** Options for manifests that need cluster-specific values. */
export interface ManifestOptions {
  /** NFS server address (nfs storage). */
  nfsServer?: string;
  /** Exported path on the NFS server (nfs storage). */
  nfsPath?: string;
  /** Also create a CephFS filesystem and storage class (rook-ceph). */
  cephfs?: boolean;
  /** Longhorn replica count; defaults to min(3, nodes) by the caller, 3 here. */
  replicas?: number;
  /** Pod CIDR for Calico; k3s's default is 10.42.0.0/16. */
  clusterCidr?: string;
}

interface ChartRef {
  readonly repo: string;
  readonly chart: string;
  readonly version: string;
  readonly namespace: string;
}

/**
 * A HelmChart for k3s's helm controller. `bootstrap` is for charts the
 * cluster needs before any Node is Ready (a CNI): helm-controller then runs
 * the install job on the host network, on a control-plane node, tolerating
 * the not-ready taint (k3s-io/helm-controller pkg/controllers/chart/chart.go
 * job(), v0.16.13); without it the job would wait for a Ready node forever.
 */
function helmChart(name: string, ref: ChartRef, values: Record<string, unknown>, bootstrap = false): Manifest {
  const doc = {
    apiVersion: 'helm.cattle.io/v1',
    kind: 'HelmChart',
    metadata: { name, namespace: 'kube-system' },
    spec: {
      repo: ref.repo,
      chart: ref.chart,
      version: ref.version,
      targetNamespace: ref.namespace,
      createNamespace: true,
      ...(bootstrap ? { bootstrap: true } : {}),
      valuesContent: stringify(values),
    },
  };
  return { name: `k3sgrid-${name}.yaml`, content: stringify(doc) };
}

/**
 * HelmChart manifests installing the chosen storage, pinned to the catalog's
 * chart versions. local-path ships with k3s and needs none.
 * @throws PlanInputError for nfs without nfsServer and nfsPath.
 */
export function storageManifests(choice: StorageOption, opts: ManifestOptions = {}): Manifest[] {
  switch (choice) {
    case 'local-path':
      return [];
    case 'longhorn':
      return [
        helmChart('longhorn', CHARTS.longhorn, {
          persistence: { defaultClassReplicaCount: opts.replicas ?? 3 },
          defaultSettings: { defaultReplicaCount: opts.replicas ?? 3 },
        }),
      ];
    case 'rook-ceph':
      return [
        helmChart('rook-ceph', CHARTS.rookOperator, { crds: { enabled: true } }),
        helmChart('rook-ceph-cluster', CHARTS.rookCluster, {
          operatorNamespace: CHARTS.rookOperator.namespace,
          cephClusterSpec: { storage: { useAllNodes: true, useAllDevices: true } },
          // Without CephFS, leave the filesystem and its storage class out.
          ...(opts.cephfs ? {} : { cephFileSystems: [] }),
          cephObjectStores: [],
        }),
      ];
    case 'nfs':
      if (!opts.nfsServer || !opts.nfsPath) {
        throw new PlanInputError('nfs storage needs nfsServer and nfsPath for the provisioner');
      }
      return [
        helmChart('nfs-provisioner', CHARTS.nfs, {
          nfs: { server: opts.nfsServer, path: opts.nfsPath },
          storageClass: { name: 'nfs', defaultClass: false },
        }),
      ];
  }
}

/**
 * HelmChart manifests for the CNI: Calico through the tigera-operator chart
 * (pinned), IPIP encapsulation on k3s's pod CIDR; flannel ships with k3s.
 */
export function cniManifests(choice: CniOption, opts: ManifestOptions = {}): Manifest[] {
  if (choice !== 'calico') return [];
  return [
    helmChart(
      'tigera-operator',
      CHARTS.tigeraOperator,
      {
        installation: {
          cni: { type: 'Calico' },
          calicoNetwork: {
            bgp: 'Enabled',
            ipPools: [{ cidr: opts.clusterCidr ?? '10.42.0.0/16', encapsulation: 'IPIP', natOutgoing: 'Enabled' }],
          },
        },
      },
      // flannel-backend none: no Node is Ready until this chart has run.
      true,
    ),
  ];
}

/** What a node must have running before k3s starts, for the storage choice. */
export function nodePrepFor(storage: StorageOption | null): { modules: string[]; services: string[]; reason: string } {
  switch (storage) {
    case 'longhorn':
      // Longhorn attaches volumes over iSCSI: the initiator module and iscsid on every node.
      return { modules: ['iscsi_tcp'], services: ['iscsid'], reason: 'storage longhorn' };
    case 'nfs':
      // NFSv3 locking needs rpc-statd; the nfs module for the mounts.
      return { modules: ['nfs'], services: ['rpc-statd'], reason: 'storage nfs' };
    case 'rook-ceph':
      return { modules: ['rbd'], services: [], reason: 'storage rook-ceph' };
    default:
      return { modules: [], services: [], reason: '' };
  }
}
