#!/usr/bin/env node
// Launcher for `k3sgrid`: runs the built code from dist/ when `npm run build`
// made it, else the TypeScript sources through tsx (no build step needed).
import { existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/bin/k3sgrid.js', import.meta.url));
const src = fileURLToPath(new URL('../src/bin/k3sgrid.ts', import.meta.url));
const useDist = existsSync(dist) && process.env.K3SGRID_FROM_SOURCE !== '1';
const args = useDist ? [dist] : ['--conditions=source', '--import', 'tsx', src];
const child = spawn(process.execPath, [...args, ...process.argv.slice(2)], { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  else process.exit(code ?? 1);
});
