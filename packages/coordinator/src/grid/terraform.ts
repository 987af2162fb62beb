/**
 * Terraform for the `threefoldtech/grid` provider, from a {@link GridModel}.
 * One document is built, then written either as HCL (`main.tf`) or as
 * Terraform's JSON syntax (`main.tf.json`), so both forms always agree.
 *
 * Schema: threefoldtech/terraform-provider-grid at commit b7d1a8c7
 * (docs/resources/{scheduler,network,deployment,name_proxy}.md,
 * docs/data-sources/gateway_domain.md, internal/provider/*.go); fixture in
 * packaging/fixtures/terraform-provider-grid-schema.json.
 *
 * - `grid_scheduler` picks a node per VM. `wireguard = true` asks for full
 *   ZOS nodes: with wireguard, yggdrasil and public IPs all off the scheduler
 *   filters for ZOS-light nodes only (internal/provider/scheduler/request.go
 *   constructFilter), and a network over light nodes has no WireGuard peering
 *   (internal/provider/resource_network.go newNetwork picks ZNetLight when
 *   every node is light; tfgrid-sdk-go grid-client/workloads/network_light.go
 *   ZosWorkload ignores the peers), so private addresses would not route
 *   between nodes. One scheduler per plan run (`k3sgrid`, `k3sgrid_g2`, ...):
 *   the scheduler keeps names it already assigned (resource_scheduler.go
 *   parseRequests), and a new resource has unknown `nodes` at plan time, so
 *   adding VMs never touches the kept ones.
 * - `grid_network` with explicit `nodes_ip_range`: each node gets the /24 of
 *   the first VM of the plan placed on it (<a>.<b>.<2+slot>.0/24; the grid
 *   client keeps given ranges, tfgrid-sdk-go grid-client/workloads/network.go
 *   AssignNodesIPs, and gives WireGuard access the first free octet from 2).
 *   Each VM's private `ip` is host slot+1 of its node's subnet, computed by a
 *   chain of locals that only looks at VMs planned before it, so its
 *   expression never changes when VMs are added.
 * - one `grid_deployment` per VM, with an optional data disk.
 * - `gateway` access: `data.grid_gateway_domain` + `grid_name_proxy` with
 *   `tls_passthrough = true` (the agent pins the coordinator's CA, so the
 *   gateway must not terminate TLS; zosbase pkg/gateway/gateway.go routes a
 *   passthrough name by SNI on port 443).
 * - `mycelium` access: `mycelium_ip_seed` on each VM and `mycelium_keys` on
 *   the network (a VM's mycelium NIC needs its node's network resource to have
 *   a key: zosbase pkg/network/networker.go SetupMyceliumTap).
 */
import type { GridModel, GridVm } from './model.js';
import { deploymentNameFor } from './names.js';

/** A value in a Terraform document; `keyword` is a bare word in HCL (`type = string`) and a plain string in JSON. */
export type TfValue =
  string | number | boolean | { expr: string } | { keyword: string } | TfValue[] | { map: Record<string, TfValue> };

/** A block: attributes, then nested blocks (repeatable, in order). */
export interface TfBlock {
  attrs: Record<string, TfValue>;
  /** `single`: a block type that occurs once (JSON syntax writes an object, not an array). */
  blocks: Array<{ type: string; labels?: string[]; single?: boolean; body: TfBlock }>;
}

/** Top-level block types the document uses. */
export type TfTopType = 'terraform' | 'variable' | 'provider' | 'locals' | 'data' | 'resource' | 'output';

/** Top-level document, blocks in order. */
export interface TfDocument {
  blocks: Array<{ type: TfTopType; labels: string[]; body: TfBlock }>;
}

const NETWORK = 'k3sgrid';
const GATEWAY = 'k3sgrid_coordinator';

const block = (attrs: Record<string, TfValue>, blocks: TfBlock['blocks'] = []): TfBlock => ({ attrs, blocks });
const expr = (text: string): { expr: string } => ({ expr: text });

/** Scheduler resource name of a plan run. */
export function schedulerName(generation: number): string {
  return generation === 1 ? 'k3sgrid' : `k3sgrid_g${generation}`;
}

/** The VM's grid node: a fixed id, or its scheduler's choice. */
function nodeExpr(vm: GridVm): string {
  return vm.gridNodeId !== null
    ? String(vm.gridNodeId)
    : `grid_scheduler.${schedulerName(vm.generation)}.nodes["${vm.name}"]`;
}
const nodeRef = (vm: GridVm): TfValue => (vm.gridNodeId !== null ? vm.gridNodeId : expr(nodeExpr(vm)));

