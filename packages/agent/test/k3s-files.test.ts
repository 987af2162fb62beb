import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ManifestNameError,
  defaultFilePaths,
  manifestsDir,
  syncManifests,
  writeFileAtomic,
  writeK3sConfig,
  writeNodePassword,
} from '../src/k3s/index.js';
import { tempDir } from '@k3sgrid/testkit';
import { promises as fs } from 'node:fs';

let root: string;
beforeEach(() => {
  root = tempDir('k3s-files');
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

const mode = async (p: string): Promise<number> => (await fs.stat(p)).mode & 0o777;

describe('writeFileAtomic', () => {
  it('writes with mode 0600 regardless of umask and an existing wider mode', async () => {
    const f = path.join(root, 'a', 'b', 'file');
    await fs.mkdir(path.dirname(f), { recursive: true });
    await fs.writeFile(f, 'old', { mode: 0o644 });
    await fs.chmod(f, 0o666);
    const old = process.umask(0);
    try {
      await writeFileAtomic(f, 'new');
    } finally {
      process.umask(old);
    }
    expect(await fs.readFile(f, 'utf8')).toBe('new');
    expect(await mode(f)).toBe(0o600);
    expect((await fs.readdir(path.dirname(f))).sort()).toEqual(['file']); // no temp file left
  });

  it('replaces by rename: a reader never sees a partial file', async () => {
    const f = path.join(root, 'big');
    const a = 'A'.repeat(1 << 20);
    const b = 'B'.repeat(1 << 20);
    await writeFileAtomic(f, a);
    // An open handle on the old file keeps its inode alive: after the write it still reads the old content.
    const oldHandle = await fs.open(f, 'r');
    const inode = (await oldHandle.stat()).ino;
    await writeFileAtomic(f, b);
    expect((await fs.stat(f)).ino).not.toBe(inode);
    expect((await oldHandle.readFile('utf8')) === a).toBe(true);
    await oldHandle.close();
    let stop = false;
    const seen = new Set<string>();
    const reader = (async () => {
      while (!stop) {
        const t = await fs.readFile(f, 'utf8');
        seen.add(t === a ? 'a' : t === b ? 'b' : `partial:${t.length}`);
      }
    })();
    for (let i = 0; i < 20; i++) await writeFileAtomic(f, i % 2 === 0 ? b : a);
    stop = true;
    await reader;
    expect([...seen].filter((s) => s.startsWith('partial'))).toEqual([]);
  });
});

describe('k3s files', () => {
  it('writes config.yaml 0600 at the rooted path and leaves drop-ins alone', async () => {
    const paths = defaultFilePaths(root);
    const dropIn = path.join(root, 'etc/rancher/k3s/config.yaml.d/50-operator.yaml');
    await fs.mkdir(path.dirname(dropIn), { recursive: true });
    await fs.writeFile(dropIn, 'node-label+: ["x=y"]\n', { mode: 0o644 });
    const f = await writeK3sConfig(paths, 'token: "t"\n');
    expect(f).toBe(path.join(root, 'etc/rancher/k3s/config.yaml'));
    expect(await fs.readFile(f, 'utf8')).toBe('token: "t"\n');
    expect(await mode(f)).toBe(0o600);
    expect(await fs.readFile(dropIn, 'utf8')).toBe('node-label+: ["x=y"]\n');
    expect(await mode(dropIn)).toBe(0o644);
  });

  it('writes the node password with a newline, 0600', async () => {
    const f = await writeNodePassword(defaultFilePaths(root), 'abcdef0123456789');
    expect(f).toBe(path.join(root, 'etc/rancher/node/password'));
    expect(await fs.readFile(f, 'utf8')).toBe('abcdef0123456789\n');
    expect(await mode(f)).toBe(0o600);
  });

  it('syncs manifests: writes ours, removes our stale ones, keeps foreign files', async () => {
    const paths = { ...defaultFilePaths(root), dataDir: '/data/k3s' };
    const dir = manifestsDir(paths);
    expect(dir).toBe(path.join(root, 'data/k3s/server/manifests'));
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'k3sgrid-old.yaml'), 'old');
    await fs.writeFile(path.join(dir, 'operator.yaml'), 'mine');
    const r = await syncManifests(paths, [
      { name: 'k3sgrid-longhorn.yaml', content: 'kind: HelmChart\n' },
      { name: 'k3sgrid-ns.yaml', content: 'kind: Namespace\n' },
    ]);
    expect(r.written.sort()).toEqual(['k3sgrid-longhorn.yaml', 'k3sgrid-ns.yaml']);
    expect(r.removed).toEqual(['k3sgrid-old.yaml']);
    expect((await fs.readdir(dir)).sort()).toEqual(['k3sgrid-longhorn.yaml', 'k3sgrid-ns.yaml', 'operator.yaml']);
    expect(await mode(path.join(dir, 'k3sgrid-ns.yaml'))).toBe(0o600);
    // unchanged files are not rewritten
    const again = await syncManifests(paths, [{ name: 'k3sgrid-ns.yaml', content: 'kind: Namespace\n' }]);
    expect(again.written).toEqual([]);
    expect(again.removed).toEqual(['k3sgrid-longhorn.yaml']);
  });

  it('refuses manifest names outside our prefix or with paths', async () => {
    const paths = defaultFilePaths(root);
    await expect(syncManifests(paths, [{ name: 'evil.yaml', content: '' }])).rejects.toThrow(ManifestNameError);
    await expect(syncManifests(paths, [{ name: 'k3sgrid-../../x.yaml', content: '' }])).rejects.toThrow(
      ManifestNameError,
    );
    await expect(syncManifests(paths, [{ name: 'k3sgrid-x.sh', content: '' }])).rejects.toThrow(ManifestNameError);
  });
});
