/**
 * The plan record: a machine-readable copy of every planned VM, kept next to
 * the generated Terraform (`k3sgrid-plan.json` in the plan directory), so a
 * later `grid plan` keeps those VMs exactly and only adds new ones. Pure:
 * the CLI reads and writes the file.
 *
 * It holds the VMs' join tokens (they also sit in main.tf's env_vars, and a
 * kept VM must render byte-identical), so the CLI writes it 0600 like main.tf.
 */
import { z } from 'zod';
import { GridPlanError, type GridModel, type GridPlanRecord } from './model.js';

/** File name of the record inside the plan directory. */
export const PLAN_RECORD_FILE = 'k3sgrid-plan.json';

const Role = z.enum(['server', 'agent', 'lb']);
const Gateway = z
  .object({
    nodeId: z.number().int().positive(),
    name: z.string(),
    backend: z.string(),
    network: z.string().optional(),
  })
  .strict();
const Vm = z
  .object({
    name: z.string().regex(/^[a-z]+[0-9]+$/),
    role: Role,
    slot: z.number().int().min(1),
    generation: z.number().int().min(1),
    farmId: z.number().int().positive().nullable(),
    gridNodeId: z.number().int().positive().nullable(),
    cpu: z.number().int().positive(),
    memoryMb: z.number().int().positive(),
    rootfsMb: z.number().int().positive(),
    diskGb: z.number().int().min(0),
    publicIp: z.boolean(),
    distinct: z.boolean(),
    fullNode: z.boolean(),
    flist: z.string(),
    entrypoint: z.string(),
    subnet: z.string(),
    hostId: z.number().int().min(2).max(254),
    myceliumIpSeed: z
      .string()
      .regex(/^[0-9a-f]{12}$/)
      .nullable(),
    myceliumKey: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .nullable(),
    coordinatorViaGateway: z.boolean(),
    env: z.record(z.string(), z.string()),
  })
  .strict();
const Record = z
  .object({
    kind: z.literal('k3sgrid.grid-plan-record/v1'),
    cluster: z.string(),
    networkName: z.string(),
    ipRange: z.string(),
    access: z.enum(['public', 'gateway', 'mycelium']),
    gateway: Gateway.nullable(),
    nodeType: z.enum(['full', 'light']),
    vms: z.array(Vm),
  })
  .strict();

/** The record of a model (every VM, kept and new). */
export function planRecordOf(m: GridModel): GridPlanRecord {
  return {
    kind: 'k3sgrid.grid-plan-record/v1',
    cluster: m.cluster,
    networkName: m.networkName,
    ipRange: m.ipRange,
    access: m.access,
    gateway: m.gateway,
    nodeType: m.nodeType,
    vms: m.vms,
  };
}

/** The record's file text. */
export function renderPlanRecord(m: GridModel): string {
  return `${JSON.stringify(planRecordOf(m), null, 2)}\n`;
}

/**
 * Parses a record file.
 * @throws GridPlanError (grid-plan-record-conflict) when it is not a valid record.
 */
export function parsePlanRecord(text: string, file = PLAN_RECORD_FILE): GridPlanRecord {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new GridPlanError('grid-plan-record-conflict', `${file} is not JSON: ${(err as Error).message}`);
  }
  const r = Record.safeParse(json);
  if (!r.success)
    throw new GridPlanError(
      'grid-plan-record-conflict',
      `${file} is not a k3sgrid plan record: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  const slots = r.data.vms.map((v) => v.slot);
  if (slots.some((s, i) => s !== i + 1))
    throw new GridPlanError('grid-plan-record-conflict', `${file}: VM slots must be 1..n in order`);
  const { gateway, ...rest } = r.data;
  return {
    ...rest,
    gateway: gateway === null ? null : { ...gateway },
  } as GridPlanRecord;
}
