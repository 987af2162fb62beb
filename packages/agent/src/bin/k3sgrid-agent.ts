#!/usr/bin/env node
/**
 * Entry point of the `k3sgrid-agent` command.
 */
import { runAgentCli } from '../cli/program.js';

process.exitCode = await runAgentCli(process.argv.slice(2));
