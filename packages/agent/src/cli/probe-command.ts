/**
 * `k3sgrid-agent probe [--root DIR] [-o json|table]`: prints the capability
 * report without talking to anyone, so an operator can check a machine by hand.
 */
import path from 'node:path';
import { Option, type Command } from 'commander';
import { defaultExec } from '../k3s/deps.js';
import { ProbeError, formatReportTable, probeCapabilities } from '../probe/index.js';

/** Adds the `probe` subcommand to the agent CLI. */
export function registerProbeCommand(program: Command): void {
  program
    .command('probe')
    .description('print what this node (or a sysroot) can do: kernel modules, tools, init, cgroups, hardware')
    .option('--root <dir>', 'folder that stands for / (a sysroot or fixture)', '/')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['json', 'table']).default('table'))
    .action(async (opts: { root: string; output: 'json' | 'table' }, cmd: Command) => {
      try {
        // Only the live machine may be asked `zinit list`; a sysroot is read, never run.
        const live = path.resolve(opts.root) === '/';
        const report = await probeCapabilities({ root: opts.root, ...(live ? { exec: defaultExec } : {}) });
        process.stdout.write(
          opts.output === 'json' ? JSON.stringify(report, null, 2) + '\n' : formatReportTable(report),
        );
      } catch (err) {
        // Known probe failures get a clean one-line message and a non-zero exit.
        if (err instanceof ProbeError)
          cmd.error(`error: ${err.message} (${err.code})`, { exitCode: 2, code: err.code });
        throw err;
      }
    });
}
