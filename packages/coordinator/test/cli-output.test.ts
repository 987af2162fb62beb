/**
 * CLI output without a coordinator: table, wide, json, yaml and name
 * renderings of `get`, colour rules (TTY only, never with NO_COLOR), the
 * describe report, the kubeconfig merge (checked with the real kubectl) and
 * the shell completion script (checked with the real bash).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildProgram } from '../src/cli/program.js';
import { render } from '../src/cli/output.js';
import {
  CLUSTER_COLUMNS,
  describeCluster,
  describeNode,
  nodeColumns,
  type ClusterDoc,
  type NodeDoc,
} from '../src/cli/get-describe.js';
import { mergeKubeconfig, mergeKubeconfigFile, defaultKubeconfigPath } from '../src/cli/kubeconfig-merge.js';
import { colorEnabled } from '../src/cli/style.js';
import { bashCompletion, zshCompletion } from '../src/cli/completion.js';
import { parseSse } from '../src/cli/sse.js';
import { clusterSpec } from '../src/api/schemas.js';

const now = new Date().toISOString();
const cluster: ClusterDoc = {
  id: 'c_1',
  name: 'prod',
  phase: 'ready',
  epoch: 2,
  createdAt: now,
  registrationAddress: '10.0.0.4',
  statusMessage: 'all nodes ready',
  kubeconfigAvailable: true,
  storage: 'local-path',
  cni: 'flannel-vxlan',
  spec: clusterSpec({ name: 'prod', servers: 3, registration: { mode: 'lb' } }),
  nodes: { total: 6, connected: 6 },
  ready: { servers: { ready: 3, desired: 3 }, workers: { ready: 1, desired: 2 } },
  members: [
    { id: 'n_1', name: 'node-a', role: 'server-init', phase: 'ready', connected: true, lastError: '', lastSeenAt: now },
  ],
  plan: {
    storage: {
      choice: 'local-path',
      options: {
        'local-path': { usable: true, reasons: ['always available'], warnings: [] },
        longhorn: {
          usable: false,
          reasons: ['longhorn needs iscsiadm (open-iscsi) on node node-a; missing'],
          warnings: [],
        },
      },
    },
    cni: { choice: 'flannel-vxlan', options: { 'flannel-vxlan': { usable: true, reasons: [], warnings: [] } } },
    // The fields describe reads; a whole Plan has more.
  } as unknown as ClusterDoc['plan'],
};
const forming: ClusterDoc = {
  ...cluster,
  id: 'c_2',
  name: 'edge',
  phase: 'forming',
  epoch: 1,
  registrationAddress: '',
  storage: null,
  cni: null,
  ready: { servers: { ready: 0, desired: 1 }, workers: { ready: 0, desired: 0 } },
};

describe('get clusters output', () => {
  it('table: kubectl-style header and rows, no colour codes', () => {
    const t = render('table', [cluster, forming], CLUSTER_COLUMNS);
    const lines = t.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+PHASE\s+SERVERS\s+WORKERS\s+REGISTRATION\s+STORAGE\s+CNI\s+EPOCH\s+AGE$/);
    expect(lines[1]).toMatch(/^prod\s+ready\s+3\/3\s+1\/2\s+lb 10\.0\.0\.4\s+local-path\s+flannel-vxlan\s+2\s+\d+s$/);
    expect(lines[2]).toMatch(/^edge\s+forming\s+0\/1\s+0\/0\s+lb\s+-\s+-\s+1\s+/);
    expect(t).not.toContain('\x1b[');
    expect(t).not.toContain('ID');
  });
  it('wide adds the connected count, k3s version, id and status', () => {
    const t = render('wide', [cluster], CLUSTER_COLUMNS);
    expect(t.split('\n')[0]).toMatch(/CONNECTED\s+K3S\s+ID\s+STATUS$/);
    expect(t).toContain('6/6');
    expect(t).toContain('v1.33.4+k3s1');
    expect(t).toContain('all nodes ready');
  });
  it('json and yaml print the API objects unchanged', () => {
    expect(JSON.parse(render('json', [cluster], CLUSTER_COLUMNS))).toEqual([cluster]);
    expect(parse(render('yaml', [cluster], CLUSTER_COLUMNS, cluster))).toEqual(cluster);
  });
  it('name prints resource/name per line', () => {
    expect(
      render('name', [cluster, forming], CLUSTER_COLUMNS, [], { name: (c: ClusterDoc) => `cluster/${c.name}` }),
    ).toBe('cluster/prod\ncluster/edge\n');
  });
  it('colours status cells only when asked, and the table stays aligned', () => {
    const t = render('table', [cluster, forming], CLUSTER_COLUMNS, [], { color: true });
    expect(t).toContain('\x1b[32mready\x1b[39m');
    expect(t).toContain('\x1b[33mforming\x1b[39m');
    // eslint-disable-next-line no-control-regex
    const plain = t.replace(/\x1b\[[0-9;]*m/g, '');
    expect(plain).toBe(render('table', [cluster, forming], CLUSTER_COLUMNS));
  });
  it('colour needs a TTY and no NO_COLOR', () => {
    expect(colorEnabled(true, {})).toBe(true);
    expect(colorEnabled(false, {})).toBe(false);
    expect(colorEnabled(undefined, {})).toBe(false);
    expect(colorEnabled(true, { NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled(true, { TERM: 'dumb' })).toBe(false);
  });
  it('nodes: columns with the cluster name', () => {
    const n: NodeDoc = {
      id: 'n_1',
      name: 'node-a',
      clusterId: 'c_1',
      hostname: 'host-a',
      role: 'agent',
      phase: 'failed',
      connected: false,
      revoked: false,
      address: '10.0.0.9',
      lastError: 'k3s exited 1',
      agentVersion: '0.1.0',
      enrolledAt: now,
      lastSeenAt: now,
    };
    const t = render(
      'wide',
      [n],
      nodeColumns((id) => (id === 'c_1' ? 'prod' : id)),
    );
    expect(t.split('\n')[1]).toMatch(
      /^node-a\s+prod\s+agent\s+failed\s+no\s+10\.0\.0\.9\s+\d+s\s+\d+s\s+host-a\s+0\.1\.0\s+n_1\s+k3s exited 1$/,
    );
  });
});

describe('describe', () => {
  it('cluster: fields, nodes, plan with reasons, events', () => {
    const t = describeCluster(
      cluster,
      [
        {
          id: 1,
          ts: now,
          type: 'election',
          clusterId: 'c_1',
          nodeId: null,
          actor: 'coordinator',
          message: 'elected node-a',
          data: {},
        },
      ],
      false,
    );
    expect(t).toMatch(/^Name:\s+prod$/m);
    expect(t).toMatch(/^Servers ready:\s+3\/3$/m);
    expect(t).toMatch(/^Registration:\s+lb 10\.0\.0\.4$/m);
    expect(t).toContain('Plan (* = chosen):');
    expect(t).toMatch(/storage\s+local-path \*\s+yes/);
    expect(t).toContain('longhorn needs iscsiadm (open-iscsi) on node node-a; missing');
    expect(t).toMatch(/Events \(last 1 of 1\):\n\s+AGE\s+TYPE\s+MESSAGE\n\s+\d+s\s+election\s+elected node-a/);
  });
  it('node: capability report with evidence', () => {
    const n: NodeDoc = {
      id: 'n_1',
      name: 'node-a',
      clusterId: 'c_1',
      hostname: 'node-a',
      role: 'server-init',
      phase: 'ready',
      connected: true,
      revoked: false,
      address: '10.0.0.4',
      lastError: '',
      agentVersion: '0.1.0',
      enrolledAt: now,
      lastSeenAt: now,
      report: {
        kernelRelease: '6.1.0',
        kernelConfigSource: 'boot/config-6.1.0',
        arch: 'x64',
        hostname: 'node-a',
        initSystem: 'systemd',
        cgroupVersion: 2,
        cpuCount: 4,
        memoryBytes: 8 * 1024 ** 3,
        addresses: ['10.0.0.4'],
        publicIp: '',
        gridFarmId: '1',
        gridNodeId: '2',
        modules: [{ name: 'wireguard', configSymbol: 'WIREGUARD', state: 'absent', sourceFile: 'boot/config-6.1.0' }],
        tools: [{ name: 'iscsiadm', present: false, path: '' }],
        disks: [],
      },
    };
    const t = describeNode(n, 'prod', [], false);
    expect(t).toMatch(/^Cluster:\s+prod$/m);
    expect(t).toMatch(/CPU \/ memory:\s+4 \/ 8\.0 GiB/);
    expect(t).toMatch(/wireguard\s+CONFIG_WIREGUARD\s+absent\s+boot\/config-6\.1\.0/);
    expect(t).toMatch(/iscsiadm\s+missing/);
    expect(t).toContain('Drift history:\n  no drift');
  });
});

const OTHER = [
  'apiVersion: v1',
  'kind: Config',
  'current-context: other',
  'clusters:',
  '- name: other',
  '  cluster:',
  '    server: https://10.9.9.9:6443',
  'users:',
  '- name: other',
  '  user:',
  '    token: abc',
  'contexts:',
  '- name: other',
  '  context:',
  '    cluster: other',
  '    user: other',
  '',
].join('\n');
const K3S = [
  'apiVersion: v1',
  'kind: Config',
  'clusters:',
  '- cluster:',
  '    certificate-authority-data: Zm9v',
  '    server: https://10.0.0.4:6443',
  '  name: default',
  'contexts:',
  '- context:',
  '    cluster: default',
  '    user: default',
  '  name: default',
  'current-context: default',
  'users:',
  '- name: default',
  '  user:',
  '    client-certificate-data: YmFy',
  '    client-key-data: YmF6',
  '',
].join('\n');

describe('kubeconfig --merge', () => {
  it('adds a context named after the cluster and keeps the others', () => {
    const doc = parse(mergeKubeconfig(OTHER, K3S, 'prod')) as {
      contexts: Array<{ name: string; context: { cluster: string; user: string } }>;
      clusters: Array<{ name: string; cluster: { server: string } }>;
      users: Array<{ name: string }>;
      'current-context': string;
    };
    expect(doc.contexts.map((c) => c.name)).toEqual(['other', 'prod']);
    expect(doc.contexts[1]?.context).toEqual({ cluster: 'prod', user: 'prod' });
    expect(doc.clusters.find((c) => c.name === 'prod')?.cluster.server).toBe('https://10.0.0.4:6443');
    expect(doc.users.map((u) => u.name)).toEqual(['other', 'prod']);
    expect(doc['current-context']).toBe('prod');
    expect(
      (parse(mergeKubeconfig(OTHER, K3S, 'prod', { switchContext: false })) as { 'current-context': string })[
        'current-context'
      ],
    ).toBe('other');
  });
  it('merging again replaces the entry instead of duplicating it', () => {
    const twice = mergeKubeconfig(mergeKubeconfig(OTHER, K3S, 'prod'), K3S.replace('10.0.0.4', '10.0.0.5'), 'prod');
    const doc = parse(twice) as {
      contexts: Array<{ name: string }>;
      clusters: Array<{ name: string; cluster: { server: string } }>;
    };
    expect(doc.contexts.map((c) => c.name)).toEqual(['other', 'prod']);
    expect(doc.clusters.find((c) => c.name === 'prod')?.cluster.server).toBe('https://10.0.0.5:6443');
  });
  it('writes 0600, and the real kubectl lists both contexts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'k3sgrid-merge-'));
    const path = join(dir, 'config');
    writeFileSync(path, OTHER, { mode: 0o644 });
    mergeKubeconfigFile(path, K3S, 'prod');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const r = spawnSync('kubectl', ['--kubeconfig', path, 'config', 'get-contexts'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const rows = r.stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.replace(/^\*/, '').trim().split(/\s+/)[0]);
    expect(rows.sort()).toEqual(['other', 'prod']);
    expect(r.stdout).toMatch(/^\*\s+prod\s/m);
    // A missing file is created (with its folder).
    const fresh = join(dir, 'sub', 'config');
    mergeKubeconfigFile(fresh, K3S, 'prod');
    expect(readFileSync(fresh, 'utf8')).toContain('current-context: prod');
  });
  it('defaults to the first file of $KUBECONFIG, else ~/.kube/config', () => {
    expect(defaultKubeconfigPath({ KUBECONFIG: '/a/one:/b/two' })).toBe('/a/one');
    expect(defaultKubeconfigPath({})).toMatch(/\.kube\/config$/);
  });
});

