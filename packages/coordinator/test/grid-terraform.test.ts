/**
 * `k3sgrid grid plan` rendering: the Terraform (HCL and JSON syntax) is
 * checked against the provider schema fixture, the HCL against an
 * independent parser, and the placement rules (one public IP, servers over
 * farms) on the output itself. cloud-init user-data is checked as YAML.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  AGENT_SYSTEMD_UNIT,
  GridPlanError,
  NODE_IMAGE_PACKAGES,
  buildGridModel,
  renderCloudInit,
  renderTerraform,
  renderTerraformJson,
  renderTsClientModel,
  type GridPlanInput,
} from '../src/grid/index.js';

const REPO = new URL('../../../', import.meta.url);
const fixture = JSON.parse(
  readFileSync(new URL('packaging/fixtures/terraform-provider-grid-schema.json', REPO), 'utf8'),
) as SchemaFixture;

const TOKENS = {
  server: 'K3G1pinpinpin::srv.secret1',
  agent: 'K3G1pinpinpin::agt.secret2',
  lb: 'K3G1pinpinpin::lb.secret3',
};
const base: GridPlanInput = {
  cluster: 'demo-1',
  nodes: 6,
  servers: 3,
  lb: true,
  farms: [11, 22, 33],
  publicIp: 'lb',
  cpu: 2,
  memoryMb: 4096,
  rootfsMb: 10240,
  diskGb: 50,
  flist: 'https://hub.grid.tf/k3sgrid/k3sgrid-node-latest.flist',
  coordinatorUrl: 'wss://coordinator.example.net:7443',
  tokens: TOKENS,
};

// ------------------------------------------------------------------ schema check

interface AttrSchema {
  type: string;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  pattern?: string;
  min?: number;
  max?: number;
}
interface BlockSchema {
  attributes: Record<string, AttrSchema>;
  blocks?: Record<string, BlockSchema>;
  min?: number;
}
interface SchemaFixture {
  source: { repository: string; files: string[] };
  resources: Record<string, BlockSchema>;
}

const isExpr = (v: unknown): boolean => typeof v === 'string' && v.startsWith('${') && v.endsWith('}');

function typeOk(type: string, v: unknown): boolean {
  if (isExpr(v)) return true; // known at apply time; Terraform checks it then
  switch (type) {
    case 'string':
      return typeof v === 'string';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'bool':
      return typeof v === 'boolean';
    case 'map(string)':
      return (
        typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string')
      );
    case 'list(number)':
      return Array.isArray(v) && v.every((x) => typeof x === 'number');
    case 'list(string)':
      return Array.isArray(v) && v.every((x) => typeof x === 'string');
    default:
      return false;
  }
}

/** Every problem of `body` against `schema`, as `path: message`. */
function checkBlock(path: string, body: Record<string, unknown>, schema: BlockSchema): string[] {
  const errors: string[] = [];
  for (const [k, v] of Object.entries(body)) {
    const attr = schema.attributes[k];
    const sub = schema.blocks?.[k];
    if (attr) {
      if (attr.computed && !attr.optional && !attr.required) errors.push(`${path}.${k}: read-only attribute set`);
      else if (!typeOk(attr.type, v)) errors.push(`${path}.${k}: ${JSON.stringify(v)} is not ${attr.type}`);
      else if (attr.pattern && typeof v === 'string' && !isExpr(v) && !new RegExp(attr.pattern).test(v))
        errors.push(`${path}.${k}: ${v} does not match ${attr.pattern}`);
      else if (
        typeof v === 'number' &&
        ((attr.min !== undefined && v < attr.min) || (attr.max !== undefined && v > attr.max))
      )
        errors.push(`${path}.${k}: ${v} out of range`);
    } else if (sub) {
      if (!Array.isArray(v)) errors.push(`${path}.${k}: block must be a list of objects`);
      else
        v.forEach((item, i) => errors.push(...checkBlock(`${path}.${k}[${i}]`, item as Record<string, unknown>, sub)));
    } else errors.push(`${path}.${k}: not in the provider schema`);
  }
  for (const [k, a] of Object.entries(schema.attributes))
    if (a.required && !(k in body)) errors.push(`${path}.${k}: required attribute missing`);
  for (const [k, b] of Object.entries(schema.blocks ?? {}))
    if ((b.min ?? 0) > 0 && !Array.isArray(body[k])) errors.push(`${path}.${k}: required block missing`);
  return errors;
}

