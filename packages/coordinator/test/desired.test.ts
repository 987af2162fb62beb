import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import {
  desiredAssignment,
  redactEndpoint,
  registrationUrl,
  type DesiredContext,
  type DesiredNode,
} from '../src/formation/desired.js';
import { planCluster } from '../src/planner/plan.js';
import { emptyReport } from '@k3sgrid/proto';
import type { ClusterSpec } from '../src/store/types.js';

const report = {
  ...emptyReport(),
  hostname: 'n1',
  modules: [{ name: 'vxlan', configSymbol: 'VXLAN', state: 'loaded' as const, sourceFile: 'proc/modules' }],
};
const spec: ClusterSpec = {
  name: 'c',
  servers: 3,
  k3sVersion: 'v1.33.4+k3s1',
  registration: { mode: 'vip', address: '10.0.0.100' },
  cni: 'auto',
  storage: 'auto',
  encryption: false,
  secretsEncryption: true,
  datastore: { kind: 'embedded-etcd' },
  formation: { minNodes: 1, timeoutSeconds: 1 },
  failureDomainKey: 'farm',
};
const ctx = (over: Partial<DesiredContext> = {}): DesiredContext => ({
  clusterId: 'cid',
  clusterName: 'c',
  spec,
  epoch: 2,
  plan: planCluster({ nodes: [{ name: 'n1', report }], storage: 'auto', cni: 'auto', encryption: false }),
  registrationAddress: '10.0.0.100',
  caHash: 'ab'.repeat(32),
  serverSecret: 's3cret',
  agentSecret: 'ag3nt',
  serverAddresses: ['10.0.0.1'],
  releases: new Map([['amd64', release]]),
  ...over,
});
const release = { version: 'v1.33.4+k3s1', arch: 'amd64' as const, sha256: 'c'.repeat(64), size: 1000, images: null };
const node = (role: 'server-init' | 'server' | 'agent' | 'lb', over: Partial<DesiredNode> = {}): DesiredNode => ({
  id: 'n',
  name: 'n1',
  role,
  nodeIp: '10.0.0.1',
  publicIp: '',
  nodePassword: 'pw',
  arch: 'amd64',
  ...over,
});

