import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { desiredAssignment, redactEndpoint, registrationUrl, type DesiredContext } from '../src/formation/desired.js';
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
  ...over,
});
const node = (role: 'server-init' | 'server' | 'agent' | 'lb') => ({
  id: 'n',
  name: 'n1',
  role,
  nodeIp: '10.0.0.1',
  publicIp: '',
  nodePassword: 'pw',
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
});
