/**
 * `k3sgrid grid plan` rendering, checked against the provider's own rules as
 * read in its sources (each test names the file it follows): the Terraform
 * (HCL and JSON syntax) against the schema fixture
 * packaging/fixtures/terraform-provider-grid-schema.json
 * (threefoldtech/terraform-provider-grid at b7d1a8c7), the HCL against an
 * independent parser and, where terraform is installed, `terraform fmt` and
 * `terraform console`; planning rules (full nodes, idempotent growth, name
 * and size limits, node addresses, coordinator access) on the output itself.
 * cloud-init user-data is checked as YAML.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  AGENT_SYSTEMD_UNIT,
  GRID_NAME_MAX,
  GridPlanError,
  NODE_IMAGE_PACKAGES,
  buildGridModel,
  minRootfsMb,
  parsePlanRecord,
  renderCloudInit,
  renderPlanRecord,
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
/** Deterministic stand-in for crypto randomness (mycelium seeds and keys). */
function counterHex(): (n: number) => string {
  let i = 0;
  return (n) => (++i).toString(16).padStart(2 * n, '0');
}
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
  flist: 'https://hub.grid.tf/k3sgrid/k3sgrid-node.flist',
  coordinatorUrl: 'wss://coordinator.example.net:7443',
  providerVersion: '1.11.3',
  tokens: TOKENS,
};
const gatewayInput: GridPlanInput = {
  ...base,
  coordinatorUrl: '',
  access: 'gateway',
  gateway: { nodeId: 14, name: 'k3sgriddemo', backend: '203.0.113.9:8443' },
};
const myceliumInput: GridPlanInput = {
  ...base,
  publicIp: 'none',
  access: 'mycelium',
  coordinatorUrl: 'wss://[4a1:22:33::1]:8443',
  randomHex: counterHex(),
};

const code = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (err) {
    return err instanceof GridPlanError ? err.code : `other: ${String(err)}`;
  }
  return undefined;
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
  source: { repository: string; commit: string; files: string[] };
  provider: Record<string, { attributes: Record<string, AttrSchema> }>;
  resources: Record<string, BlockSchema>;
  data_sources: Record<string, BlockSchema>;
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
  terraform: { required_providers: { grid: { source: string; version: string } } };
  variable: Record<string, Record<string, unknown>>;
  provider: Record<string, Record<string, unknown>>;
  locals: Record<string, string>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  resource: Record<string, Record<string, Record<string, unknown>>>;
  output: Record<string, { value: string }>;
};

