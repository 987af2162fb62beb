import { readFileSync } from 'node:fs';
import type { AssignmentSecrets, AssignmentSpec } from '@k3sgrid/proto';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  InvalidConfigError,
  InvalidConfigKeyError,
  UnsupportedRoleError,
  isK3sFlag,
  loadK3sFlags,
  renderK3sConfig,
  toYaml11,
  validateConfigKeys,
} from '../src/k3s/index.js';

function spec(over: Partial<AssignmentSpec> = {}): AssignmentSpec {
  return {
    nodeId: 'node-1',
    clusterId: 'c1',
    clusterName: 'alpha',
    epoch: 1,
    generation: 1,
    role: 'server-init',
    nodeName: 'n1',
    serverUrl: '',
    k3sVersion: 'v1.31.4+k3s1',
    tlsSans: ['10.1.0.10', 'k8s.example.org'],
    nodeLabels: ['farm=12', 'zone=a'],
    nodeTaints: ['dedicated=infra:NoSchedule'],
    flannelBackend: 'wireguard-native',
    disable: ['traefik', 'servicelb'],
    secretsEncryption: true,
    nodeIp: '10.1.0.2',
    nodeExternalIp: '185.1.2.3',
    flannelIface: 'wg0',
    manifests: [],
    lb: null,
    datastoreEndpoint: '',
    k3sRelease: null,
    advertiseAddress: '',
    nodePrep: { modules: [], services: [], reason: '' },
    disableNetworkPolicy: false,
    ...over,
  };
}
const secrets: AssignmentSecrets = {
  token: 'K10abc::server:secret',
  nodePassword: 'pw',
  datastoreCredentials: '',
  agentToken: '',
};

// The flag list read independently of the code under test.
const flagFile = JSON.parse(readFileSync(new URL('../data/k3s-flags.json', import.meta.url), 'utf8')) as Record<
  'server' | 'agent' | 'global',
  { name: string }[]
>;
const names = (c: 'server' | 'agent'): Set<string> => new Set([...flagFile[c], ...flagFile.global].map((f) => f.name));

describe('renderK3sConfig', () => {
  it('server-init: server command with cluster-init and only server flags', () => {
    const r = renderK3sConfig(spec(), secrets, { withNodeId: true, dataDir: '/data/k3s' });
    expect(r.command).toBe('server');
    expect(r.values['cluster-init']).toBe(true);
    expect(r.values).not.toHaveProperty('server');
    for (const k of Object.keys(r.values)) expect(names('server').has(k), k).toBe(true);
    expect(Object.keys(r.values).sort()).toEqual(
      [
        'token',
        'cluster-init',
        'node-name',
        'with-node-id',
        'node-label',
        'node-taint',
        'node-ip',
        'node-external-ip',
        'flannel-iface',
        'data-dir',
        'flannel-backend',
        'tls-san',
        'disable',
        'write-kubeconfig-mode',
        'secrets-encryption',
      ].sort(),
    );
    expect(r.values['tls-san']).toEqual(['10.1.0.10', 'k8s.example.org']);
    expect(r.values['node-ip']).toEqual(['10.1.0.2']);
    expect(r.values['write-kubeconfig-mode']).toBe('0600');
    expect(YAML.parse(r.yaml, { version: '1.1' })).toEqual(r.values);
  });

  it('joining server: server command with server URL, no cluster-init; datastore-endpoint kept', () => {
    const r = renderK3sConfig(
      spec({ role: 'server', serverUrl: 'https://10.1.0.10:6443', datastoreEndpoint: 'https://e1:2379' }),
      secrets,
    );
    expect(r.command).toBe('server');
    expect(r.values['server']).toBe('https://10.1.0.10:6443');
    expect(r.values).not.toHaveProperty('cluster-init');
    expect(r.values['datastore-endpoint']).toBe('https://e1:2379');
    for (const k of Object.keys(r.values)) expect(names('server').has(k), k).toBe(true);
  });

  it('agent: agent command, only agent flags (cluster-level server flags left out)', () => {
    const r = renderK3sConfig(spec({ role: 'agent', serverUrl: 'https://10.1.0.10:6443' }), secrets);
    expect(r.command).toBe('agent');
    for (const k of Object.keys(r.values)) expect(names('agent').has(k), k).toBe(true);
    for (const k of [
      'tls-san',
      'disable',
      'cluster-init',
      'write-kubeconfig-mode',
      'secrets-encryption',
      'flannel-backend',
    ]) {
      expect(r.values, k).not.toHaveProperty(k);
    }
    expect(r.values['server']).toBe('https://10.1.0.10:6443');
    expect(r.values['token']).toBe(secrets.token);
  });

  it('refuses a server-only key in an agent config, naming the key and command, before writing', () => {
    const run = (): unknown =>
      renderK3sConfig(spec({ role: 'agent', serverUrl: 'https://s:6443' }), secrets, { extra: { 'tls-san': ['x'] } });
    expect(run).toThrow(InvalidConfigKeyError);
    try {
      run();
    } catch (err) {
      expect((err as InvalidConfigKeyError).code).toBe('k3s-config-invalid-key');
      expect((err as InvalidConfigKeyError).key).toBe('tls-san');
      expect((err as InvalidConfigKeyError).command).toBe('agent');
    }
    // every server-only flag of the real list is refused for agents
    const serverOnly = [...names('server')].filter((n) => !names('agent').has(n));
    expect(serverOnly.length).toBeGreaterThan(50);
    for (const k of serverOnly) expect(() => validateConfigKeys('agent', [k]), k).toThrow(InvalidConfigKeyError);
    expect(() => validateConfigKeys('server', ['no-such-flag'])).toThrow(InvalidConfigKeyError);
    expect(() => validateConfigKeys('agent', ['disable-apiserver-lb', 'node-label+'])).not.toThrow();
    expect(isK3sFlag('server', 'disable-apiserver-lb')).toBe(false);
    expect(loadK3sFlags().agent.has('disable-apiserver-lb')).toBe(true);
  });

  it('servers advertise spec.advertiseAddress; agents never get the server-only key', () => {
    const server = renderK3sConfig(spec({ advertiseAddress: '10.1.0.2', nodeExternalIp: '185.1.2.3' }), secrets);
    expect(server.values['advertise-address']).toBe('10.1.0.2');
    expect(server.values['node-external-ip']).toEqual(['185.1.2.3']);
    expect(server.values['node-ip']).toEqual(['10.1.0.2']);
    expect(names('server').has('advertise-address')).toBe(true);
    expect(YAML.parse(server.yaml, { version: '1.1' })).toMatchObject({ 'advertise-address': '10.1.0.2' });

    const agent = renderK3sConfig(
      spec({ role: 'agent', serverUrl: 'https://10.1.0.10:6443', advertiseAddress: '10.1.0.2' }),
      secrets,
    );
    expect(agent.values).not.toHaveProperty('advertise-address');
    expect(names('agent').has('advertise-address')).toBe(false);

    // Unset: no advertise-address, and no node-external-ip unless the coordinator set one.
    const plain = renderK3sConfig(spec({ advertiseAddress: '', nodeExternalIp: '' }), secrets);
    expect(plain.values).not.toHaveProperty('advertise-address');
    expect(plain.values).not.toHaveProperty('node-external-ip');
  });

  it('omits empty values', () => {
    const r = renderK3sConfig(
      spec({
        tlsSans: [],
        nodeLabels: [' '],
        nodeTaints: [],
        nodeExternalIp: '',
        flannelIface: '',
        flannelBackend: '',
        disable: [],
        secretsEncryption: false,
      }),
      { ...secrets, token: '' },
    );
    expect(Object.keys(r.values).sort()).toEqual(
      ['cluster-init', 'node-ip', 'node-name', 'write-kubeconfig-mode'].sort(),
    );
  });

  it('rejects roles without k3s and joins without server URL or token', () => {
    expect(() => renderK3sConfig(spec({ role: 'lb' }), secrets)).toThrow(UnsupportedRoleError);
    expect(() => renderK3sConfig(spec({ role: 'none' }), secrets)).toThrow(UnsupportedRoleError);
    expect(() => renderK3sConfig(spec({ role: 'agent', serverUrl: '' }), secrets)).toThrow(InvalidConfigError);
    expect(() => renderK3sConfig(spec({ role: 'agent', serverUrl: 'http://s:6443' }), secrets)).toThrow(
      InvalidConfigError,
    );
    expect(() =>
      renderK3sConfig(spec({ role: 'server', serverUrl: 'https://s:6443' }), { ...secrets, token: '' }),
    ).toThrow(InvalidConfigError);
  });
});