type TfJson = {
  terraform: { required_providers: { grid: { source: string } } };
  provider: Record<string, unknown>;
  resource: Record<string, Record<string, Record<string, unknown>>>;
  output: Record<string, { value: string }>;
};

function schemaErrors(doc: TfJson): string[] {
  const errors: string[] = [];
  for (const [type, instances] of Object.entries(doc.resource)) {
    const schema = fixture.resources[type];
    if (!schema) {
      errors.push(`${type}: resource type not in the fixture`);
      continue;
    }
    for (const [name, body] of Object.entries(instances)) errors.push(...checkBlock(`${type}.${name}`, body, schema));
  }
  return errors;
}

// ------------------------------------------------------------------ a small HCL parser (tests only)

type Tok = { t: 'ident' | 'string' | 'number' | 'punct' | 'nl' | 'eof'; v: string; start: number; end: number };

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (c === '#' || (c === '/' && src[i + 1] === '/')) {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === '\n') {
      toks.push({ t: 'nl', v: '\n', start: i, end: i + 1 });
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (c === '"') {
      const start = i;
      let out = '';
      i++;
      for (;;) {
        const d = src[i];
        if (d === undefined || d === '\n') throw new Error(`unterminated string at ${start}`);
        if (d === '"') break;
        if (d === '\\') {
          const e = src[i + 1];
          const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };
          if (e === 'u') {
            out += String.fromCharCode(parseInt(src.slice(i + 2, i + 6), 16));
            i += 6;
            continue;
          }
          if (e === undefined || !(e in map)) throw new Error(`bad escape \\${e ?? ''} at ${i}`);
          out += map[e] ?? '';
          i += 2;
          continue;
        }
        if (d === '$' && src[i + 1] === '{') throw new Error(`unescaped template sequence at ${i}`);
        if (d === '$' && src[i + 1] === '$' && src[i + 2] === '{') {
          out += '$${';
          i += 3;
          continue;
        }
        out += d;
        i++;
      }
      toks.push({ t: 'string', v: out, start, end: i + 1 });
      i++;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?/.exec(src.slice(i)) as RegExpExecArray;
      toks.push({ t: 'number', v: m[0], start: i, end: i + m[0].length });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(src.slice(i)) as RegExpExecArray;
      toks.push({ t: 'ident', v: m[0], start: i, end: i + m[0].length });
      i += m[0].length;
    } else if ('{}[]()=,.'.includes(c)) {
      toks.push({ t: 'punct', v: c, start: i, end: i + 1 });
      i++;
    } else throw new Error(`unexpected character ${JSON.stringify(c)} at ${i}`);
  }
  toks.push({ t: 'eof', v: '', start: i, end: i });
  return toks;
}