const subnetsLocal = (vm: GridVm): string => `k3sgrid_subnets_${vm.name}`;
const myceliumLocal = (vm: GridVm): string => `k3sgrid_mycelium_${vm.name}`;

/** `merge({ (tostring(node)) = value }, local.<previous>)`: earlier VMs win, so a node keeps its first VM's value. */
function chain(vm: GridVm, prev: GridVm | undefined, value: string, local: (v: GridVm) => string): TfValue {
  const entry = `{ (tostring(${nodeExpr(vm)})) = ${JSON.stringify(value)} }`;
  return expr(prev ? `merge(${entry}, local.${local(prev)})` : `merge(${entry})`);
}

/** The VM's private address: host `hostId` of its node's subnet. */
function ipExpr(vm: GridVm): string {
  return `cidrhost(local.${subnetsLocal(vm)}[tostring(${nodeExpr(vm)})], ${vm.hostId})`;
}

function envVars(vm: GridVm): TfValue {
  const env: Record<string, TfValue> = { ...vm.env };
  if (vm.coordinatorViaGateway)
    env.K3SGRID_COORDINATOR = expr(`format("wss://%s:443", data.grid_gateway_domain.${GATEWAY}.fqdn)`);
  // Known only at apply time when the scheduler picks the node.
  if (vm.gridNodeId === null) env.K3SGRID_GRID_NODE_ID = expr(`tostring(${nodeExpr(vm)})`);
  env.K3SGRID_NODE_IP = expr(ipExpr(vm));
  return { map: env };
}