function schemaErrors(doc: TfJson): string[] {
  const errors: string[] = [];
  const check = (kind: 'resources' | 'data_sources', all: TfJson['resource'] | undefined): void => {
    for (const [type, instances] of Object.entries(all ?? {})) {
      const schema = fixture[kind][type];
      if (!schema) {
        errors.push(`${type}: ${kind} type not in the fixture`);
        continue;
      }
      for (const [name, body] of Object.entries(instances)) errors.push(...checkBlock(`${type}.${name}`, body, schema));
    }
  };
  check('resources', doc.resource);
  check('data_sources', doc.data);
  for (const [name, body] of Object.entries(doc.provider))
    errors.push(...checkBlock(`provider.${name}`, body, { attributes: fixture.provider.grid?.attributes ?? {} }));
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
    else if (b.type === 'locals') out.locals = { ...(out.locals ?? {}), ...b.body };
    else if (b.type === 'variable') {
      // `type = string` is a type keyword; the JSON syntax writes it as a plain string.
      const body = { ...b.body, ...(b.body.type === '${string}' ? { type: 'string' } : {}) };
      (out.variable ??= {})[b.labels[0] as string] = body;
    } else if (b.type === 'provider' || b.type === 'output') (out[b.type] ??= {})[b.labels[0] as string] = b.body;
    else if (b.type === 'resource' || b.type === 'data') {
      const byType = (out[b.type] ??= {}) as Record<string, Record<string, unknown>>;
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
const requestsOf = (doc: TfJson): Array<Record<string, unknown>> =>
  Object.values(doc.resource.grid_scheduler ?? {}).flatMap((s) => s.requests as Array<Record<string, unknown>>);

/** Top-level HCL blocks by their header line (`resource "grid_deployment" "server1"`), text as written. */
function hclBlocks(hcl: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of hcl.matchAll(/^(\S[^\n]*) \{\n[\s\S]*?\n\}\n/gm)) {
    const header = m[1] as string;
    const key = header === 'locals' ? `locals ${/^ {2}(\S+)/m.exec(m[0])?.[1] ?? ''}` : header;
    out.set(key, m[0]);
  }
  return out;
}

const terraformBin = spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0;

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
    ['gateway access', gatewayInput],
    ['mycelium access', myceliumInput],
  ];

  it.each(variants)('HCL parses and says the same as the JSON syntax: %s', (_name, input) => {
    const hcl = renderTerraform(buildGridModel(input));
    const fromHcl = hclAsJson(hcl);
    const json = jsonForm({ ...input, ...(input.randomHex ? { randomHex: counterHex() } : {}) });
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
    ((doc.resource.grid_scheduler?.k3sgrid?.requests as Array<Record<string, unknown>>)[0] ?? {}).wireguard = 'yes';
    expect(schemaErrors(doc)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('public_ip: not in the provider schema'),
        expect.stringContaining('cpu: "2" is not number'),
        expect.stringContaining('flist: required attribute missing'),
        expect.stringContaining('wireguard: "yes" is not bool'),
      ]),
    );
    const gw = jsonForm(gatewayInput);
    delete (gw.resource.grid_name_proxy?.k3sgrid_coordinator as Record<string, unknown>).backends;
    expect(schemaErrors(gw)).toEqual([expect.stringContaining('backends: required attribute missing')]);
  });

  it('the fixture names its source and the release tags it checked', () => {
    expect(fixture.source.repository).toContain('threefoldtech/terraform-provider-grid');
    expect(fixture.source.commit).toBe('b7d1a8c7849edb0954b338573f8cf68c48425536');
    expect(fixture.source.files).toEqual(
      expect.arrayContaining([
        'docs/resources/deployment.md',
        'docs/resources/network.md',
        'docs/resources/name_proxy.md',
        'docs/data-sources/gateway_domain.md',
      ]),
    );
  });

  it('exactly one public IP when asked for the registration node', () => {
    const doc = jsonForm(base);
    const vms = vmsOf(doc);
    expect(vms.filter((v) => v.publicip === true).map((v) => v.name)).toEqual(['lb1']);
    expect(requestsOf(doc).reduce((n, r) => n + (r.public_ips_count as number), 0)).toBe(1);
    // Registration mode server: the first server is the registration node.
    const noLb = vmsOf(jsonForm({ ...base, lb: false }));
    expect(noLb.filter((v) => v.publicip === true).map((v) => v.name)).toEqual(['server1']);
    expect(vmsOf(jsonForm({ ...base, publicIp: 'none' })).filter((v) => v.publicip === true)).toEqual([]);
    expect(vmsOf(jsonForm({ ...base, publicIp: 'servers' })).filter((v) => v.publicip === true)).toHaveLength(3);
  });

  it('spreads servers over distinct farms, then round-robin', () => {
    const doc = jsonForm({ ...base, farms: [11, 22, 33, 44] });
    const requests = requestsOf(doc);
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
    expect(code(() => buildGridModel({ ...base, servers: 2 }))).toBe('GRID_PLAN_INVALID');
    expect(code(() => buildGridModel({ ...base, nodes: 3 }))).toBe('GRID_PLAN_INVALID');
    expect(code(() => buildGridModel({ ...base, tokens: { server: 'x', agent: 'y' } }))).toBe('GRID_PLAN_INVALID');
    expect(code(() => buildGridModel({ ...base, coordinatorUrl: 'http://x' }))).toBe('GRID_PLAN_INVALID');
    expect(code(() => buildGridModel({ ...base, memoryMb: 512 }))).toBe('GRID_PLAN_INVALID');
    expect(code(() => buildGridModel({ ...base, flist: 'hub.grid.tf/x' }))).toBe('GRID_PLAN_INVALID');
  });

  it.skipIf(!terraformBin)('terraform fmt finds nothing to change in the HCL', () => {
    const dir = mkdtempSync(join(tmpdir(), 'k3sgrid-tf-'));
    try {
      for (const [i, [, input]] of variants.entries())
        writeFileSync(join(dir, `v${i}.tf`), renderTerraform(buildGridModel(input)));
      const r = spawnSync('terraform', ['fmt', '-check', '-diff', dir], { encoding: 'utf8' });
      expect(r.stdout).toBe('');
      expect(r.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('item 1: the scheduler asks for full ZOS nodes', () => {
  // terraform-provider-grid internal/provider/scheduler/request.go (b7d1a8c7) constructFilter: without
  // yggdrasil, wireguard, public_config or public IPs the node filter is [network-light, zmachine-light];
  // with any of them it is [network, zmachine]. resource_network.go newNetwork makes a ZNetLight when every
  // node is light, and tfgrid-sdk-go grid-client/workloads/network_light.go ZosWorkload ignores the peers.
  it('every request sets wireguard = true by default, so servers and the lb land on full nodes', () => {
    for (const input of [base, gatewayInput, myceliumInput, { ...base, publicIp: 'none' as const }]) {
      const requests = requestsOf(jsonForm(input));
      expect(requests.length).toBeGreaterThan(0);
      for (const r of requests)
        expect({ name: r.name, wireguard: r.wireguard, yggdrasil: r.yggdrasil }).toEqual({
          name: r.name,
          wireguard: true,
          yggdrasil: false,
        });
    }
  });

  it('light nodes only when asked, with a warning', () => {
    const m = buildGridModel({ ...base, nodeType: 'light' });
    expect(requestsOf(jsonForm({ ...base, nodeType: 'light' })).every((r) => r.wireguard === false)).toBe(true);
    expect(m.warnings.join(' ')).toMatch(/no WireGuard peering/);
  });
});

describe('item 2: growing a cluster keeps every existing VM exactly', () => {
  const first: GridPlanInput = {
    ...base,
    nodes: 3,
    servers: 1,
    lb: true,
    tokens: { server: 'S1', lb: 'L1', agent: 'A1' },
  };
  const plan1 = buildGridModel(first);
  const record = parsePlanRecord(renderPlanRecord(plan1));
  const plan2 = buildGridModel({ ...first, nodes: 5, existing: record, tokens: { agent: 'A2' } });

  it('plan 3, then 5: the first three VMs are byte-identical, in HCL and in JSON syntax', () => {
    const before = hclBlocks(renderTerraform(plan1));
    const after = hclBlocks(renderTerraform(plan2));
    const kept = ['server1', 'lb1', 'agent1'];
    for (const name of kept) {
      const dep = `resource "grid_deployment" "${name}"`;
      expect(before.get(dep)).toBeDefined();
      expect(after.get(dep)).toBe(before.get(dep));
      // The locals its address comes from are unchanged too.
      expect(after.get(`locals k3sgrid_subnets_${name}`)).toBe(before.get(`locals k3sgrid_subnets_${name}`));
    }
    // The first run's scheduler is untouched; the new VMs get their own.
    expect(after.get('resource "grid_scheduler" "k3sgrid"')).toBe(before.get('resource "grid_scheduler" "k3sgrid"'));
    expect([...after.keys()].filter((k) => k.startsWith('resource "grid_deployment"'))).toHaveLength(5);
    expect(after.get('resource "grid_scheduler" "k3sgrid_g2"')).toContain('name             = "agent2"');
    const j1 = JSON.parse(renderTerraformJson(plan1)) as TfJson;
    const j2 = JSON.parse(renderTerraformJson(plan2)) as TfJson;
    for (const name of kept)
      expect(JSON.stringify(j2.resource.grid_deployment?.[name])).toBe(
        JSON.stringify(j1.resource.grid_deployment?.[name]),
      );
  });

  it('only the new VMs get the new token, and only their roles need tokens', () => {
    expect(plan2.added).toBe(2);
    expect(plan2.tokenUses).toEqual({ agent: 2 });
    expect(plan2.vms.map((v) => `${v.name}:${v.env.K3SGRID_TOKEN ?? ''}`)).toEqual([
      'server1:S1',
      'lb1:L1',
      'agent1:A1',
      'agent2:A2',
      'agent3:A2',
    ]);
    // Nothing new: no token needed, and the same text.
    const same = buildGridModel({ ...first, existing: parsePlanRecord(renderPlanRecord(plan1)), tokens: {} });
    expect(same.tokenUses).toEqual({});
    expect(renderTerraform(same)).toBe(renderTerraform(plan1));
  });

  it('new servers avoid the nodes of earlier servers', () => {
    const grown = buildGridModel({ ...first, nodes: 5, servers: 3, existing: record, tokens: { server: 'S2' } });
    const doc = JSON.parse(renderTerraformJson(grown)) as TfJson;
    const g2 = doc.resource.grid_scheduler?.k3sgrid_g2?.requests as Array<Record<string, unknown>>;
    expect(g2.map((r) => r.name)).toEqual(['server2', 'server3']);
    for (const r of g2) expect(r.node_exclude).toBe('${[grid_scheduler.k3sgrid.nodes["server1"]]}');
    expect(schemaErrors(doc)).toEqual([]);
  });

  it('refuses to shrink or to change what the kept VMs were built with', () => {
    expect(code(() => buildGridModel({ ...first, nodes: 2, servers: 1, lb: false, existing: record }))).toBe(
      'GRID_PLAN_SHRINK',
    );
    expect(
      code(() =>
        buildGridModel({
          ...first,
          nodes: 5,
          existing: record,
          access: 'gateway',
          gateway: gatewayInput.gateway as never,
        }),
      ),
    ).toBe('GRID_PLAN_RECORD_CONFLICT');
    expect(code(() => buildGridModel({ ...first, nodes: 5, existing: record, ipRange: '10.30.0.0/16' }))).toBe(
      'GRID_PLAN_RECORD_CONFLICT',
    );
    expect(code(() => buildGridModel({ ...first, cluster: 'other', existing: record }))).toBe(
      'GRID_PLAN_RECORD_CONFLICT',
    );
    expect(code(() => parsePlanRecord('{"kind":"nope"}'))).toBe('GRID_PLAN_RECORD_CONFLICT');
  });
});

describe('item 3: names and sizes the grid accepts', () => {
  // zosbase pkg/gridtypes/id.go IsValidName: at most 36 characters of [a-zA-Z0-9_] (virtio fs tag length);
  // tfgrid-sdk-go grid-client/workloads/deployment.go validateName applies it to deployment names too.
  const long = 'a'.repeat(30) + '-' + 'b'.repeat(32); // 63 characters, a valid cluster name
  const long2 = 'a'.repeat(30) + '-' + 'c'.repeat(32);

  it('derives network, deployment and VM names of at most 36 characters from a 63-character cluster name', () => {
    expect(long).toHaveLength(63);
    const doc = jsonForm({ ...base, cluster: long });
    const names = [
      doc.resource.grid_network?.k3sgrid?.name,
      ...Object.values(doc.resource.grid_deployment ?? {}).map((d) => d.name),
      ...vmsOf(doc).map((v) => v.name),
    ] as string[];
    for (const n of names) {
      expect(n.length, n).toBeLessThanOrEqual(GRID_NAME_MAX);
      expect(n).toMatch(/^[a-zA-Z0-9_]+$/);
    }
    expect(new Set(names).size).toBe(names.length);
    // Two long names with the same start still get different networks.
    expect(jsonForm({ ...base, cluster: long2 }).resource.grid_network?.k3sgrid?.name).not.toBe(names[0]);
    for (const v of vmsOf(doc))
      expect((v.env_vars as Record<string, string>).K3SGRID_HOSTNAME?.length).toBeLessThanOrEqual(63);
    expect(schemaErrors(doc)).toEqual([]);
  });

  it('the root filesystem is at least 2 GB once cpu x memory reaches 8 GB (zosbase zmachine.go MinRootSize)', () => {
    expect(minRootfsMb(2, 4096)).toBe(2048);
    expect(minRootfsMb(1, 4096)).toBe(1024);
    expect(code(() => buildGridModel({ ...base, cpu: 2, memoryMb: 4096, rootfsMb: 1024 }))).toBe('GRID_PLAN_INVALID');
    expect(code(() => buildGridModel({ ...base, cpu: 2, memoryMb: 4096, rootfsMb: 2048 }))).toBeUndefined();
    expect(code(() => buildGridModel({ ...base, cpu: 1, memoryMb: 4096, rootfsMb: 1024 }))).toBeUndefined();
    try {
      buildGridModel({ ...base, cpu: 4, memoryMb: 8192, rootfsMb: 1500 });
    } catch (err) {
      expect((err as Error).message).toMatch(/at least 2048 MB/);
    }
  });
});

describe('item 4: each VM gets its private address from the network range, also as K3SGRID_NODE_IP', () => {
  it('the VM ip and K3SGRID_NODE_IP are the same expression over its node subnet; the network gets every subnet', () => {
    const doc = jsonForm(base);
    for (const vm of vmsOf(doc)) {
      const env = vm.env_vars as Record<string, string>;
      expect(vm.ip).toMatch(/^\$\{cidrhost\(local\.k3sgrid_subnets_/);
      expect(env.K3SGRID_NODE_IP).toBe(vm.ip);
    }
    expect(doc.resource.grid_network?.k3sgrid?.nodes_ip_range).toBe('${local.k3sgrid_subnets_agent2}');
    expect(Object.keys(doc.locals)).toEqual(
      ['server1', 'server2', 'server3', 'lb1', 'agent1', 'agent2'].map((n) => `k3sgrid_subnets_${n}`),
    );
  });

  /**
   * Evaluates the generated address expressions with the semantics of the
   * three Terraform functions they use (merge: later maps win; tostring;
   * cidrhost), so the property holds where terraform is not installed (CI);
   * the test below checks the same with the real terraform where it is.
   */
  function evaluateAddresses(
    doc: TfJson,
    scheduled: Record<string, number> = {},
  ): { ips: string[]; subnets: Record<string, string> } {
    const nodeOf = (e: string): string => {
      const m = /^grid_scheduler\.\w+\.nodes\["([^"]+)"\]$/.exec(e);
      const v = m ? scheduled[m[1] ?? ''] : Number(e);
      if (v === undefined || Number.isNaN(v)) throw new Error(`cannot evaluate node ${e}`);
      return String(v);
    };
    const locals = new Map<string, Record<string, string>>();
    for (const [name, raw] of Object.entries(doc.locals ?? {})) {
      const m = /^\$\{merge\(\{ \(tostring\((.+?)\)\) = "([^"]+)" \}(?:, local\.(\w+))?\)\}$/.exec(raw);
      if (!m) throw new Error(`unexpected local ${name}: ${raw}`);
      // merge(): a later argument's keys win, so the earlier VMs' subnets stay.
      locals.set(name, { [nodeOf(m[1] ?? '')]: m[2] ?? '', ...(m[3] ? locals.get(m[3]) : {}) });
    }
    const cidrhost = (cidr: string, n: number): string => {
      const [ip = '', bits = '32'] = cidr.split('/');
      const base = ip.split('.').reduce((a, o) => a * 256 + Number(o), 0) & ~(2 ** (32 - Number(bits)) - 1);
      const v = base + n;
      return [24, 16, 8, 0].map((sh) => Math.floor(v / 2 ** sh) % 256).join('.');
    };
    const ips = vmsOf(doc).map((vm) => {
      const m = /^\$\{cidrhost\(local\.(\w+)\[tostring\((.+?)\)\], (\d+)\)\}$/.exec(String(vm.ip));
      if (!m) throw new Error(`unexpected ip ${String(vm.ip)}`);
      const subnet = locals.get(m[1] ?? '')?.[nodeOf(m[2] ?? '')];
      if (!subnet) throw new Error(`no subnet for ${String(vm.ip)}`);
      return cidrhost(subnet, Number(m[3]));
    });
    const last = [...locals.values()].at(-1) ?? {};
    return { ips, subnets: last };
  }

  it('the addresses evaluate to one subnet per grid node and no collisions (fixed nodes, and scheduled ones)', () => {
    const fixed = evaluateAddresses(jsonForm({ ...base, farms: [], gridNodes: [101, 102, 101, 102, 101, 103] }));
    expect(fixed.ips).toEqual(['10.20.3.2', '10.20.4.3', '10.20.3.4', '10.20.4.5', '10.20.3.6', '10.20.8.7']);
    expect(fixed.subnets).toEqual({ '101': '10.20.3.0/24', '102': '10.20.4.0/24', '103': '10.20.8.0/24' });
    // Scheduled: the scheduler puts two VMs on node 7 and the rest apart.
    const names = vmsOf(jsonForm(base)).map((v) => String(v.name));
    const scheduled = Object.fromEntries(names.map((n, i) => [n, i < 2 ? 7 : 10 + i]));
    const s = evaluateAddresses(jsonForm(base), scheduled);
    expect(new Set(s.ips).size).toBe(s.ips.length);
    expect(s.ips[0]?.split('.').slice(0, 3)).toEqual(s.ips[1]?.split('.').slice(0, 3));
    // Every VM's K3SGRID_NODE_IP is its ip.
    for (const vm of vmsOf(jsonForm(base))) expect((vm.env_vars as Record<string, string>).K3SGRID_NODE_IP).toBe(vm.ip);
  });

  it.skipIf(!terraformBin)(
    'terraform evaluates the addresses: VMs sharing a node share its subnet, none collide',
    () => {
      const hcl = renderTerraform(buildGridModel({ ...base, farms: [], gridNodes: [101, 102, 101, 102, 101, 103] }));
      const locals = [...hcl.matchAll(/^locals \{\n[\s\S]*?\n\}\n/gm)].map((m) => m[0]).join('\n');
      const ips = [...hcl.matchAll(/^ {4}ip +(= .*)$/gm)].map((m, i) => `locals {\n  ip${i} ${m[1] ?? ''}\n}`);
      const dir = mkdtempSync(join(tmpdir(), 'k3sgrid-tfc-'));
      try {
        writeFileSync(join(dir, 'main.tf'), `${locals}\n${ips.join('\n')}\n`);
        // A console without a terminal evaluates only its last input line: ask for everything at once.
        const out = execFileSync('terraform', ['console'], {
          cwd: dir,
          input: `jsonencode({ addresses = [${ips.map((_, i) => `local.ip${i}`).join(', ')}], subnets = local.k3sgrid_subnets_agent2 })\n`,
          encoding: 'utf8',
        });
        const { addresses, subnets } = JSON.parse(JSON.parse(out.trim()) as string) as {
          addresses: string[];
          subnets: Record<string, string>;
        };
        expect(addresses).toEqual(['10.20.3.2', '10.20.4.3', '10.20.3.4', '10.20.4.5', '10.20.3.6', '10.20.8.7']);
        expect(subnets).toEqual({ '101': '10.20.3.0/24', '102': '10.20.4.0/24', '103': '10.20.8.0/24' });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

describe('item 5: how the VMs reach the coordinator', () => {
  it('public (default): the wss:// URL as given', () => {
    const doc = jsonForm(base);
    expect(doc.resource.grid_name_proxy).toBeUndefined();
    for (const vm of vmsOf(doc))
      expect((vm.env_vars as Record<string, string>).K3SGRID_COORDINATOR).toBe(base.coordinatorUrl);
  });

  it('gateway: a grid_name_proxy with tls_passthrough = true, and the VMs dial wss://<its fqdn>:443', () => {
    // zosbase pkg/gateway/gateway.go setupRoutingGeneric: a passthrough name is a TCP router on HostSNI(fqdn) (port 443).
    const doc = jsonForm(gatewayInput);
    expect(doc.resource.grid_name_proxy?.k3sgrid_coordinator).toMatchObject({
      node: 14,
      name: 'k3sgriddemo',
      backends: ['203.0.113.9:8443'],
      tls_passthrough: true,
    });
    expect(doc.data?.grid_gateway_domain?.k3sgrid_coordinator).toEqual({ node: 14, name: 'k3sgriddemo' });
    for (const vm of vmsOf(doc))
      expect((vm.env_vars as Record<string, string>).K3SGRID_COORDINATOR).toBe(
        '${format("wss://%s:443", data.grid_gateway_domain.k3sgrid_coordinator.fqdn)}',
      );
    expect(doc.output.coordinator_fqdn?.value).toBe('${data.grid_gateway_domain.k3sgrid_coordinator.fqdn}');
    expect(
      code(() => buildGridModel({ ...gatewayInput, gateway: { nodeId: 14, name: 'x', backend: 'https://x' } })),
    ).toBe('GRID_PLAN_INVALID');
    expect(code(() => renderTsClientModel(buildGridModel(gatewayInput)))).toBe('GRID_PLAN_UNSUPPORTED');
  });

  it('mycelium: a seed on every VM, a key per node on the network, a 400::/7 coordinator address', () => {
    // zosbase pkg/network/networker.go SetupMyceliumTap: the node's network resource must have a mycelium key.
    const doc = jsonForm(myceliumInput);
    const vms = vmsOf(doc);
    for (const vm of vms) {
      expect(vm.mycelium_ip_seed).toMatch(/^[0-9a-f]{12}$/); // 6 bytes (tfgrid-sdk-go zos/types.go MyceliumIPSeedLen)
      expect(vm.publicip).toBe(false);
    }
    expect(doc.resource.grid_network?.k3sgrid?.mycelium_keys).toBe('${local.k3sgrid_mycelium_agent2}');
    expect(doc.locals.k3sgrid_mycelium_server1).toMatch(/= "[0-9a-f]{64}" \}\)\}$/);
    expect(doc.output.server1_mycelium_ip?.value).toBe('${grid_deployment.server1.vms[0].mycelium_ip}');
    expect(code(() => buildGridModel({ ...myceliumInput, coordinatorUrl: 'wss://coordinator.example.net:8443' }))).toBe(
      'GRID_PLAN_INVALID',
    );
    expect(renderTsClientModel(buildGridModel(myceliumInput)).machines.machines.every((m) => m.mycelium)).toBe(true);
  });
});

describe('item 8: storage a grid VM can give', () => {
  it('refuses rook-ceph: a container-mode VM cannot get a raw, unmounted disk', () => {
    expect(code(() => buildGridModel({ ...base, storage: 'rook-ceph' }))).toBe('GRID_PLAN_UNSUPPORTED');
    expect(code(() => buildGridModel({ ...base, storage: 'local-path' }))).toBeUndefined();
  });
});

describe('item 10: provider version, grid network, public ports', () => {
  it('pins the exact provider version and refuses releases without the light-aware scheduler', () => {
    expect(jsonForm(base).terraform.required_providers.grid.version).toBe('1.11.3');
    for (const v of ['1.11.1', '1.11.2-dev', '1.10.0'])
      expect(code(() => buildGridModel({ ...base, providerVersion: v }))).toBe('GRID_PLAN_PROVIDER_TOO_OLD');
    expect(code(() => buildGridModel({ ...base, providerVersion: '~> 1.11' }))).toBe('GRID_PLAN_INVALID');
  });

  it('the grid network is a required variable, not the provider default (dev)', () => {
    const doc = jsonForm(base);
    const v = doc.variable.grid_network as Record<string, unknown>;
    expect(v.type).toBe('string');
    expect('default' in v).toBe(false);
    expect(JSON.stringify(v.validation)).toContain(
      'contains([\\"main\\", \\"test\\", \\"qa\\", \\"dev\\"], var.grid_network)',
    );
    expect(doc.provider.grid).toEqual({ network: '${var.grid_network}' });
  });

  it('says which ports a public IP opens: there is no grid firewall', () => {
    const all = buildGridModel({ ...base, publicIp: 'all' });
    const w = all.warnings.join(' ');
    expect(w).toMatch(/kubelet 10250\/tcp/);
    expect(w).toMatch(/flannel VXLAN 8472\/udp/);
    expect(w).toMatch(/no firewall/);
    expect(renderTerraform(all)).toMatch(/^# warning: no firewall/m);
    expect(buildGridModel({ ...base, publicIp: 'none' }).warnings.join(' ')).not.toMatch(/firewall/);
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