/** Parses HCL into the shape of Terraform's JSON syntax (blocks as arrays, expressions as "${...}"). */
function parseHcl(src: string): { blocks: Array<{ type: string; labels: string[]; body: Record<string, unknown> }> } {
  const toks = tokenize(src);
  let p = 0;
  const peek = (): Tok => toks[p] as Tok;
  const next = (): Tok => toks[p++] as Tok;
  const skipNl = (): void => {
    while (peek().t === 'nl') p++;
  };
  const expect = (v: string): void => {
    const t = next();
    if (t.v !== v) throw new Error(`expected ${v} at ${t.start}, got ${JSON.stringify(t.v)}`);
  };

  function rawExpr(): string {
    const start = peek().start;
    let depth = 0;
    let end = start;
    while (peek().t !== 'eof') {
      const t = peek();
      if (depth === 0 && (t.t === 'nl' || (t.t === 'punct' && (t.v === ',' || t.v === ']' || t.v === '}')))) break;
      if (t.t === 'punct' && '([{'.includes(t.v)) depth++;
      if (t.t === 'punct' && ')]}'.includes(t.v)) depth--;
      end = t.end;
      p++;
    }
    if (depth !== 0) throw new Error(`unbalanced expression at ${start}`);
    return `\${${src.slice(start, end)}}`;
  }

  function value(): unknown {
    const t = peek();
    if (t.t === 'string') return next().v;
    if (t.t === 'number') return Number(next().v);
    if (t.t === 'ident' && (t.v === 'true' || t.v === 'false')) return next().v === 'true';
    if (t.t === 'punct' && t.v === '[') {
      next();
      const items: unknown[] = [];
      skipNl();
      while (peek().v !== ']') {
        items.push(value());
        skipNl();
        if (peek().v === ',') next();
        skipNl();
      }
      expect(']');
      return items;
    }
    if (t.t === 'punct' && t.v === '{') {
      next();
      const obj: Record<string, unknown> = {};
      skipNl();
      while (peek().v !== '}') {
        const k = next();
        if (k.t !== 'ident' && k.t !== 'string') throw new Error(`bad object key at ${k.start}`);
        expect('=');
        obj[k.v] = value();
        skipNl();
        if (peek().v === ',') next();
        skipNl();
      }
      expect('}');
      return obj;
    }
    if (t.t === 'ident') return rawExpr();
    throw new Error(`unexpected ${JSON.stringify(t.v)} at ${t.start}`);
  }

  function body(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (;;) {
      skipNl();
      const t = peek();
      if (t.t === 'eof' || t.v === '}') return out;
      const name = next();
      if (name.t !== 'ident') throw new Error(`expected a name at ${name.start}, got ${JSON.stringify(name.v)}`);
      if (peek().v === '=') {
        next();
        if (name.v in out) throw new Error(`attribute ${name.v} set twice`);
        out[name.v] = value();
        const end = peek();
        if (end.t !== 'nl' && end.t !== 'eof' && end.v !== '}') throw new Error(`junk after ${name.v} at ${end.start}`);
      } else {
        const labels: string[] = [];
        while (peek().t === 'string') labels.push(next().v);
        expect('{');
        const b = body();
        expect('}');
        if (labels.length > 0) throw new Error(`labelled nested block ${name.v} not expected`);
        ((out[name.v] ??= []) as unknown[]).push(b);
      }
    }
  }

  const blocks: Array<{ type: string; labels: string[]; body: Record<string, unknown> }> = [];
  for (;;) {
    skipNl();
    if (peek().t === 'eof') break;
    const type = next();
    if (type.t !== 'ident') throw new Error(`expected a block type at ${type.start}`);
    const labels: string[] = [];
    while (peek().t === 'string') labels.push(next().v);
    expect('{');
    blocks.push({ type: type.v, labels, body: body() });
    expect('}');
  }
  return { blocks };
}

/** The HCL parse, reshaped like the JSON syntax (for a deep comparison). */
function hclAsJson(src: string): Record<string, unknown> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const b of parseHcl(src).blocks) {
    if (b.type === 'terraform') out.terraform = b.body;
    else if (b.type === 'provider' || b.type === 'output') (out[b.type] ??= {})[b.labels[0] as string] = b.body;
    else if (b.type === 'resource') {
      const byType = (out.resource ??= {}) as Record<string, Record<string, unknown>>;
      (byType[b.labels[0] as string] ??= {})[b.labels[1] as string] = b.body;
    } else throw new Error(`unexpected top-level block ${b.type}`);
  }
  return out;
}

function jsonForm(input: GridPlanInput): TfJson {
  const doc = JSON.parse(renderTerraformJson(buildGridModel(input))) as TfJson & { '//'?: string };
  delete doc['//'];
  return doc;
}

