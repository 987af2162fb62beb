#!/usr/bin/env node
/**
 * Entry point of the `k3sgrid` command.
 */
import { runCli } from '../cli/program.js';
import { registerServeCommand } from '../cli/serve-command.js';
import { registerPlanCommand } from '../cli/plan-command.js';
import { registerGridCommands } from '../cli/grid-command.js';

const code = await runCli(process.argv.slice(2), undefined, {
  extend: (program, io) => {
    registerServeCommand(program, io);
    registerPlanCommand(program);
    registerGridCommands(program, io);
  },
});
process.exitCode = code;
