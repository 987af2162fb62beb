// Node objects, leases and node-password secrets kept in etcd under the
// kube-apiserver's key layout (/registry/minions, /registry/leases,
// /registry/secrets). DEVIATION: values are JSON, not the apiserver's protobuf.
import { randomBytes, randomUUID, scryptSync, timingSafeEqual } from 'node:crypto';
import type { EtcdClient } from './etcd.js';

export const K3S_VERSION = process.env.K3S_DOUBLE_VERSION ?? 'v1.33.4+k3s1';

export interface NodeObject {
  kind: 'Node';
  apiVersion: 'v1';
  metadata: {
    name: string;
    uid: string;
    creationTimestamp: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
    resourceVersion?: string;
  };
  spec: Record<string, unknown>;
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
    conditions?: unknown[];
  };
}

const nodeKey = (n: string): string => `/registry/minions/${n}`;
const leaseKey = (n: string): string => `/registry/leases/kube-node-lease/${n}`;
export const passwordKey = (n: string): string => `/registry/secrets/kube-system/${n.toLowerCase()}.node-password.k3s`;

export function nodeGraceMs(): number {
  const v = Number(process.env.K3S_DOUBLE_NODE_GRACE_MS ?? '40000');
  return Number.isFinite(v) && v > 0 ? v : 40000;
}

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

export class Registry {
  constructor(public readonly kv: EtcdClient) {}

  /** nodepassword.ensure(): verify against an existing secret or create it (k3s-protocol.md §3). */
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
    const secret = {
      kind: 'Secret',
      apiVersion: 'v1',
      type: 'k3s.cattle.io/node-password',
      immutable: true,
      metadata: {
        name: `${node.toLowerCase()}.node-password.k3s`,
        namespace: 'kube-system',
        creationTimestamp: new Date().toISOString(),
      },
      data: { hash: Buffer.from(hashPassword(password)).toString('base64') },
    };
    await this.kv.put(key, JSON.stringify(secret));
  }

  async ensureNode(opts: {
    name: string;
    ip: string;
    server: boolean;
    etcd: boolean;
    etcdMemberName?: string;
    labels?: string[];
  }): Promise<void> {
    const old = await this.getNode(opts.name);
    const labels: Record<string, string> = {
      'beta.kubernetes.io/arch': 'amd64',
      'beta.kubernetes.io/os': 'linux',
      'beta.kubernetes.io/instance-type': 'k3s',
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': opts.name,
      'kubernetes.io/os': 'linux',
      'node.kubernetes.io/instance-type': 'k3s',
    };
    // k3s servers label themselves control-plane and master (and etcd when running
    // embedded etcd); `kubectl get nodes` shows e.g. "control-plane,etcd,master".
    if (opts.server) {
      labels['node-role.kubernetes.io/control-plane'] = 'true';
      labels['node-role.kubernetes.io/master'] = 'true';
      if (opts.etcd) labels['node-role.kubernetes.io/etcd'] = 'true';
    }
    for (const l of opts.labels ?? []) {
      const eq = l.indexOf('=');
      if (eq > 0) labels[l.slice(0, eq)] = l.slice(eq + 1);
      else labels[l] = '';
    }
    const annotations: Record<string, string> = {
      'alpha.kubernetes.io/provided-node-ip': opts.ip,
      'k3s.io/internal-ip': opts.ip,
    };
    if (opts.etcdMemberName) {
      annotations['etcd.k3s.cattle.io/node-name'] = opts.etcdMemberName;
      annotations['etcd.k3s.cattle.io/node-address'] = opts.ip;
    }
    const node: NodeObject = {
      kind: 'Node',
      apiVersion: 'v1',
      metadata: {
        name: opts.name,
        uid: old?.metadata.uid ?? randomUUID(),
        creationTimestamp: old?.metadata.creationTimestamp ?? new Date().toISOString(),
        labels: { ...old?.metadata.labels, ...labels },
        annotations: { ...old?.metadata.annotations, ...annotations },
      },
      spec: { podCIDR: '10.42.0.0/24' },
      status: {
        addresses: [
          { type: 'InternalIP', address: opts.ip },
          { type: 'Hostname', address: opts.name },
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
    await this.kv.put(nodeKey(opts.name), JSON.stringify(node));
  }

  async renewLease(name: string): Promise<void> {
    await this.kv.put(leaseKey(name), JSON.stringify({ holderIdentity: name, renewTime: new Date().toISOString() }));
  }

  async getNode(name: string): Promise<NodeObject | undefined> {
    const v = await this.kv.get(nodeKey(name));
    return v === undefined ? undefined : (JSON.parse(v) as NodeObject);
  }

  async listNodes(): Promise<NodeObject[]> {
    const kvs = await this.kv.list('/registry/minions/');
    return kvs
      .map((kv) => JSON.parse(kv.value) as NodeObject)
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  }

  async leases(): Promise<Map<string, number>> {
    const m = new Map<string, number>();
    for (const kv of await this.kv.list('/registry/leases/kube-node-lease/')) {
      const l = JSON.parse(kv.value) as { holderIdentity: string; renewTime: string };
      m.set(l.holderIdentity, Date.parse(l.renewTime));
    }
    return m;
  }

  /** Removes the node object, its lease and (like the owner-reference GC) its password secret. */
  async deleteNode(name: string): Promise<void> {
    await this.kv.del(nodeKey(name));
    await this.kv.del(leaseKey(name));
    await this.kv.del(passwordKey(name));
  }
}

export function withStatus(node: NodeObject, renew: number | undefined, now = Date.now()): NodeObject {
  const ready = renew !== undefined && now - renew < nodeGraceMs();
  const t = new Date(renew ?? Date.parse(node.metadata.creationTimestamp)).toISOString();
  const cond = ready
    ? {
        type: 'Ready',
        status: 'True',
        reason: 'KubeletReady',
        message: 'kubelet is posting ready status',
        lastHeartbeatTime: t,
      }
    : {
        type: 'Ready',
        status: 'Unknown',
        reason: 'NodeStatusUnknown',
        message: 'Kubelet stopped posting node status.',
        lastHeartbeatTime: t,
      };
  return { ...node, status: { ...node.status, conditions: [cond] } };
}

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

/** meta.k8s.io/v1 Table, as the apiserver's node printer renders it. */
export function nodeTable(nodes: NodeObject[], now = Date.now()): unknown {
  const col = (name: string, type: string, priority: number, description: string, format = ''): unknown => ({
    name,
    type,
    format,
    description,
    priority,
  });
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion: String(now) },
    columnDefinitions: [
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
    rows: nodes.map((n) => {
      const ready =
        (n.status.conditions as { type: string; status: string }[] | undefined)?.find((c) => c.type === 'Ready')
          ?.status === 'True';
      const ip = n.status.addresses.find((a) => a.type === 'InternalIP')?.address ?? '<none>';
      return {
        cells: [
          n.metadata.name,
          ready ? 'Ready' : 'NotReady',
          roles(n),
          humanDuration(now - Date.parse(n.metadata.creationTimestamp)),
          n.status.nodeInfo.kubeletVersion,
          ip,
          '<none>',
          n.status.nodeInfo.osImage,
          n.status.nodeInfo.kernelVersion,
          n.status.nodeInfo.containerRuntimeVersion,
        ],
        object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: n.metadata },
      };
    }),
  };
}
