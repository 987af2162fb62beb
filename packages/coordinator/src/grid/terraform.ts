/**
 * Terraform for the `threefoldtech/grid` provider, from a {@link GridModel}.
 * One document is built, then written either as HCL (`main.tf`) or as
 * Terraform's JSON syntax (`main.tf.json`), so both forms always agree.
 *
 * Resources used (schema: threefoldtech/terraform-provider-grid
 * docs/resources/{scheduler,network,deployment}.md; fixture in
 * packaging/fixtures/terraform-provider-grid-schema.json):
 * - `grid_scheduler` picks a node per VM on the requested farm (unless grid
 *   node ids were given);
 * - `grid_network` is the private WireGuard network over those nodes;
 * - one `grid_deployment` per VM, with an optional data disk.
 */
import type { GridModel, GridVm } from './model.js';

/** A value in a Terraform document. */
export type TfValue = string | number | boolean | { expr: string } | TfValue[] | { map: Record<string, TfValue> };

/** A block: attributes, then nested blocks (repeatable, in order). */
export interface TfBlock {
  attrs: Record<string, TfValue>;
  /** `single`: a block type that occurs once (JSON syntax writes an object, not an array). */
  blocks: Array<{ type: string; labels?: string[]; single?: boolean; body: TfBlock }>;
}

/** Top-level document: `terraform`, `provider`, `resource` and `output` blocks in order. */
export interface TfDocument {
  blocks: Array<{ type: 'terraform' | 'provider' | 'resource' | 'output'; labels: string[]; body: TfBlock }>;
}

const SCHEDULER = 'k3sgrid';
const NETWORK = 'k3sgrid';

const block = (attrs: Record<string, TfValue>, blocks: TfBlock['blocks'] = []): TfBlock => ({ attrs, blocks });
const expr = (text: string): { expr: string } => ({ expr: text });

function nodeRef(vm: GridVm): TfValue {
  return vm.gridNodeId !== null ? vm.gridNodeId : expr(`grid_scheduler.${SCHEDULER}.nodes["${vm.name}"]`);
}

function envVars(vm: GridVm): TfValue {
  const env: Record<string, TfValue> = { ...vm.env };
  // The scheduler's choice is known only at apply time.
  if (vm.gridNodeId === null)
    env.K3SGRID_GRID_NODE_ID = expr(`tostring(grid_scheduler.${SCHEDULER}.nodes["${vm.name}"])`);
  return { map: env };
}

/** The Terraform document for a model (shared by the HCL and JSON writers). */
export function terraformDocument(m: GridModel): TfDocument {
  const doc: TfDocument = { blocks: [] };
  doc.blocks.push({
    type: 'terraform',
    labels: [],
    body: block({}, [
      { type: 'required_providers', single: true, body: block({ grid: { map: { source: 'threefoldtech/grid' } } }) },
    ]),
  });
  // Mnemonic and network come from the environment (MNEMONIC, NETWORK), never from this file.
  doc.blocks.push({ type: 'provider', labels: ['grid'], body: block({}) });

  const scheduled = m.vms.filter((v) => v.gridNodeId === null);
  if (scheduled.length > 0) {
    doc.blocks.push({
      type: 'resource',
      labels: ['grid_scheduler', SCHEDULER],
      body: block(
        {},
        scheduled.map((v) => ({
          type: 'requests',
          body: block({
            name: v.name,
            ...(v.farmId !== null ? { farm_id: v.farmId } : {}),
            cru: v.cpu,
            mru: v.memoryMb,
            sru: v.rootfsMb + v.diskGb * 1024,
            public_ips_count: v.publicIp ? 1 : 0,
            distinct: v.distinct,
            yggdrasil: false,
            wireguard: false,
          }),
        })),
      ),
    });
  }

  const fixedNodes = [...new Set(m.vms.filter((v) => v.gridNodeId !== null).map((v) => v.gridNodeId as number))];
  const nodes: TfValue =
    scheduled.length === 0
      ? fixedNodes
      : fixedNodes.length === 0
        ? expr(`distinct(values(grid_scheduler.${SCHEDULER}.nodes))`)
        : expr(`distinct(concat([${fixedNodes.join(', ')}], values(grid_scheduler.${SCHEDULER}.nodes)))`);
  doc.blocks.push({
    type: 'resource',
    labels: ['grid_network', NETWORK],
    body: block({
      name: m.networkName,
      description: `k3sgrid cluster ${m.cluster}`,
      nodes,
      ip_range: m.ipRange,
      add_wg_access: true,
      solution_type: 'k3sgrid',
    }),
  });

  for (const vm of m.vms) {
    const vmBlocks: TfBlock['blocks'] =
      vm.diskGb > 0 ? [{ type: 'mounts', body: block({ name: 'data', mount_point: m.dataMountPoint }) }] : [];
    const vmBody = block(
      {
        name: vm.name,
        description: `k3sgrid ${m.cluster} ${vm.role}`,
        flist: m.flist,
        cpu: vm.cpu,
        memory: vm.memoryMb,
        rootfs_size: vm.rootfsMb,
        entrypoint: m.entrypoint,
        publicip: vm.publicIp,
        planetary: false,
        env_vars: envVars(vm),
      },
      vmBlocks,
    );
    const depBlocks: TfBlock['blocks'] = [];
    if (vm.diskGb > 0)
      depBlocks.push({ type: 'disks', body: block({ name: 'data', size: vm.diskGb, description: 'k3s data' }) });
    depBlocks.push({ type: 'vms', body: vmBody });
    doc.blocks.push({
      type: 'resource',
      labels: ['grid_deployment', vm.name],
      body: block(
        {
          name: `${m.networkName}${vm.name}`,
          node: nodeRef(vm),
          network_name: expr(`grid_network.${NETWORK}.name`),
          solution_type: 'k3sgrid',
        },
        depBlocks,
      ),
    });
  }

  for (const vm of m.vms) {
    doc.blocks.push({
      type: 'output',
      labels: [`${vm.name}_ip`],
      body: block({ value: expr(`grid_deployment.${vm.name}.vms[0].ip`) }),
    });
    if (vm.publicIp)
      doc.blocks.push({
        type: 'output',
        labels: [`${vm.name}_public_ip`],
        body: block({ value: expr(`grid_deployment.${vm.name}.vms[0].computedip`) }),
      });
  }
  doc.blocks.push({
    type: 'output',
    labels: ['wireguard_config'],
    body: block({ value: expr(`grid_network.${NETWORK}.access_wg_config`), sensitive: true }),
  });
  return doc;
}