describe('desired assignments', () => {
  it('vip mode puts a kube-vip DaemonSet announcing the address on the first server only', () => {
    const init = desiredAssignment(ctx(), node('server-init'))!;
    const m = init.spec.manifests.find((x) => x.name === 'k3sgrid-kube-vip.yaml');
    expect(m).toBeDefined();
    const docs = parseAllDocuments(m!.content).map(
      (d) =>
        d.toJS() as {
          kind: string;
          spec?: { template: { spec: { containers: Array<{ env: Array<{ name: string; value: string }> }> } } };
        },
    );
    expect(docs.map((d) => d.kind)).toEqual(['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'DaemonSet']);
    const env = docs[3]!.spec!.template.spec.containers[0]!.env;
    expect(env).toContainEqual({ name: 'address', value: '10.0.0.100' });
    expect(env).toContainEqual({ name: 'vip_arp', value: 'true' });
    expect(init.spec.tlsSans).toEqual(['10.0.0.100']);
    const joiner = desiredAssignment(ctx(), node('server'))!;
    expect(joiner.spec.manifests).toHaveLength(0);
    expect(joiner.spec.serverUrl).toBe(registrationUrl('10.0.0.100'));
  });

  it('gives joiners pinned K10 tokens and workers the agent token only', () => {
    expect(desiredAssignment(ctx(), node('server-init'))!.secrets).toMatchObject({
      token: 's3cret',
      agentToken: 'ag3nt',
    });
    expect(desiredAssignment(ctx(), node('server'))!.secrets).toMatchObject({
      token: `K10${'ab'.repeat(32)}::server:s3cret`,
      agentToken: 'ag3nt',
    });
    const w = desiredAssignment(ctx(), node('agent'))!;
    expect(w.secrets).toMatchObject({ token: `K10${'ab'.repeat(32)}::node:ag3nt`, agentToken: '' });
    expect(JSON.stringify(w)).not.toContain('s3cret');
    expect(desiredAssignment(ctx({ caHash: '' }), node('agent'))).toBeNull();
  });

  it('keeps external datastore credentials out of the clear spec', () => {
    const endpoint = 'postgres://k3s:hunter2@db.example:5432/k3s';
    const a = desiredAssignment(
      ctx({
        spec: { ...spec, datastore: { kind: 'external', endpoint: redactEndpoint(endpoint) } },
        datastoreEndpoint: endpoint,
      }),
      node('server-init'),
    )!;
    expect(a.spec.datastoreEndpoint).toBe('postgres://k3s:***@db.example:5432/k3s');
    expect(a.secrets.datastoreCredentials).toBe(endpoint);
    expect(JSON.stringify(a.spec)).not.toContain('hunter2');
    expect(desiredAssignment(ctx(), node('agent'))!.secrets.datastoreCredentials).toBe('');
  });

  it('names the release for the node arch, and holds a k3s node whose arch has none', () => {
    expect(desiredAssignment(ctx(), node('agent'))!.spec.k3sRelease).toEqual(release);
    expect(desiredAssignment(ctx(), node('agent', { arch: 'arm64' }))).toBeNull();
    expect(desiredAssignment(ctx(), node('agent', { arch: null }))).toBeNull();
    // The lb runs no k3s: no release needed.
    expect(desiredAssignment(ctx(), node('lb', { arch: 'arm64' }))!.spec.k3sRelease).toBeNull();
  });

  it('servers advertise their private address; the public one is node-external-ip only when asked for', () => {
    const pub = { publicIp: '203.0.113.7' };
    const s1 = desiredAssignment(ctx(), node('server-init', pub))!.spec;
    expect(s1).toMatchObject({ advertiseAddress: '10.0.0.1', nodeIp: '10.0.0.1', nodeExternalIp: '' });
    const s2 = desiredAssignment(ctx({ spec: { ...spec, publicExternalIp: true } }), node('server', pub))!.spec;
    expect(s2).toMatchObject({ advertiseAddress: '10.0.0.1', nodeExternalIp: '203.0.113.7' });
    expect(desiredAssignment(ctx(), node('agent', pub))!.spec.advertiseAddress).toBe('');
  });

  it('calico: flannel none, disable-network-policy on servers, and a bootstrap HelmChart', () => {
    const base = planCluster({ nodes: [{ name: 'n1', report }], storage: 'auto', cni: 'auto', encryption: false });
    const plan = { ...base, cni: { ...base.cni, choice: 'calico' as const } };
    const a = desiredAssignment(ctx({ plan, spec: { ...spec, cni: 'calico' } }), node('server-init'))!;
    expect(a.spec.flannelBackend).toBe('none');
    expect(a.spec.disableNetworkPolicy).toBe(true);
    const chart = parseAllDocuments(
      a.spec.manifests.find((m) => m.name === 'k3sgrid-tigera-operator.yaml')!.content,
    )[0]!.toJS() as {
      spec: { bootstrap?: boolean };
    };
    expect(chart.spec.bootstrap).toBe(true);
    const w = desiredAssignment(ctx({ plan, spec: { ...spec, cni: 'calico' } }), node('agent'))!;
    expect(w.spec.disableNetworkPolicy).toBe(false);
  });

  it('longhorn and nfs prepare every k3s node; nfs takes the export from the spec', () => {
    const lh = planCluster({ nodes: [{ name: 'n1', report }], storage: 'local-path', cni: 'auto', encryption: false });
    expect(desiredAssignment(ctx({ plan: lh }), node('agent'))!.spec.nodePrep).toEqual({
      modules: [],
      services: [],
      reason: '',
    });
    const withStorage = (choice: 'longhorn' | 'nfs') => ({ ...lh, storage: { ...lh.storage, choice } });
    expect(desiredAssignment(ctx({ plan: withStorage('longhorn') }), node('agent'))!.spec.nodePrep).toEqual({
      modules: ['iscsi_tcp'],
      services: ['iscsid'],
      reason: 'storage longhorn',
    });
    const nfsSpec = { ...spec, storage: 'nfs', nfs: { server: '10.0.0.9', path: '/export/k8s' } };
    const init = desiredAssignment(ctx({ plan: withStorage('nfs'), spec: nfsSpec }), node('server-init'))!;
    expect(init.spec.nodePrep.services).toEqual(['rpc-statd']);
    expect(init.spec.manifests.find((m) => m.name === 'k3sgrid-nfs-provisioner.yaml')?.content).toContain(
      '/export/k8s',
    );
    // Without an export the manifest cannot be made: the cluster pass fails (and is isolated).
    expect(() => desiredAssignment(ctx({ plan: withStorage('nfs') }), node('server-init'))).toThrow(
      /nfsServer and nfsPath/,
    );
  });
});
