/**
 * docs/from-zero.md stays true to the CLI: every `k3sgrid ...` command line in
 * its code blocks names an existing command and only options it has.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { buildProgram, registerGridCommands, registerPlanCommand, registerServeCommand } from '@k3sgrid/coordinator';
import { REPO_ROOT } from '../support/paths.js';

const io = { out: (): void => undefined, err: (): void => undefined };
const program = buildProgram(io, {
  extend: (p, i) => {
    registerServeCommand(p, i);
    registerPlanCommand(p);
    registerGridCommands(p, i);
  },
});

/** Command lines of the guide's code blocks, continuation lines joined. */
function commandLines(): string[] {
  const text = readFileSync(join(REPO_ROOT, 'docs/from-zero.md'), 'utf8');
  const blocks = [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  return blocks
    .flatMap((b) => b.replace(/\\\n\s*/g, ' ').split('\n'))
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => l.startsWith('k3sgrid '));
}

function check(line: string): string[] {
  const words = line.split(/\s+/).slice(1);
  let cmd: Command = program;
  const problems: string[] = [];
  while (words[0] && !words[0].startsWith('-')) {
    const sub = cmd.commands.find((c) => c.name() === words[0]);
    if (!sub) break;
    cmd = sub;
    words.shift();
  }
  if (cmd === program || cmd.commands.length > 0) problems.push(`${line}: no such command`);
  const known = new Set(
    [...cmd.options, ...program.options].flatMap((o) => [o.long, o.short].filter(Boolean) as string[]),
  );
  for (const w of words) {
    const flag = /^(--?[a-z0-9-]+)/i.exec(w)?.[1];
    if (flag && !known.has(flag)) problems.push(`${line}: ${cmd.name()} has no option ${flag}`);
  }
  return problems;
}

describe('docs/from-zero.md', () => {
  it('uses only commands and options the CLI has', () => {
    const lines = commandLines();
    expect(lines.length).toBeGreaterThanOrEqual(10);
    expect(lines.flatMap(check)).toEqual([]);
  });

  it('the check catches a wrong command or option', () => {
    expect(check('k3sgrid grid plann shop')).not.toEqual([]);
    expect(check('k3sgrid grid plan shop --bogus 1')).not.toEqual([]);
    expect(check('k3sgrid cluster')).not.toEqual([]);
  });
});