/** The Terraform document for a model (shared by the HCL and JSON writers). */
export function terraformDocument(m: GridModel): TfDocument {
  const doc: TfDocument = { blocks: [] };
  doc.blocks.push({
    type: 'terraform',
    labels: [],
    body: block({}, [
      {
        type: 'required_providers',
        single: true,
        body: block({ grid: { map: { source: 'threefoldtech/grid', version: m.providerVersion } } }),
      },
    ]),
  });
  // The provider silently defaults to `dev` (provider.go: EnvDefaultFunc("NETWORK", "dev")): make it a choice.
  doc.blocks.push({
    type: 'variable',
    labels: ['grid_network'],
    body: block({ type: { keyword: 'string' }, description: 'ThreeFold Grid network: main, test, qa or dev' }, [
      {
        type: 'validation',
        body: block({
          condition: expr('contains(["main", "test", "qa", "dev"], var.grid_network)'),
          error_message: 'grid_network must be main, test, qa or dev.',
        }),
      },
    ]),
  });
  // The mnemonic comes from the environment (MNEMONIC), never from this file.
  doc.blocks.push({ type: 'provider', labels: ['grid'], body: block({ network: expr('var.grid_network') }) });

  const byGeneration = new Map<number, GridVm[]>();
  for (const vm of m.vms)
    if (vm.gridNodeId === null) byGeneration.set(vm.generation, [...(byGeneration.get(vm.generation) ?? []), vm]);
  for (const [generation, vms] of [...byGeneration.entries()].sort((a, b) => a[0] - b[0])) {
    // Servers added later must avoid the nodes of earlier servers (distinct is per scheduler resource).
    const earlierServers = m.vms.filter((v) => v.role === 'server' && v.generation < generation);
    doc.blocks.push({
      type: 'resource',
      labels: ['grid_scheduler', schedulerName(generation)],
      body: block(
        {},
        vms.map((v) => ({
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
            wireguard: v.fullNode,
            ...(v.role === 'server' && earlierServers.length > 0
              ? { node_exclude: expr(`[${earlierServers.map(nodeExpr).join(', ')}]`) }
              : {}),
          }),
        })),
      ),
    });
  }

  m.vms.forEach((vm, i) => {
    const prev = m.vms[i - 1];
    doc.blocks.push({
      type: 'locals',
      labels: [],
      body: block({
        [subnetsLocal(vm)]: chain(vm, prev, vm.subnet, subnetsLocal),
        ...(vm.myceliumKey !== null ? { [myceliumLocal(vm)]: chain(vm, prev, vm.myceliumKey, myceliumLocal) } : {}),
      }),
    });
  });

  const last = m.vms[m.vms.length - 1] as GridVm;
  const allFixed = m.vms.every((v) => v.gridNodeId !== null);
  doc.blocks.push({
    type: 'resource',
    labels: ['grid_network', NETWORK],
    body: block({
      name: m.networkName,
      description: `k3sgrid cluster ${m.cluster}`,
      nodes: allFixed
        ? [...new Set(m.vms.map((v) => v.gridNodeId as number))]
        : expr(`distinct([${m.vms.map(nodeExpr).join(', ')}])`),
      ip_range: m.ipRange,
      nodes_ip_range: expr(`local.${subnetsLocal(last)}`),
      ...(last.myceliumKey !== null ? { mycelium_keys: expr(`local.${myceliumLocal(last)}`) } : {}),
      add_wg_access: true,
      solution_type: 'k3sgrid',
    }),
  });

  if (m.gateway) {
    const g = m.gateway;
    doc.blocks.push({
      type: 'data',
      labels: ['grid_gateway_domain', GATEWAY],
      body: block({ node: g.nodeId, name: g.name }),
    });
    doc.blocks.push({
      type: 'resource',
      labels: ['grid_name_proxy', GATEWAY],
      body: block({
        node: g.nodeId,
        name: g.name,
        backends: [g.backend],
        tls_passthrough: true,
        ...(g.network !== undefined ? { network: g.network } : {}),
        description: `k3sgrid coordinator for cluster ${m.cluster}`,
        solution_type: 'k3sgrid',
      }),
    });
  }

  for (const vm of m.vms) {
    const vmBlocks: TfBlock['blocks'] =
      vm.diskGb > 0 ? [{ type: 'mounts', body: block({ name: 'data', mount_point: m.dataMountPoint }) }] : [];
    const vmBody = block(
      {
        name: vm.name,
        description: `k3sgrid ${m.cluster} ${vm.role}`,
        flist: vm.flist,
        cpu: vm.cpu,
        memory: vm.memoryMb,
        rootfs_size: vm.rootfsMb,
        entrypoint: vm.entrypoint,
        ip: expr(ipExpr(vm)),
        publicip: vm.publicIp,
        planetary: false,
        ...(vm.myceliumIpSeed !== null ? { mycelium_ip_seed: vm.myceliumIpSeed } : {}),
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
          name: deploymentNameFor(m.networkName, vm.name),
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
    if (vm.myceliumIpSeed !== null)
      doc.blocks.push({
        type: 'output',
        labels: [`${vm.name}_mycelium_ip`],
        body: block({ value: expr(`grid_deployment.${vm.name}.vms[0].mycelium_ip`) }),
      });
  }
  if (m.gateway)
    doc.blocks.push({
      type: 'output',
      labels: ['coordinator_fqdn'],
      body: block({ value: expr(`data.grid_gateway_domain.${GATEWAY}.fqdn`) }),
    });
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
  if ('keyword' in v) return v.keyword;
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
  // Like `terraform fmt`: `=` is aligned over a run of one-line attributes; a multi-line one stands alone.
  const rendered = Object.entries(b.attrs).map(([k, v]) => ({ k, text: hclValue(v, indent) }));
  let run: typeof rendered = [];
  const flush = (): void => {
    const width = Math.max(0, ...run.map((a) => a.k.length));
    for (const a of run) out.push(`${indent}${a.k.padEnd(width)} = ${a.text}`);
    run = [];
  };
  for (const a of rendered) {
    if (a.text.includes('\n')) {
      flush();
      out.push(`${indent}${a.k} = ${a.text}`);
    } else run.push(a);
  }
  flush();
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
  if ('keyword' in v) return v.keyword;
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
    // Several locals blocks say the same as one object with all their names.
    else if (b.type === 'locals') out.locals = { ...(out.locals ?? {}), ...body };
    else if (b.type === 'provider' || b.type === 'output' || b.type === 'variable')
      (out[b.type] ??= {})[b.labels[0] ?? ''] = body;
    else {
      const [type = '', name = ''] = b.labels;
      const byType = (out[b.type] ??= {}) as Record<string, Record<string, unknown>>;
      (byType[type] ??= {})[name] = body;
    }
  }
  return out;
}

const HEADER = (m: GridModel): string =>
  [
    `# k3sgrid: cluster ${m.cluster} on the ThreeFold Grid (generated by \`k3sgrid grid plan\`).`,
    '# Holds join tokens: keep this file (and the Terraform state) private. Tokens expire; run grid plan again rather than edit.',
    '# Apply with: export MNEMONIC=...; terraform init && terraform apply -var grid_network=main',
    ...m.warnings.map((w) => `# warning: ${w}`),
    '',
    '',
  ].join('\n');

/** The deployment as HCL (`main.tf`). */
export function renderTerraform(m: GridModel): string {
  return renderHcl(terraformDocument(m), HEADER(m));
}

/** The deployment as Terraform JSON (`main.tf.json`), pretty-printed. */
export function renderTerraformJson(m: GridModel): string {
  return `${JSON.stringify({ '//': `k3sgrid cluster ${m.cluster}: holds join tokens, keep private`, ...renderTfJson(terraformDocument(m)) }, null, 2)}\n`;
}
