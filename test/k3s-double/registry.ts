// Node objects, leases, node-password secrets, apiserver leases and the helm
// objects, kept in etcd under the kube-apiserver's key layout (/registry/minions,
// /registry/leases, /registry/secrets, /registry/masterleases, ...).
// DEVIATION: values are JSON, not the apiserver's protobuf.
import { randomBytes, randomUUID, scryptSync, timingSafeEqual } from 'node:crypto';
import type { EtcdClient } from './etcd.js';
import { K3S_VERSION } from './version.js';

export { K3S_VERSION };

export interface Taint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

export interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
  lastHeartbeatTime?: string;
  lastTransitionTime?: string;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid: string;
  creationTimestamp: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  resourceVersion?: string;
  finalizers?: string[];
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  ownerReferences?: unknown[];
}

export interface NodeObject {
  kind: 'Node';
  apiVersion: 'v1';
  metadata: ObjectMeta;
  spec: { podCIDR?: string; podCIDRs?: string[]; providerID?: string; taints?: Taint[] };
  status: {
    addresses: { type: string; address: string }[];
    nodeInfo: {
      kubeletVersion: string;
      osImage: string;
      kernelVersion: string;
      containerRuntimeVersion: string;
      operatingSystem: string;
      architecture: string;
    };
    conditions?: Condition[];
  };
}

const nodeKey = (n: string): string => `/registry/minions/${n}`;
const leaseKey = (n: string): string => `/registry/leases/kube-node-lease/${n}`;
export const passwordKey = (n: string): string => `/registry/secrets/kube-system/${n.toLowerCase()}.node-password.k3s`;
const masterLeaseKey = (ip: string): string => `/registry/masterleases/${ip}`;

/** Annotation the double puts on each Node: the flannel backend of the cluster it joined (`none` = no CNI). */
export const FLANNEL_BACKEND_ANNOTATION = 'k3s-double.io/flannel-backend';

/** Finalizers the k3s controllers put on Nodes (wrangler OnRemove, finalizerKey "wrangler.cattle.io/"+name). */
export const NODE_FINALIZER = 'wrangler.cattle.io/node';
export const ETCD_FINALIZER = 'wrangler.cattle.io/managed-etcd-controller';

export function nodeGraceMs(): number {
  const v = Number(process.env.K3S_DOUBLE_NODE_GRACE_MS ?? '40000');
  return Number.isFinite(v) && v > 0 ? v : 40000;
}

/** kube-apiserver's master lease TTL (DefaultEndpointReconcilerTTL 15 s), never longer than the node grace. */
export const apiserverLeaseTtlMs = (): number => Math.min(15_000, nodeGraceMs());