const vmsOf = (doc: TfJson): Array<Record<string, unknown>> =>
  Object.values(doc.resource.grid_deployment ?? {}).flatMap((d) => d.vms as Array<Record<string, unknown>>);

// ------------------------------------------------------------------ tests

describe('grid plan: Terraform', () => {
  const variants: Array<[string, GridPlanInput]> = [
    ['3 servers + lb + 2 workers over 3 farms, data disks', base],
    [
      '1 server, no farms (scheduler picks), no disk',
      { ...base, nodes: 2, servers: 1, lb: false, farms: [], diskGb: 0, publicIp: 'none' },
    ],
    [
      'fixed grid nodes, 5 servers',
      { ...base, nodes: 7, servers: 5, farms: [], gridNodes: [101, 102, 103, 104, 105, 106, 107] },
    ],
  ];

  it.each(variants)('HCL parses and says the same as the JSON syntax: %s', (_name, input) => {
    const hcl = renderTerraform(buildGridModel(input));
    const fromHcl = hclAsJson(hcl);
    const json = jsonForm(input);
    // JSON syntax writes the one required_providers block as an object.
    const normalized = { ...json, terraform: { required_providers: [json.terraform.required_providers] } };
    expect(fromHcl).toEqual(normalized);
  });

  it('the test HCL parser rejects broken HCL', () => {
    const hcl = renderTerraform(buildGridModel(base));
    expect(() => hclAsJson(hcl.replace(/\n}\n/, '\n'))).toThrow();
    expect(() => hclAsJson(hcl.replace('cpu         = 2', 'cpu         = 2 3'))).toThrow(/junk/);
    expect(() => hclAsJson(hcl.replace('"k3sgriddemo1"', '"k3sgrid${x}"'))).toThrow(/template/);
    expect(() => hclAsJson(hcl.replace('"threefoldtech/grid"', '"threefoldtech/grid'))).toThrow(/unterminated/);
  });

  it.each(variants)('JSON syntax matches the provider schema fixture: %s', (_name, input) => {
    const doc = jsonForm(input);
    expect(doc.terraform.required_providers.grid.source).toBe('threefoldtech/grid');
    expect(schemaErrors(doc)).toEqual([]);
  });

  it('the schema check catches what it should (unknown attribute, wrong type, missing required)', () => {
    const doc = jsonForm(base);
    const dep = doc.resource.grid_deployment?.server1 as Record<string, unknown>;
    const vm = (dep.vms as Array<Record<string, unknown>>)[0] as Record<string, unknown>;
    vm.public_ip = true;
    vm.cpu = '2';
    delete vm.flist;
    expect(schemaErrors(doc)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('public_ip: not in the provider schema'),
        expect.stringContaining('cpu: "2" is not number'),
        expect.stringContaining('flist: required attribute missing'),
      ]),
    );
  });

  it('the fixture names its source', () => {
    expect(fixture.source.repository).toContain('threefoldtech/terraform-provider-grid');
    expect(fixture.source.files).toEqual(
      expect.arrayContaining(['docs/resources/deployment.md', 'docs/resources/network.md']),
    );
  });

  it('exactly one public IP when asked for the registration node', () => {
    const doc = jsonForm(base);
    const vms = vmsOf(doc);
    expect(vms.filter((v) => v.publicip === true).map((v) => v.name)).toEqual(['lb1']);
    const requests = doc.resource.grid_scheduler?.k3sgrid?.requests as Array<Record<string, unknown>>;
    expect(requests.reduce((n, r) => n + (r.public_ips_count as number), 0)).toBe(1);
    // Registration mode server: the first server is the registration node.
    const noLb = vmsOf(jsonForm({ ...base, lb: false }));
    expect(noLb.filter((v) => v.publicip === true).map((v) => v.name)).toEqual(['server1']);
    expect(vmsOf(jsonForm({ ...base, publicIp: 'none' })).filter((v) => v.publicip === true)).toEqual([]);
    expect(vmsOf(jsonForm({ ...base, publicIp: 'servers' })).filter((v) => v.publicip === true)).toHaveLength(3);
  });

  it('spreads servers over distinct farms, then round-robin', () => {
    const doc = jsonForm({ ...base, farms: [11, 22, 33, 44] });
    const requests = doc.resource.grid_scheduler?.k3sgrid?.requests as Array<Record<string, unknown>>;
    const servers = requests.filter((r) => String(r.name).startsWith('server'));
    expect(new Set(servers.map((r) => r.farm_id)).size).toBe(3);
    expect(servers.every((r) => r.distinct === true)).toBe(true);
    expect(requests.map((r) => r.farm_id)).toEqual([11, 22, 33, 44, 11, 22]);
    // The farm also reaches the agent (failure domain for the election).
    for (const vm of vmsOf(doc)) {
      const req = requests.find((r) => r.name === vm.name) as Record<string, unknown>;
      expect((vm.env_vars as Record<string, string>).K3SGRID_FARM_ID).toBe(String(req.farm_id));
    }
    expect(buildGridModel({ ...base, farms: [11, 22] }).warnings.join(' ')).toMatch(/3 servers over 2 farm/);
  });

  it("each VM boots first-boot.sh with the coordinator URL and its role's token", () => {
    const doc = jsonForm(base);
    const vms = vmsOf(doc);
    expect(vms.map((v) => v.name)).toEqual(['server1', 'server2', 'server3', 'lb1', 'agent1', 'agent2']);
    for (const vm of vms) {
      const env = vm.env_vars as Record<string, string>;
      expect(vm.entrypoint).toBe('/usr/local/lib/k3sgrid/first-boot.sh');
      expect(env.K3SGRID_COORDINATOR).toBe(base.coordinatorUrl);
      const role = String(vm.name).replace(/[0-9]+$/, '') as 'server' | 'agent' | 'lb';
      expect(env.K3SGRID_TOKEN).toBe(TOKENS[role]);
      expect(env.K3SGRID_GRID_NODE_ID).toBe(`\${tostring(grid_scheduler.k3sgrid.nodes["${String(vm.name)}"])}`);
    }
    const net = doc.resource.grid_network?.k3sgrid as Record<string, unknown>;
    expect(net.nodes).toBe('${distinct(values(grid_scheduler.k3sgrid.nodes))}');
    expect(doc.resource.grid_deployment?.server1?.network_name).toBe('${grid_network.k3sgrid.name}');
  });

  it('fixed grid nodes need no scheduler', () => {
    const doc = jsonForm(variants[2]?.[1] as GridPlanInput);
    expect(doc.resource.grid_scheduler).toBeUndefined();
    expect(doc.resource.grid_network?.k3sgrid?.nodes).toEqual([101, 102, 103, 104, 105, 106, 107]);
    expect(doc.resource.grid_deployment?.server2?.node).toBe(102);
  });

  it('escapes template sequences in strings', () => {
    const input = { ...base, tokens: { ...TOKENS, server: 'a${b}%{c}' } };
    const hcl = renderTerraform(buildGridModel(input));
    expect(hcl).toContain('"a$${b}%%{c}"');
    expect(() => hclAsJson(hcl)).not.toThrow();
    expect((vmsOf(jsonForm(input))[0]?.env_vars as Record<string, string>).K3SGRID_TOKEN).toBe('a$${b}%%{c}');
  });

  it('refuses plans that cannot form a healthy cluster', () => {
    const code = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (err) {
        return err instanceof GridPlanError ? err.code : 'other';
      }
      return undefined;
    };
    expect(code(() => buildGridModel({ ...base, servers: 2 }))).toBe('GRID_PLAN_INVALID');
    expect(code(() => buildGridModel({ ...base, nodes: 3 }))).toBe('GRID_PLAN_INVALID');
    expect(code(() => buildGridModel({ ...base, tokens: { server: 'x', agent: 'y' } }))).toBe('GRID_PLAN_INVALID');
    expect(code(() => buildGridModel({ ...base, coordinatorUrl: 'http://x' }))).toBe('GRID_PLAN_INVALID');
    expect(code(() => buildGridModel({ ...base, memoryMb: 512 }))).toBe('GRID_PLAN_INVALID');
  });
});