describe('shell completion', () => {
  const program = buildProgram({ out: () => {}, err: () => {} });
  const script = bashCompletion(program);
  const complete = (line: string): string[] => {
    const words = line.split(' ');
    const r = spawnSync(
      'bash',
      [
        '-c',
        `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _k3sgrid_complete; printf '%s\\n' "\${COMPREPLY[@]}"`,
      ],
      { encoding: 'utf8', env: { PATH: '/usr/bin:/bin' } },
    );
    expect(r.status, r.stderr).toBe(0);
    return r.stdout.split('\n').filter(Boolean);
  };
  it('bash: valid syntax; completes commands, subcommands, options and formats', () => {
    expect(spawnSync('bash', ['-n'], { input: script }).status).toBe(0);
    expect(complete('k3sgrid g')).toEqual(['get']);
    expect(complete('k3sgrid get ')).toEqual(expect.arrayContaining(['clusters', 'nodes', 'tokens']));
    expect(complete('k3sgrid describe ')).toEqual(expect.arrayContaining(['cluster', 'node']));
    expect(complete('k3sgrid get nodes --c')).toEqual(['--cluster']);
    expect(complete('k3sgrid get clusters -o ')).toEqual(['table', 'wide', 'json', 'yaml', 'name']);
    expect(complete('k3sgrid --server https://x get nodes --w')).toEqual(['--watch']);
    expect(complete('k3sgrid completion ')).toEqual(['bash', 'zsh', '--help']);
    expect(complete('k3sgrid kubeconfig prod --m')).toEqual(['--merge']);
  });
  it('zsh: a #compdef script through bashcompinit', () => {
    const z = zshCompletion(program);
    expect(z.startsWith('#compdef k3sgrid')).toBe(true);
    expect(z).toContain('bashcompinit');
    expect(z).toContain('complete -F _k3sgrid_complete k3sgrid');
  });
});

describe('SSE parsing', () => {
  it('splits messages, joins data lines, skips comments, keeps the rest', () => {
    const got: Array<[string, string | undefined]> = [];
    const rest = parseSse(': hello\n\nid: 3\nevent: x\ndata: {"a":\ndata: 1}\n\nid: 4\ndata: par', (d, id) =>
      got.push([d, id]),
    );
    expect(got).toEqual([['{"a":\n1}', '3']]);
    expect(rest).toBe('id: 4\ndata: par');
  });
});