// scrypt hash, stored like k3s's hash.NewSCrypt() output: $1:<salt>:<N log2>:<r>:<p>:<hash>
export function hashPassword(pw: string): string {
  const salt = randomBytes(8);
  const h = scryptSync(pw, salt, 32, { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  return `$1:${salt.toString('hex')}:15:8:1:${h.toString('hex')}`;
}

export function verifyPassword(pw: string, stored: string): boolean {
  const [, salt, n, r, p, hash] = stored.split(':');
  if (!salt || !n || !r || !p || !hash) return false;
  const want = Buffer.from(hash, 'hex');
  const got = scryptSync(pw, Buffer.from(salt, 'hex'), want.length, {
    N: 1 << Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 64 * 1024 * 1024,
  });
  return timingSafeEqual(want, got);
}

export class PasswordError extends Error {}

/** `key=value:Effect` or `key:Effect` (kubelet --register-with-taints / k3s --node-taint). */
export function parseTaint(s: string): Taint | undefined {
  const m = /^([^=:]+)(?:=([^:]*))?:(NoSchedule|PreferNoSchedule|NoExecute)$/.exec(s.trim());
  if (!m) return undefined;
  return { key: m[1]!, ...(m[2] !== undefined && m[2] !== '' ? { value: m[2] } : {}), effect: m[3]! };
}

export interface NodeRegistration {
  name: string;
  ip: string;
  externalIP?: string | undefined;
  server: boolean;
  etcd: boolean;
  etcdMemberName?: string;
  labels?: string[];
  taints?: string[];
  flannelBackend: string;
  /** the cluster runs the managed etcd controller (embedded etcd) */
  managedEtcd: boolean;
}

/** resourceVersion is the etcd mod_revision, set when reading; it is not stored. */
function stored(meta: ObjectMeta): ObjectMeta {
  const m = { ...meta };
  delete m.resourceVersion;
  return m;
}

/** The `<node>.node-password.k3s` secret nodepassword.Ensure() creates for `password`. */
export function nodePasswordSecret(
  node: string,
  password: string,
): {
  kind: 'Secret';
  apiVersion: 'v1';
  immutable: true;
  metadata: { name: string; namespace: string; uid: string; creationTimestamp: string };
  data: { hash: string };
} {
  // v1.33: no Type, no OwnerReference (research §2); immutable, data.hash
  return {
    kind: 'Secret',
    apiVersion: 'v1',
    immutable: true,
    metadata: {
      name: `${node.toLowerCase()}.node-password.k3s`,
      namespace: 'kube-system',
      uid: randomUUID(),
      creationTimestamp: new Date().toISOString(),
    },
    data: { hash: Buffer.from(hashPassword(password)).toString('base64') },
  };
}

export class Registry {
  constructor(public readonly kv: EtcdClient) {}

  /** nodepassword.Ensure(): verify against an existing secret or create it. */
  async ensureNodePassword(node: string, password: string): Promise<void> {
    const key = passwordKey(node);
    const existing = await this.kv.get(key);
    if (existing !== undefined) {
      const secret = JSON.parse(existing) as { data: { hash: string } };
      if (!verifyPassword(password, Buffer.from(secret.data.hash, 'base64').toString('utf8'))) {
        throw new PasswordError(`unable to verify password for node ${node}: hash does not match`);
      }
      return;
    }
    await this.kv.put(key, JSON.stringify(nodePasswordSecret(node, password)));
  }

  async deleteNodePassword(node: string): Promise<void> {
    await this.kv.del(passwordKey(node));
  }

  /** The kubelet's node registration (create, or update labels/annotations/taints of an existing Node). */
  async ensureNode(o: NodeRegistration): Promise<NodeObject> {
    const old = await this.getNode(o.name);
    const labels: Record<string, string> = {
      'beta.kubernetes.io/arch': 'amd64',
      'beta.kubernetes.io/os': 'linux',
      'beta.kubernetes.io/instance-type': 'k3s',
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': o.name,
      'kubernetes.io/os': 'linux',
      'node.kubernetes.io/instance-type': 'k3s',
    };
    // k3s servers label themselves control-plane and master (and etcd when running
    // embedded etcd); `kubectl get nodes` shows e.g. "control-plane,etcd,master".
    if (o.server) {
      labels['node-role.kubernetes.io/control-plane'] = 'true';
      labels['node-role.kubernetes.io/master'] = 'true';
      if (o.etcd) labels['node-role.kubernetes.io/etcd'] = 'true';
    }
    for (const l of o.labels ?? []) {
      const eq = l.indexOf('=');
      if (eq > 0) labels[l.slice(0, eq)] = l.slice(eq + 1);
      else labels[l] = '';
    }
    const annotations: Record<string, string> = {
      'alpha.kubernetes.io/provided-node-ip': o.ip,
      'k3s.io/internal-ip': o.ip,
      [FLANNEL_BACKEND_ANNOTATION]: o.flannelBackend,
    };
    if (o.externalIP) annotations['k3s.io/external-ip'] = o.externalIP;
    if (o.etcdMemberName) {
      annotations['etcd.k3s.cattle.io/node-name'] = o.etcdMemberName;
      annotations['etcd.k3s.cattle.io/node-address'] = o.ip;
    }
    const taints = (o.taints ?? []).map(parseTaint).filter((t): t is Taint => t !== undefined);
    const finalizers = [...new Set([...(old?.metadata.finalizers ?? []), NODE_FINALIZER])];
    if (o.managedEtcd && !finalizers.includes(ETCD_FINALIZER)) finalizers.push(ETCD_FINALIZER);
    const node: NodeObject = {
      kind: 'Node',
      apiVersion: 'v1',
      metadata: {
        name: o.name,
        uid: old?.metadata.uid ?? randomUUID(),
        creationTimestamp: old?.metadata.creationTimestamp ?? new Date().toISOString(),
        labels: { ...old?.metadata.labels, ...labels },
        annotations: { ...old?.metadata.annotations, ...annotations },
        finalizers,
        ...(old?.metadata.deletionTimestamp ? { deletionTimestamp: old.metadata.deletionTimestamp } : {}),
      },
      spec: {
        podCIDR: '10.42.0.0/24',
        podCIDRs: ['10.42.0.0/24'],
        providerID: `k3s://${o.name}`,
        ...(taints.length ? { taints } : {}),
      },
      status: {
        addresses: [
          { type: 'InternalIP', address: o.ip },
          ...(o.externalIP ? [{ type: 'ExternalIP', address: o.externalIP }] : []),
          { type: 'Hostname', address: o.name },
        ],
        nodeInfo: {
          kubeletVersion: K3S_VERSION,
          osImage: 'k3s-double',
          kernelVersion: 'k3s-double',
          containerRuntimeVersion: 'containerd://k3s-double',
          operatingSystem: 'linux',
          architecture: 'amd64',
        },
      },
    };
    await this.putNode(node);
    return node;
  }

  async putNode(node: NodeObject): Promise<void> {
    await this.kv.put(nodeKey(node.metadata.name), JSON.stringify({ ...node, metadata: stored(node.metadata) }));
  }

  async renewLease(name: string): Promise<void> {
    await this.kv.put(leaseKey(name), JSON.stringify({ holderIdentity: name, renewTime: new Date().toISOString() }));
  }

  async getNode(name: string): Promise<NodeObject | undefined> {
    const v = await this.kv.getRev(nodeKey(name));
    if (!v) return undefined;
    const n = JSON.parse(v.value) as NodeObject;
    n.metadata.resourceVersion = v.modRevision;
    return n;
  }

  async listNodes(atRevision?: string): Promise<{ revision: string; items: NodeObject[] }> {
    const r = await this.kv.listRev('/registry/minions/', atRevision);
    const items = r.kvs
      .map((kv) => {
        const n = JSON.parse(kv.value) as NodeObject;
        n.metadata.resourceVersion = kv.modRevision;
        return n;
      })
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    return { revision: r.revision, items };
  }

  async leases(): Promise<Map<string, number>> {
    const m = new Map<string, number>();
    for (const kv of await this.kv.list('/registry/leases/kube-node-lease/')) {
      const l = JSON.parse(kv.value) as { holderIdentity: string; renewTime: string };
      m.set(l.holderIdentity, Date.parse(l.renewTime));
    }
    return m;
  }

  /** The object is gone: Node and its lease (the lease is owned by the Node and garbage-collected with it). */
  async removeNodeObject(name: string): Promise<void> {
    await this.kv.del(nodeKey(name));
    await this.kv.del(leaseKey(name));
  }

  /** kube-apiserver's lease endpoint reconciler: `/registry/masterleases/<ip>`, refreshed by each apiserver. */
  async renewApiserverLease(ip: string, port: number): Promise<void> {
    await this.kv.put(masterLeaseKey(ip), JSON.stringify({ ip, port, renewTime: new Date().toISOString() }));
    await this.endpointsMeta();
  }

  private endpointsMetaCache: ObjectMeta | undefined;

  /** metadata of the `kubernetes` Endpoints / EndpointSlice, created by the first apiserver. */
  async endpointsMeta(): Promise<ObjectMeta> {
    if (this.endpointsMetaCache) return this.endpointsMetaCache;
    const key = '/registry/services/endpoints/default/kubernetes';
    let v = await this.kv.get(key);
    if (v === undefined) {
      const meta: ObjectMeta = {
        name: 'kubernetes',
        namespace: 'default',
        uid: randomUUID(),
        creationTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        labels: {},
        annotations: {},
      };
      await this.kv.cas(key, '0', JSON.stringify(meta));
      v = (await this.kv.get(key)) ?? JSON.stringify(meta);
    }
    this.endpointsMetaCache = JSON.parse(v) as ObjectMeta;
    return this.endpointsMetaCache;
  }

  /** Live apiservers (lease younger than its TTL), sorted by IP. */
  async apiserverEndpoints(now = Date.now()): Promise<{ ip: string; port: number }[]> {
    const out: { ip: string; port: number }[] = [];
    for (const kv of await this.kv.list('/registry/masterleases/')) {
      const l = JSON.parse(kv.value) as { ip: string; port: number; renewTime: string };
      if (now - Date.parse(l.renewTime) < apiserverLeaseTtlMs()) out.push({ ip: l.ip, port: l.port });
    }
    return out.sort((a, b) => a.ip.localeCompare(b.ip, 'en', { numeric: true }));
  }

  // ---- namespaced objects of the helm controller (HelmChart, Job, Pod)

  async putObject(prefix: string, obj: { metadata: ObjectMeta }): Promise<void> {
    const meta = stored(obj.metadata);
    await this.kv.put(`${prefix}${meta.namespace ?? ''}/${meta.name}`, JSON.stringify({ ...obj, metadata: meta }));
  }

  async listObjects(
    prefix: string,
    namespace?: string,
    atRevision?: string,
  ): Promise<{ revision: string; items: { metadata: ObjectMeta }[] }> {
    const r = await this.kv.listRev(namespace ? `${prefix}${namespace}/` : prefix, atRevision);
    const items = r.kvs.map((kv) => {
      const o = JSON.parse(kv.value) as { metadata: ObjectMeta };
      o.metadata.resourceVersion = kv.modRevision;
      return o;
    });
    items.sort((a, b) =>
      `${a.metadata.namespace ?? ''}/${a.metadata.name}`.localeCompare(
        `${b.metadata.namespace ?? ''}/${b.metadata.name}`,
      ),
    );
    return { revision: r.revision, items };
  }

  async deleteObject(prefix: string, namespace: string, name: string): Promise<void> {
    await this.kv.del(`${prefix}${namespace}/${name}`);
  }
}

export const HELMCHARTS = '/registry/helm.cattle.io/helmcharts/';
export const JOBS = '/registry/jobs/';
export const PODS = '/registry/pods/';

/** What a node's readiness depends on besides its own lease. */
export interface ClusterView {
  now: number;
  /** when a CNI counts as installed in this cluster (flannel-backend none), if it does */
  cniReadyAt: number | undefined;
}

const NETWORK_NOT_READY =
  'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized';

/**
 * The Node as kubectl sees it: kubelet's conditions (MemoryPressure,
 * DiskPressure, PIDPressure, Ready) and the node-lifecycle controller's
 * NoSchedule taints (Ready=False → node.kubernetes.io/not-ready, Ready=Unknown
 * → node.kubernetes.io/unreachable), computed at read time:
 * lease older than the grace period → Unknown (NodeStatusUnknown);
 * flannel-backend none and no CNI yet → Ready=False, KubeletNotReady, cni plugin not initialized.
 */
export function withStatus(node: NodeObject, renew: number | undefined, view: ClusterView): NodeObject {
  const now = view.now;
  const created = Date.parse(node.metadata.creationTimestamp);
  const iso = (t: number): string => new Date(t).toISOString().replace(/\.\d+Z$/, 'Z');
  const fresh = renew !== undefined && now - renew < nodeGraceMs();
  const cniless = node.metadata.annotations[FLANNEL_BACKEND_ANNOTATION] === 'none';
  const networkReady = !cniless || (view.cniReadyAt !== undefined && view.cniReadyAt <= now);
  const hb = iso(renew ?? created);
  let conditions: Condition[];
  let taint: Taint | undefined;
  if (!fresh) {
    const since = iso(renew !== undefined ? renew + nodeGraceMs() : created);
    const unknown = (type: string): Condition => ({
      type,
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
      lastHeartbeatTime: hb,
      lastTransitionTime: since,
    });
    conditions = ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready'].map(unknown);
    taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', timeAdded: since };
  } else {
    const ok = (type: string, reason: string, message: string): Condition => ({
      type,
      status: 'False',
      reason,
      message,
      lastHeartbeatTime: hb,
      lastTransitionTime: iso(created),
    });
    conditions = [
      ok('MemoryPressure', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
      ok('DiskPressure', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
      ok('PIDPressure', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    ];
    if (networkReady) {
      conditions.push({
        type: 'Ready',
        status: 'True',
        reason: 'KubeletReady',
        message: 'kubelet is posting ready status',
        lastHeartbeatTime: hb,
        lastTransitionTime: iso(Math.max(created, cniless ? (view.cniReadyAt ?? created) : created)),
      });
    } else {
      conditions.push({
        type: 'Ready',
        status: 'False',
        reason: 'KubeletNotReady',
        message: NETWORK_NOT_READY,
        lastHeartbeatTime: hb,
        lastTransitionTime: iso(created),
      });
      taint = { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule', timeAdded: iso(created) };
    }
  }
  const taints = [...(node.spec.taints ?? []), ...(taint ? [taint] : [])];
  return {
    ...node,
    spec: { ...node.spec, ...(taints.length ? { taints } : {}) },
    status: { ...node.status, conditions },
  };
}

export const isReady = (n: NodeObject): boolean =>
  n.status.conditions?.find((c) => c.type === 'Ready')?.status === 'True';

/** k8s.io/apimachinery duration.HumanDuration, as used for the AGE column. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8)
    return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  const years = Math.floor(hours / 24 / 365);
  if (hours < 24 * 365 * 8) {
    const dy = Math.floor(hours / 24) % 365;
    return dy === 0 ? `${years}y` : `${years}y${dy}d`;
  }
  return `${years}y`;
}

export function roles(node: NodeObject): string {
  const r = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels)) {
    if (k.startsWith('node-role.kubernetes.io/')) r.add(k.slice('node-role.kubernetes.io/'.length));
    else if (k === 'kubernetes.io/role') r.add(v);
  }
  return r.size
    ? [...r]
        .filter((x) => x !== '')
        .sort()
        .join(',')
    : '<none>';
}

export interface Column {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

export const col = (name: string, type: string, priority: number, description: string, format = ''): Column => ({
  name,
  type,
  format,
  description,
  priority,
});

/** A meta.k8s.io/v1 Table of objects. */
export function table(
  columns: Column[],
  objs: { metadata: ObjectMeta }[],
  cells: (o: never) => unknown[],
  revision: string,
): unknown {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion: revision },
    columnDefinitions: columns,
    rows: objs.map((o) => ({
      cells: cells(o as never),
      object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata },
    })),
  };
}

/** The apiserver's node printer. */
export function nodeTable(nodes: NodeObject[], revision: string, now = Date.now()): unknown {
  return table(
    [
      col('Name', 'string', 0, 'Name must be unique within a namespace.', 'name'),
      col('Status', 'string', 0, 'The status of the node'),
      col('Roles', 'string', 0, 'The roles of the node'),
      col(
        'Age',
        'string',
        0,
        'CreationTimestamp is a timestamp representing the server time when this object was created.',
      ),
      col('Version', 'string', 0, 'Kubelet Version reported by the node.'),
      col('Internal-IP', 'string', 1, 'List of internal IPs for the node.'),
      col('External-IP', 'string', 1, 'List of external IPs for the node.'),
      col(
        'OS-Image',
        'string',
        1,
        'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).',
      ),
      col(
        'Kernel-Version',
        'string',
        1,
        "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).",
      ),
      col(
        'Container-Runtime',
        'string',
        1,
        'Container runtime version reported by the node through runtime remote API (e.g. containerd://1.4.2).',
      ),
    ],
    nodes,
    (n: NodeObject) => [
      n.metadata.name,
      isReady(n) ? 'Ready' : 'NotReady',
      roles(n),
      humanDuration(now - Date.parse(n.metadata.creationTimestamp)),
      n.status.nodeInfo.kubeletVersion,
      n.status.addresses.find((a) => a.type === 'InternalIP')?.address ?? '<none>',
      n.status.addresses.find((a) => a.type === 'ExternalIP')?.address ?? '<none>',
      n.status.nodeInfo.osImage,
      n.status.nodeInfo.kernelVersion,
      n.status.nodeInfo.containerRuntimeVersion,
    ],
    revision,
  );
}