describe('grid plan: JSON model for the grid TypeScript client', () => {
  it('is a MachinesModel with node filters', () => {
    const plan = renderTsClientModel(buildGridModel(base));
    expect(plan.machines.network).toEqual({ name: 'k3sgriddemo1', ip_range: '10.20.0.0/16', addAccess: true });
    expect(plan.machines.machines).toHaveLength(6);
    expect(plan.machines.machines.filter((m) => m.public_ip)).toHaveLength(1);
    for (const m of plan.machines.machines) {
      expect(m.name).toMatch(/^[A-Za-z0-9_]+$/);
      expect(m.rootfs_size).toBe(10); // GB for the TypeScript client
      expect(m.env.K3SGRID_TOKEN).toBeTruthy();
      expect(m.disks).toEqual([{ name: 'data', size: 50, mountpoint: '/var/lib/rancher' }]);
    }
    expect(plan.nodeFilters.map((f) => f.farmId)).toEqual([11, 22, 33, 11, 22, 33]);
    expect(plan.machines.network.name).toMatch(/^[A-Za-z0-9]+$/);
  });
});

describe('cloud-init', () => {
  const text = renderCloudInit({
    cluster: 'demo',
    role: 'agent',
    coordinatorUrl: 'wss://coordinator.example.net:7443',
    token: TOKENS.agent,
    agentUrl: 'https://downloads.example.net/k3sgrid-agent-0.1.0-linux-amd64.tar.gz',
    agentSha256: 'a'.repeat(64),
  });
  const doc = parseYaml(text) as {
    packages: string[];
    write_files: Array<{ path: string; permissions: string; content: string }>;
    runcmd: string[];
  };

  it('is YAML with the #cloud-config header', () => {
    expect(text.startsWith('#cloud-config\n')).toBe(true);
    expect(typeof doc).toBe('object');
  });

  it('installs the image packages, the env file (0600) and the unit, then fetches and starts the agent', () => {
    expect(doc.packages).toEqual(expect.arrayContaining([...NODE_IMAGE_PACKAGES]));
    const env = doc.write_files.find((f) => f.path === '/etc/k3sgrid/agent.env');
    expect(env?.permissions).toBe('0600');
    expect(env?.content).toContain(`K3SGRID_TOKEN=${TOKENS.agent}\n`);
    expect(env?.content).toContain('K3SGRID_COORDINATOR=wss://coordinator.example.net:7443\n');
    expect(doc.write_files.find((f) => f.path === '/etc/systemd/system/k3sgrid-agent.service')?.content).toBe(
      AGENT_SYSTEMD_UNIT,
    );
    const install = doc.write_files.find((f) => f.path === '/usr/local/lib/k3sgrid/install-agent.sh');
    expect(install?.permissions).toBe('0755');
    expect(install?.content).toContain("url='https://downloads.example.net/k3sgrid-agent-0.1.0-linux-amd64.tar.gz'");
    expect(install?.content).toContain(`want='${'a'.repeat(64)}'`);
    expect(doc.runcmd[0]).toBe('/usr/local/lib/k3sgrid/install-agent.sh');
    expect(doc.runcmd.at(-1)).toBe('systemctl enable --now k3sgrid-agent.service');
  });

  it('with installPackages false leaves apt out and changes nothing else', () => {
    const input = {
      cluster: 'demo',
      role: 'agent' as const,
      coordinatorUrl: 'wss://coordinator.example.net:7443',
      token: TOKENS.agent,
      agentUrl: 'https://downloads.example.net/k3sgrid-agent-0.1.0-linux-amd64.tar.gz',
    };
    const withApt = parseYaml(renderCloudInit(input)) as Record<string, unknown>;
    expect(withApt.package_update).toBe(true);
    const noApt = parseYaml(renderCloudInit({ ...input, installPackages: false })) as Record<string, unknown>;
    expect(noApt).not.toHaveProperty('package_update');
    expect(noApt).not.toHaveProperty('packages');
    expect({ ...noApt, package_update: withApt.package_update, packages: withApt.packages }).toEqual(withApt);
  });

  it('the install script fails with a clear message when neither curl nor wget exists', () => {
    const install = doc.write_files.find((f) => f.path === '/usr/local/lib/k3sgrid/install-agent.sh')?.content ?? '';
    // A PATH with only what the script needs before the download: no curl, no wget.
    const bin = mkdtempSync(join(tmpdir(), 'k3sgrid-install-'));
    try {
      for (const tool of ['mktemp', 'rm']) {
        const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
        symlinkSync(found, join(bin, tool));
      }
      const r = spawnSync('/bin/sh', ['-c', install], { encoding: 'utf8', env: { PATH: bin } });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(
        'k3sgrid: neither curl nor wget is installed: cannot fetch https://downloads.example.net/',
      );
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it('the install script unpacks the tarball without changing the modes of directories that exist', () => {
    const work = mkdtempSync(join(tmpdir(), 'k3sgrid-install-'));
    try {
      // A tarball packed under umask 077: every directory entry is 0700.
      const src = join(work, 'src');
      mkdirSync(join(src, 'usr/local/bin'), { recursive: true });
      writeFileSync(join(src, 'usr/local/bin/k3sgrid-agent'), '#!/bin/sh\necho 9.9.9\n', { mode: 0o755 });
      for (const d of ['usr', 'usr/local', 'usr/local/bin']) chmodSync(join(src, d), 0o700);
      const tarball = join(work, 'agent.tar.gz');
      expect(spawnSync('tar', ['-czf', tarball, '--owner=0', '--group=0', '-C', src, 'usr']).status).toBe(0);
      // The machine's root: /usr and /usr/local exist with their usual mode.
      const root = join(work, 'root');
      mkdirSync(join(root, 'usr/local'), { recursive: true });
      for (const d of ['', 'usr', 'usr/local']) chmodSync(join(root, d), 0o755);

      const script = renderCloudInit({
        cluster: 'd',
        role: 'agent',
        coordinatorUrl: 'wss://c:1',
        token: 't',
        agentUrl: `file://${tarball}`,
      });
      const install = (parseYaml(script) as typeof doc).write_files.find(
        (f) => f.path === '/usr/local/lib/k3sgrid/install-agent.sh',
      )?.content;
      expect(install).toContain('\nroot=/\n');
      const r = spawnSync('/bin/sh', ['-c', (install ?? '').replace('\nroot=/\n', `\nroot=${root}/\n`)], {
        encoding: 'utf8',
      });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout.trim()).toBe('9.9.9');
      const mode = (p: string): string => (statSync(join(root, p)).mode & 0o777).toString(8);
      expect([mode('usr'), mode('usr/local')]).toEqual(['755', '755']);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('refuses values that would break the env file or the script', () => {
    expect(() =>
      renderCloudInit({
        cluster: 'd',
        role: 'agent',
        coordinatorUrl: 'wss://c:1',
        token: 'a\nb',
        agentUrl: 'https://x/y',
      }),
    ).toThrow(GridPlanError);
    expect(() =>
      renderCloudInit({
        cluster: 'd',
        role: 'agent',
        coordinatorUrl: 'wss://c:1',
        token: 't',
        agentUrl: "https://x/'; rm -rf /",
      }),
    ).toThrow(GridPlanError);
  });

  it('the packaged systemd unit is the same text', () => {
    expect(readFileSync(new URL('packaging/rootfs/etc/systemd/system/k3sgrid-agent.service', REPO), 'utf8')).toBe(
      AGENT_SYSTEMD_UNIT,
    );
    const pkgs = readFileSync(new URL('packaging/rootfs/etc/k3sgrid/packages.txt', REPO), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    expect(pkgs).toEqual([...NODE_IMAGE_PACKAGES]);
  });
});
