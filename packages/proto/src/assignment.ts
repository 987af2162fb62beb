/**
 * Plain-data form of what the coordinator tells a node to run. The wire form is
 * a signed `Assignment` whose body is an encoded `AssignmentBody` and whose
 * secrets are sealed to the node; see `@k3sgrid/proto` sealing helpers.
 */

/**
 * Role of a node in its cluster. `server-init` is the one server that starts
 * with `cluster-init` for an epoch; `lb` runs HAProxy in front of the servers
 * (and may also be an agent); `none` means "enrolled, nothing to run yet".
 */
export const ROLES = ['server-init', 'server', 'agent', 'lb', 'none'] as const;
export type Role = (typeof ROLES)[number];

/** k3s lifecycle phases the agent reports, in order; `failed` can follow any. */
export const K3S_PHASES = ['pending', 'configuring', 'installing', 'starting', 'running', 'ready', 'failed'] as const;
export type K3sPhase = (typeof K3S_PHASES)[number];

export interface ManifestFile {
  /** File name under the server's auto-deploy manifests folder, e.g. `k3sgrid-longhorn.yaml`. */
  name: string;
  content: string;
}

export interface LbSpec {
  /** host:port HAProxy listens on. */
  bind: string;
  /** host:port of every server's supervisor/apiserver port. */
  backends: string[];
}

/** Architectures k3s publishes binaries for (the names of its release files). */
export const K3S_ARCHES = ['amd64', 'arm64'] as const;
export type K3sArch = (typeof K3S_ARCHES)[number];

/** The k3s binary (and air-gap images) a node runs; fetched from the coordinator, checked by sha256. */
export interface K3sReleaseRef {
  version: string;
  arch: K3sArch;
  /** Lowercase hex sha256 of the binary. */
  sha256: string;
  size: number;
  /** Air-gap image archive (`k3s-airgap-images-<arch>.tar.zst`), or null. */
  images: { name: string; sha256: string; size: number } | null;
}

/** Non-secret part of an assignment. */
export interface AssignmentSpec {
  nodeId: string;
  clusterId: string;
  clusterName: string;
  /** Cluster fencing epoch; agents refuse a lower one than they applied. */
  epoch: number;
  /** Per-node generation within the epoch; a higher one replaces the last. */
  generation: number;
  role: Role;
  nodeName: string;
  /** `https://<registration address>:6443`, empty for `server-init`. */
  serverUrl: string;
  k3sVersion: string;
  tlsSans: string[];
  nodeLabels: string[];
  nodeTaints: string[];
  /** vxlan | wireguard-native | none | '' (k3s default). */
  flannelBackend: string;
  disable: string[];
  secretsEncryption: boolean;
  nodeIp: string;
  nodeExternalIp: string;
  flannelIface: string;
  manifests: ManifestFile[];
  lb: LbSpec | null;
  datastoreEndpoint: string;
  /** The binary this node must run; null for roles that run no k3s (lb, none). */
  k3sRelease: K3sReleaseRef | null;
  /** Servers: the private address the apiserver advertises (k3s would otherwise take node-external-ip); '' for agents. */
  advertiseAddress: string;
  /** Modules and services the node must have running before k3s starts (from the plan). */
  nodePrep: NodePrep;
  /** Servers: k3s `disable-network-policy`, for a CNI that brings its own policy engine (Calico). */
  disableNetworkPolicy: boolean;
}

/** Host preparation: kernel modules to load and init services to start, and why. */
export interface NodePrep {
  modules: string[];
  services: string[];
  reason: string;
}

/** Secret part of an assignment, sealed to the node's X25519 key on the wire. */
export interface AssignmentSecrets {
  /** k3s token: the server token for servers, the agent token for agents. */
  token: string;
  /** Content of /etc/rancher/node/password (without newline). */
  nodePassword: string;
  datastoreCredentials: string;
  /**
   * Servers only: k3s `--agent-token`, the password of the `node` user, so
   * workers join with an agent token and never hold the server token.
   */
  agentToken: string;
}