describe('YAML 1.1 safety', () => {
  const tricky = [
    'yes',
    'no',
    'on',
    'off',
    'y',
    'n',
    'true',
    'Yes',
    'ON',
    '0755',
    '0644',
    '1e3',
    '0x1F',
    '1_000',
    '12:30',
    '~',
    'null',
    '',
    ' lead',
    'a: b',
    '#c',
    '- x',
    '"q"',
    "it's",
    'back\\slash',
    'multi\nline',
    '*ref',
    '&a',
    '!tag',
    '%x',
    '@x',
    '`x',
    '{a}',
    '[a]',
    'é',
    '.inf',
    '.nan',
  ];

  it('round-trips tricky strings through a YAML 1.1 reader', () => {
    const values = {
      token: 'yes',
      'node-name': '0755',
      'node-label': tricky,
      'cluster-init': true,
      'write-kubeconfig-mode': '0644',
    };
    const text = toYaml11(values);
    expect(YAML.parse(text, { version: '1.1' })).toEqual(values);
    // every string scalar is quoted
    for (const line of text.split('\n').filter((l) => l.trim() !== '')) {
      expect(line, line).toMatch(/^(\s*- "|[a-z-]+: "|[a-z-]+:$|cluster-init: true$)/);
    }
  });

  it('round-trips tricky values through a rendered config', () => {
    const r = renderK3sConfig(
      spec({
        nodeName: 'on',
        nodeLabels: tricky.filter((t) => t.trim() !== ''),
        flannelIface: 'yes',
        tlsSans: ['1e3', '~', 'null'],
      }),
      {
        ...secrets,
        token: '0755',
      },
      { writeKubeconfigMode: '0755' },
    );
    const back = YAML.parse(r.yaml, { version: '1.1' }) as Record<string, unknown>;
    expect(back).toEqual(r.values);
    expect(back['node-name']).toBe('on');
    expect(back['token']).toBe('0755');
    expect(back['write-kubeconfig-mode']).toBe('0755');
    expect(back['tls-san']).toEqual(['1e3', '~', 'null']);
  });

  it('the unquoted form would not round-trip (the test can fail)', () => {
    const plain = YAML.stringify({ a: 'yes', b: '0755' }, { version: '1.1', defaultStringType: 'PLAIN' });
    // yaml itself quotes these when it knows the 1.1 schema, so check with a hand-written plain document
    expect(YAML.parse('a: yes\nb: 0755\nc: ~\n', { version: '1.1' })).toEqual({ a: true, b: 493, c: null });
    expect(plain).toContain('"yes"');
  });
});
