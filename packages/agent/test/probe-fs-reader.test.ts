import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { nodeFsReader } from '../src/probe/index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'k3sgrid-fs-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('nodeFsReader.kind and symbolic links', () => {
  // Debian's open-iscsi ships /usr/bin/iscsiadm -> ../sbin/iscsiadm; with
  // the target gone the tool cannot run, so the live probe must not report it.
  it('on the live root, a dangling link is nothing there and a live one is its target', async () => {
    writeFileSync(path.join(dir, 'tool'), '#!/bin/sh\n');
    symlinkSync('tool', path.join(dir, 'live-link'));
    symlinkSync('gone', path.join(dir, 'dead-link'));
    const live = nodeFsReader('/');
    const rel = (f: string): string => path.relative('/', path.join(dir, f));
    expect(await live.kind(rel('live-link'))).toBe('file');
    expect(await live.kind(rel('dead-link'))).toBeNull();
    expect(await live.kind(rel('missing'))).toBeNull();
  });

  it('under a fixture root, a link to an absolute path outside it still marks presence', async () => {
    symlinkSync('/lib/systemd/systemd-not-in-this-fixture', path.join(dir, 'abs-link'));
    expect(await nodeFsReader(dir).kind('abs-link')).toBe('other');
    expect(await nodeFsReader(dir).kind('missing')).toBeNull();
  });
});