// ---------------------------------------------------------------- HCL writer

function hclString(s: string): string {
  // HCL strings: JSON-like escapes, plus `${` and `%{` start templates and must be doubled.
  return JSON.stringify(s).replace(/\$\{/g, '$$$${').replace(/%\{/g, '%%{');
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function hclValue(v: TfValue, indent: string): string {
  if (typeof v === 'string') return hclString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map((x) => hclValue(x, indent)).join(', ')}]`;
  if ('expr' in v) return v.expr;
  const entries = Object.entries(v.map);
  if (entries.length === 0) return '{}';
  const inner = indent + '  ';
  const width = Math.max(...entries.map(([k]) => (IDENT.test(k) ? k : hclString(k)).length));
  const lines = entries.map(
    ([k, x]) => `${inner}${(IDENT.test(k) ? k : hclString(k)).padEnd(width)} = ${hclValue(x, inner)}`,
  );
  return `{\n${lines.join('\n')}\n${indent}}`;
}

function hclBody(b: TfBlock, indent: string): string[] {
  const out: string[] = [];
  const keys = Object.keys(b.attrs);
  const width = Math.max(0, ...keys.map((k) => k.length));
  for (const [k, v] of Object.entries(b.attrs)) out.push(`${indent}${k.padEnd(width)} = ${hclValue(v, indent)}`);
  for (const nb of b.blocks) {
    if (out.length > 0) out.push('');
    const labels = (nb.labels ?? []).map((l) => ` ${hclString(l)}`).join('');
    out.push(`${indent}${nb.type}${labels} {`, ...hclBody(nb.body, indent + '  '), `${indent}}`);
  }
  return out;
}

/** HCL text of a document. */
export function renderHcl(doc: TfDocument, header = ''): string {
  const parts = doc.blocks.map((b) => {
    const labels = b.labels.map((l) => ` ${hclString(l)}`).join('');
    const body = hclBody(b.body, '  ');
    return body.length === 0 ? `${b.type}${labels} {}` : [`${b.type}${labels} {`, ...body, '}'].join('\n');
  });
  return `${header}${parts.join('\n\n')}\n`;
}

// ---------------------------------------------------------------- JSON writer

function jsonValue(v: TfValue): unknown {
  if (typeof v === 'string') return v.replace(/\$\{/g, '$$$${').replace(/%\{/g, '%%{');
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map(jsonValue);
  if ('expr' in v) return `\${${v.expr}}`;
  return Object.fromEntries(Object.entries(v.map).map(([k, x]) => [k, jsonValue(x)]));
}

function jsonBody(b: TfBlock): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(b.attrs)) out[k] = jsonValue(v);
  // Unlabelled nested blocks of one type become an array of objects.
  for (const nb of b.blocks) {
    if (nb.single) {
      out[nb.type] = jsonBody(nb.body);
      continue;
    }
    const list = (out[nb.type] as unknown[] | undefined) ?? [];
    list.push(jsonBody(nb.body));
    out[nb.type] = list;
  }
  return out;
}

/** Terraform JSON syntax (`*.tf.json`) of a document. */
export function renderTfJson(doc: TfDocument): Record<string, unknown> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const b of doc.blocks) {
    const body = jsonBody(b.body);
    if (b.type === 'terraform') out.terraform = body;
    else if (b.type === 'provider') (out.provider ??= {})[b.labels[0] ?? ''] = body;
    else if (b.type === 'output') (out.output ??= {})[b.labels[0] ?? ''] = body;
    else {
      const [type = '', name = ''] = b.labels;
      const resources = (out.resource ??= {}) as Record<string, Record<string, unknown>>;
      (resources[type] ??= {})[name] = body;
    }
  }
  return out;
}

const HEADER = (m: GridModel): string =>
  `# k3sgrid: cluster ${m.cluster} on the ThreeFold Grid (generated by \`k3sgrid grid plan\`).\n` +
  '# Holds join tokens: keep this file (and the Terraform state) private. Tokens expire; regenerate rather than edit.\n' +
  '# Apply with: export MNEMONIC=...; export NETWORK=main; terraform init && terraform apply\n\n';

/** The deployment as HCL (`main.tf`). */
export function renderTerraform(m: GridModel): string {
  return renderHcl(terraformDocument(m), HEADER(m));
}

/** The deployment as Terraform JSON (`main.tf.json`), pretty-printed. */
export function renderTerraformJson(m: GridModel): string {
  return `${JSON.stringify({ '//': `k3sgrid cluster ${m.cluster}: holds join tokens, keep private`, ...renderTfJson(terraformDocument(m)) }, null, 2)}\n`;
}
