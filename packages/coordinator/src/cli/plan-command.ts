/**
 * `k3sgrid plan --report a.json --report b.json [...]`: the offline planner
 * for operators with reports in hand (the JSON printed by
 * `k3sgrid-agent probe -o json`). Nothing is contacted.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Table from 'cli-table3';
import { Option, type Command } from 'commander';
import { z } from 'zod';
import { INIT_SYSTEMS, MODULE_STATES, type CapabilityReport } from '@k3sgrid/proto';
import {
  CNI_OPTIONS,
  PlannerError,
  ReportFileError,
  STORAGE_OPTIONS,
  planCluster,
  type CniOption,
  type Decision,
  type Plan,
  type PlanNode,
  type StorageOption,
} from '../planner/index.js';

/** Schema of a capability report file; optional hardware fields default to empty. */
export const capabilityReportSchema = z.object({
  kernelRelease: z.string(),
  modules: z.array(
    z.object({
      name: z.string().min(1),
      configSymbol: z.string().default(''),
      state: z.enum(MODULE_STATES),
      sourceFile: z.string().default(''),
    }),
  ),
  tools: z.array(z.object({ name: z.string().min(1), present: z.boolean(), path: z.string().default('') })),
  initSystem: z.enum(INIT_SYSTEMS).default('none'),
  cgroupVersion: z.number().int().min(0).max(2).default(0),
  cpuCount: z.number().int().min(0).default(0),
  memoryBytes: z.number().min(0).default(0),
  disks: z
    .array(
      z.object({ name: z.string(), sizeBytes: z.number().min(0), unused: z.boolean(), type: z.string().default('') }),
    )
    .default([]),
  addresses: z.array(z.string()).default([]),
  gridFarmId: z.string().default(''),
  gridNodeId: z.string().default(''),
  publicIp: z.string().default(''),
  arch: z.string().default(''),
  hostname: z.string().default(''),
  kernelConfigSource: z.string().default(''),
});

/** Reads and validates one report file; the node is named by its hostname, else the file's base name. */
export async function readReportFile(file: string): Promise<PlanNode> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ReportFileError(file, `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, {
      cause: err,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ReportFileError(file, 'not valid JSON', { cause: err });
  }
  const parsed = capabilityReportSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new ReportFileError(file, `not a capability report (${first})`);
  }
  const report: CapabilityReport = parsed.data;
  const name = report.hostname || path.basename(file).replace(/\.json$/i, '');
  return { name, report };
}

function decisionTable<O extends string>(title: string, d: Decision<O>, nodes: readonly string[]): string {
  const head = [title, 'usable', ...nodes, 'why'];
  // No colours: the output is read in logs and pasted into tickets.
  const table = new Table({
    head,
    wordWrap: true,
    colWidths: [22, 8, ...nodes.map((n) => Math.max(5, n.length + 2)), 80],
    style: { head: [], border: [] },
  });
  for (const [option, v] of Object.entries(d.options) as Array<[O, Decision<O>['options'][O]]>) {
    const name = option === d.choice ? `${option} (chosen)` : option;
    const why = [...v.reasons, ...v.warnings.map((w) => `warning: ${w}`)].join('\n');
    table.push([name, v.usable ? 'yes' : 'no', ...nodes.map((n) => (v.perNode[n]?.usable ? 'yes' : 'no')), why]);
  }
  const lines = [table.toString()];
  lines.push(`${title} choice: ${d.choice ?? 'none'}${d.requested === 'auto' ? ' (auto)' : ''}`);
  for (const w of d.warnings) lines.push(`warning: ${w}`);
  if (d.error !== undefined) lines.push(`error: ${d.error}`);
  return lines.join('\n');
}

/** Renders a plan for humans: per option and per node, usable or not and why. */
export function formatPlanTable(plan: Plan): string {
  const nodes = Object.keys(plan.labels);
  const labels = new Table({ head: ['node', 'labels'], style: { head: [], border: [] } });
  for (const n of nodes) labels.push([n, (plan.labels[n] ?? []).join('\n')]);
  return (
    [
      `catalog ${plan.catalogVersion}`,
      decisionTable('storage', plan.storage, nodes),
      decisionTable('cni', plan.cni, nodes),
      labels.toString(),
    ].join('\n\n') + '\n'
  );
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

interface PlanFlags {
  report: string[];
  storage: StorageOption | 'auto';
  cni: CniOption | 'auto';
  encryption: boolean;
  longhornRwx: boolean;
  cephfs: boolean;
  output: 'json' | 'table';
}

/** Adds the offline `plan` subcommand to the `k3sgrid` CLI. */
export function registerPlanCommand(program: Command): void {
  program
    .command('plan')
    .description('plan storage and CNI from capability reports (k3sgrid-agent probe -o json), offline')
    .requiredOption('--report <file>', 'a capability report; repeat once per node', collect, [])
    .addOption(new Option('--storage <option>', 'storage to use').choices(['auto', ...STORAGE_OPTIONS]).default('auto'))
    .addOption(new Option('--cni <option>', 'CNI to use').choices(['auto', ...CNI_OPTIONS]).default('auto'))
    .option('--encryption', 'pod traffic between nodes must be encrypted', false)
    .option('--longhorn-rwx', 'longhorn ReadWriteMany volumes are needed', false)
    .option('--cephfs', 'rook-ceph should also provide CephFS', false)
    .addOption(new Option('-o, --output <format>', 'output format').choices(['json', 'table']).default('table'))
    .action(async (flags: PlanFlags, cmd: Command) => {
      try {
        if (flags.report.length === 0) throw new ReportFileError('(none)', 'give at least one --report');
        const nodes = await Promise.all(flags.report.map(readReportFile));
        const plan = planCluster({
          nodes,
          storage: flags.storage,
          cni: flags.cni,
          encryption: flags.encryption,
          longhornRwx: flags.longhornRwx,
          cephfs: flags.cephfs,
        });
        process.stdout.write(flags.output === 'json' ? JSON.stringify(plan, null, 2) + '\n' : formatPlanTable(plan));
        // An explicit choice that cannot be met is a failed plan.
        if (plan.storage.choice === null || plan.cni.choice === null) process.exitCode = 3;
      } catch (err) {
        if (err instanceof PlannerError)
          cmd.error(`error: ${err.message} (${err.code})`, { exitCode: 2, code: err.code });
        throw err;
      }
    });
}
