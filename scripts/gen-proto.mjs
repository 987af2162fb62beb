#!/usr/bin/env node
// Generates the static protobuf code in packages/proto/gen from
// packages/proto/proto/k3sgrid.proto. With --check, regenerates into a
// temporary folder and fails if the committed files differ (CI runs this).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const proto = join(root, 'packages/proto/proto/k3sgrid.proto');
const outDir = join(root, 'packages/proto/gen');
const check = process.argv.includes('--check');
const bin = join(root, 'node_modules/.bin');

function generate(dir) {
  mkdirSync(dir, { recursive: true });
  const js = join(dir, 'k3sgrid.js');
  execFileSync(
    join(bin, 'pbjs'),
    ['-t', 'static-module', '-w', 'es6', '--force-number', '--no-beautify', '-o', js, proto],
    { stdio: 'inherit' },
  );
  // protobufjs/minimal has no ESM entry of its own; the .js suffix keeps Node's resolver happy.
  // 64-bit fields are plain numbers everywhere (framing.ts turns Long off for
  // decoding), but pbjs puts Long objects on the prototypes as the defaults of
  // absent fields, evaluated before framing.ts runs: an omitted uint64 then
  // read as {"low":0,"high":0,"unsigned":true}. The default is 0.
  const code = readFileSync(js, 'utf8')
    .replace('from "protobufjs/minimal"', 'from "protobufjs/minimal.js"')
    .replaceAll(/\$util\.Long \? \$util\.Long\.fromBits\(0,0,(?:true|false)\) : 0/g, '0');
  writeFileSync(js, code);
  execFileSync(join(bin, 'pbts'), ['-o', join(dir, 'k3sgrid.d.ts'), js], { stdio: 'inherit' });
}

if (check) {
  const tmp = mkdtempSync(join(tmpdir(), 'k3sgrid-proto-'));
  try {
    generate(tmp);
    let stale = false;
    for (const f of ['k3sgrid.js', 'k3sgrid.d.ts']) {
      const want = readFileSync(join(tmp, f), 'utf8');
      const have = existsSync(join(outDir, f)) ? readFileSync(join(outDir, f), 'utf8') : '';
      if (want !== have) {
        console.error(`proto:check: packages/proto/gen/${f} is stale; run npm run proto:gen`);
        stale = true;
      }
    }
    if (stale) process.exit(1);
    console.log('proto:check: generated code is up to date');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
} else {
  generate(outDir);
  console.log('proto:gen: wrote packages/proto/gen/k3sgrid.{js,d.ts}');
}
