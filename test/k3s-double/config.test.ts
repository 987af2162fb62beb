// Config-file and flag handling of the k3s test double (no processes).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parseToken } from './common.js';
import { configArgs, findConfigFile } from './config.js';
import { parseFlags, UsageError } from './flags.js';
import { tempDir } from '@k3sgrid/testkit';

const dir = tempDir('k3s-double-config');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeConfig(name: string, main: string | undefined, dropins: Record<string, string> = {}): string {
  const file = path.join(dir, name, 'config.yaml');
  mkdirSync(`${file}.d`, { recursive: true });
  if (main !== undefined) writeFileSync(file, main);
  for (const [n, t] of Object.entries(dropins)) writeFileSync(path.join(`${file}.d`, n), t);
  return file;
}

describe('config file', () => {
  it('inserts config args before CLI args: CLI overrides scalars and appends to lists', () => {
    const file = writeConfig('a', 'node-name: fromfile\nnode-label: [a=1, b=2]\n');
    const args = [...configArgs('server', file, true), '--node-name', 'fromcli', '--node-label=c=3'];
    const { flags } = parseFlags('server', args, {});
    expect(flags.str('node-name')).toBe('fromcli');
    expect(flags.list('node-label')).toEqual(['a=1', 'b=2', 'c=3']);
  });

  it('reads drop-ins in lexical order; key+ appends, plain keys replace', () => {
    const file = writeConfig('b', 'node-label: [a=1]\ntls-san: [one]\nnode-name: main\n', {
      '20-b.yaml': 'node-label+: [c=3]\ntls-san: [two]\n',
      '10-a.yml': 'node-label+: [b=2]\nnode-name: dropin\n',
      'ignored.txt': 'node-name: nope\n',
    });
    const { flags } = parseFlags('server', configArgs('server', file, true), {});
    expect(flags.list('node-label')).toEqual(['a=1', 'b=2', 'c=3']);
    expect(flags.list('tls-san')).toEqual(['two']);
    expect(flags.str('node-name')).toBe('dropin');
  });

  it('parses YAML 1.1 like yaml.v2: unquoted 0644 is the octal integer 420', () => {
    const file = writeConfig('c', 'write-kubeconfig-mode: 0644\ncluster-init: yes\n');
    expect(configArgs('server', file, true)).toEqual(['--write-kubeconfig-mode=420', '--cluster-init=true']);
  });

  it('server drops unknown keys with the k3s warning; agent keeps them and fails like urfave/cli', () => {
    const file = writeConfig('d', 'cluster-init: true\nbogus: 1\n');
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(configArgs('server', file, true)).toEqual(['--cluster-init=true']);
      expect(spy.mock.calls.map((c) => String(c[0])).join('')).toContain(
        'Unknown flag --bogus found in config.yaml, skipping',
      );
    } finally {
      spy.mockRestore();
    }
    const agentArgs = configArgs('agent', file, true);
    expect(() => parseFlags('agent', agentArgs, {})).toThrow(
      new UsageError('flag provided but not defined: -cluster-init'),
    );
  });

  it('K3S_CONFIG_FILE wins over --config', () => {
    expect(findConfigFile(['--config', '/a'], '/default', { K3S_CONFIG_FILE: '/env' })).toBe('/env');
    expect(findConfigFile(['-c=/a'], '/default', {})).toBe('/a');
    expect(findConfigFile([], '/default', {})).toBe('/default');
  });
});

describe('flags and tokens', () => {
  it('accepts aliases and single-dash flags, rejects unknown CLI flags', () => {
    const { flags } = parseFlags('agent', ['-s', 'https://x:6443', '-t=abc', '--with-node-id'], {});
    expect(flags.str('server')).toBe('https://x:6443');
    expect(flags.str('token')).toBe('abc');
    expect(flags.bool('with-node-id')).toBe(true);
    expect(() => parseFlags('agent', ['--tls-san=x'], {})).toThrow('flag provided but not defined: -tls-san');
    expect(() => parseFlags('server', ['--nope'], {})).toThrow('flag provided but not defined: -nope');
  });

  it('fills flags from their K3S_ env vars', () => {
    const { flags } = parseFlags('agent', [], { K3S_URL: 'https://e:6443', K3S_TOKEN: 'tok' });
    expect(flags.str('server')).toBe('https://e:6443');
    expect(flags.str('token')).toBe('tok');
  });

  it('parses tokens like clientaccess.parseToken', () => {
    const h = 'a'.repeat(64);
    expect(parseToken(`K10${h}::server:pw`)).toEqual({ caHash: h, username: 'server', password: 'pw' });
    expect(parseToken('justapassword')).toEqual({ caHash: '', username: '', password: 'justapassword' });
    expect(() => parseToken('K10abc::server:pw')).toThrow('invalid token CA hash length');
    expect(() => parseToken('')).toThrow('token must not be empty');
  });
});
