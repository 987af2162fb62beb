/**
 * kubectl-style reads: `k3sgrid get clusters|nodes|tokens [NAME]` with
 * `-o table|wide|json|yaml|name` and `--watch` (re-rendered on live events),
 * and `k3sgrid describe cluster C|node N` (a readable multi-section report).
 */
import { Command, Option } from 'commander';
import type { ClusterViewT, EventViewT, NodeViewT, ReplicaViewT, TokenViewT } from '../api/views.js';
import { callApi, type Connection } from './client.js';
import { age, parseFormat, render, table, type Column, type OutputFormat } from './output.js';
import { followEvents } from './sse.js';
import { bold, paint, toneOf } from './style.js';

/** What the get/describe commands need from the program. */
export interface ReadContext {
  conn: () => Connection;
  out: (s: string) => void;
  err: (s: string) => void;
  /** Colour stdout (a TTY without NO_COLOR). */
  color: () => boolean;
  /** stdout is a terminal (watch redraws the screen instead of appending). */
  tty: () => boolean;
  /** Ends --watch (tests); Ctrl-C otherwise. */
  signal?: AbortSignal | undefined;
}

/** The API's views (one declaration, inferred from its schemas; see api/views.ts). */
export type ClusterDoc = ClusterViewT;
export type NodeDoc = NodeViewT;
export type TokenDoc = TokenViewT;
export type EventDoc = EventViewT;
export type Ratio = NonNullable<ClusterViewT['ready']>['servers'];

const ratio = (r: Ratio | undefined): string => (r ? `${r.ready}/${r.desired}` : '-');
/** "in 45m" / "12m ago" for an ISO time. */
export function relative(iso: string, now = Date.now()): string {
  const t = Date.parse(iso);
  return t >= now ? `in ${age(new Date(now - (t - now)).toISOString(), now)}` : `${age(iso, now)} ago`;
}

/** Columns of `get clusters`. */
export const CLUSTER_COLUMNS: Column<ClusterDoc>[] = [
  { header: 'NAME', get: (c) => c.name },
  { header: 'PHASE', get: (c) => c.phase, status: true },
  { header: 'SERVERS', get: (c) => ratio(c.ready?.servers) },
  { header: 'WORKERS', get: (c) => ratio(c.ready?.workers) },
  {
    header: 'REGISTRATION',
    get: (c) => `${c.spec.registration?.mode ?? '-'}${c.registrationAddress ? ` ${c.registrationAddress}` : ''}`,
  },
  { header: 'STORAGE', get: (c) => c.storage ?? '-' },
  { header: 'CNI', get: (c) => c.cni ?? '-' },
  { header: 'EPOCH', get: (c) => c.epoch },
  { header: 'AGE', get: (c) => age(c.createdAt) },
  { header: 'CONNECTED', get: (c) => `${c.nodes.connected}/${c.nodes.total}`, wide: true },
  { header: 'K3S', get: (c) => c.spec.k3sVersion ?? '-', wide: true },
  { header: 'ID', get: (c) => c.id, wide: true },
  { header: 'STATUS', get: (c) => c.statusMessage, wide: true },
];

/** Columns of `get nodes`; `clusterName` maps ids to names. */
export function nodeColumns(clusterName: (id: string) => string): Column<NodeDoc>[] {
  return [
    { header: 'NAME', get: (n) => n.name },
    { header: 'CLUSTER', get: (n) => clusterName(n.clusterId) },
    { header: 'ROLE', get: (n) => n.role },
    { header: 'PHASE', get: (n) => n.phase, status: true },
    { header: 'CONNECTED', get: (n) => (n.revoked ? 'revoked' : n.connected ? 'yes' : 'no'), status: true },
    { header: 'ADDRESS', get: (n) => n.address || '-' },
    { header: 'LAST SEEN', get: (n) => age(n.lastSeenAt) },
    { header: 'AGE', get: (n) => age(n.enrolledAt) },
    { header: 'HOSTNAME', get: (n) => n.hostname, wide: true },
    { header: 'AGENT', get: (n) => n.agentVersion, wide: true },
    { header: 'ID', get: (n) => n.id, wide: true },
    { header: 'LAST ERROR', get: (n) => n.lastError, wide: true },
  ];
}

/** Columns of `get tokens`. */
export function tokenColumns(clusterName: (id: string) => string): Column<TokenDoc>[] {
  return [
    { header: 'ID', get: (t) => t.id },
    { header: 'CLUSTER', get: (t) => clusterName(t.clusterId) },
    { header: 'STATE', get: (t) => t.state, status: true },
    { header: 'ROLES', get: (t) => t.roles.join(',') },
    { header: 'USES', get: (t) => `${t.uses}/${t.maxUses}` },
    { header: 'EXPIRES', get: (t) => relative(t.expiresAt) },
    { header: 'CREATED', get: (t) => t.createdAt, wide: true },
    { header: 'DESCRIPTION', get: (t) => t.description, wide: true },
  ];
}

/** A row of `GET /v1/replicas`. */
export type ReplicaDoc = ReplicaViewT;

/** Columns of `get replicas`. */
export const REPLICA_COLUMNS: Column<ReplicaDoc>[] = [
  { header: 'URL', get: (r) => r.url },
  { header: 'LEADER', get: (r) => (r.leader ? 'yes' : '') },
  { header: 'LAST SEEN', get: (r) => age(r.seenAt) },
  { header: 'AGE', get: (r) => age(r.startedAt) },
  { header: 'ID', get: (r) => r.id, wide: true },
  { header: 'ANSWERED', get: (r) => (r.self ? 'yes' : ''), wide: true },
];

const enc = encodeURIComponent;

async function clusterNames(c: Connection): Promise<(id: string) => string> {
  const r = await callApi<{ items: ClusterDoc[] }>(c, 'GET', '/v1/clusters');
  const m = new Map(r.items.map((x) => [x.id, x.name]));
  return (id) => m.get(id) ?? id;
}

interface Resource<T> {
  names: string[];
  describe: string;
  key: (t: T) => string;
  /** Fetches the rows (one when `name` is given). */
  fetch: (
    c: Connection,
    name: string | undefined,
    o: { cluster?: string },
  ) => Promise<{ rows: T[]; raw: unknown; columns: Column<T>[] }>;
}

const RESOURCES: Array<Resource<never>> = [
  {
    names: ['clusters', 'cluster', 'cl'],
    describe: 'clusters: phase, epoch, registration, servers and workers ready, storage, CNI',
    key: (x: ClusterDoc) => x.name,
    fetch: async (c, name) => {
      if (name) {
        const one = await callApi<ClusterDoc>(c, 'GET', `/v1/clusters/${enc(name)}`);
        return { rows: [one], raw: one, columns: CLUSTER_COLUMNS };
      }
      const r = await callApi<{ items: ClusterDoc[] }>(c, 'GET', '/v1/clusters');
      return { rows: r.items, raw: r.items, columns: CLUSTER_COLUMNS };
    },
  } as Resource<ClusterDoc>,
  {
    names: ['nodes', 'node', 'no'],
    describe: 'nodes: cluster, role, phase, connection, address',
    key: (x: NodeDoc) => x.name,
    fetch: async (c, name, o) => {
      const names = await clusterNames(c);
      if (name) {
        const one = await callApi<NodeDoc>(c, 'GET', `/v1/nodes/${enc(name)}`);
        delete one.report;
        return { rows: [one], raw: one, columns: nodeColumns(names) };
      }
      const r = await callApi<{ items: NodeDoc[] }>(
        c,
        'GET',
        `/v1/nodes${o.cluster ? `?cluster=${enc(o.cluster)}` : ''}`,
      );
      return { rows: r.items, raw: r.items, columns: nodeColumns(names) };
    },
  } as Resource<NodeDoc>,
  {
    names: ['tokens', 'token', 'join-tokens'],
    describe: 'join tokens (never their secrets)',
    key: (x: TokenDoc) => x.id,
    fetch: async (c, name, o) => {
      const names = await clusterNames(c);
      const r = await callApi<{ items: TokenDoc[] }>(
        c,
        'GET',
        o.cluster ? `/v1/clusters/${enc(o.cluster)}/join-tokens` : '/v1/join-tokens',
      );
      const rows = name ? r.items.filter((t) => t.id === name) : r.items;
      if (name && rows.length === 0) throw new Error(`token ${name} not found`);
      return { rows, raw: name ? rows[0] : rows, columns: tokenColumns(names) };
    },
  } as Resource<TokenDoc>,
  {
    names: ['replicas', 'replica'],
    describe: 'coordinator replicas and which one leads formation',
    key: (x: ReplicaDoc) => x.id,
    fetch: async (c, name) => {
      const r = await callApi<{ items: ReplicaDoc[] }>(c, 'GET', '/v1/replicas');
      const rows = name ? r.items.filter((x) => x.id === name || x.url === name) : r.items;
      if (name && rows.length === 0) throw new Error(`replica ${name} not found`);
      return { rows, raw: name ? rows[0] : r, columns: REPLICA_COLUMNS };
    },
  } as Resource<ReplicaDoc>,
] as unknown as Array<Resource<never>>;

/**
 * Reads and renders a resource as `get` does: the one read path behind
 * `get clusters|nodes|tokens` and `cluster list`, `node list`, `token list`.
 */
export async function readResource(
  kind: 'clusters' | 'nodes' | 'tokens' | 'replicas',
  c: Connection,
  name: string | undefined,
  o: { cluster?: string; output: OutputFormat; color: boolean },
): Promise<string> {
  const res = (RESOURCES as unknown as Array<Resource<unknown>>).find((r) => r.names[0] === kind);
  if (!res) throw new Error(`unknown resource ${kind}`);
  const { rows, raw, columns } = await res.fetch(c, name, o.cluster ? { cluster: o.cluster } : {});
  return render(o.output, rows, columns, raw, {
    color: o.color,
    name: (r: unknown) => `${kind.replace(/s$/, '')}/${res.key(r)}`,
  });
}

const outOption = (): Option =>
  new Option('-o, --output <format>', 'table, wide, json, yaml or name').default('table').argParser(parseFormat);

/** Adds `get` and `describe` to the program. */
export function registerReadCommands(program: Command, ctx: ReadContext): void {
  const get = program
    .command('get')
    .description('list clusters, nodes, tokens or replicas (kubectl style); --watch follows live changes');
  for (const res of RESOURCES as unknown as Array<Resource<unknown>>) {
    const [primary, ...aliases] = res.names;
    get
      .command(`${primary} [name]`)
      .aliases(aliases)
      .description(res.describe)
      .option('--cluster <cluster>', 'only this cluster (nodes, tokens)')
      .option('-w, --watch', 'keep running and re-render on every change (Ctrl-C to stop)')
      .addOption(outOption())
      .action(async (name: string | undefined, o: { cluster?: string; watch?: boolean; output: OutputFormat }) => {
        const c = ctx.conn();
        const draw = async (): Promise<{ text: string; rows: unknown[]; columns: Column<unknown>[] }> => {
          const { rows, raw, columns } = await res.fetch(c, name, o);
          return {
            text: render(o.output, rows, columns, raw, {
              color: ctx.color(),
              name: (r: unknown) => `${primary?.replace(/s$/, '')}/${res.key(r)}`,
            }),
            rows,
            columns,
          };
        };
        const first = await draw();
        if (!o.watch) return ctx.out(first.text);
        await watch(ctx, o.output, res, first, draw, o.cluster);
      });
  }

  const describe = program
    .command('describe')
    .description('show one cluster or node in detail: members, plan, capabilities, events');
  describe
    .command('cluster <cluster>')
    .description('a cluster: status, readiness, nodes, storage and CNI plan, recent events')
    .addOption(
      new Option('-o, --output <format>', 'text, json or yaml').choices(['text', 'json', 'yaml']).default('text'),
    )
    .action(async (id: string, o: { output: string }) => {
      if (o.output === 'text') return ctx.out(await describeClusterText(ctx.conn(), id, ctx.color()));
      const c = ctx.conn();
      const cl = await callApi<ClusterDoc>(c, 'GET', `/v1/clusters/${enc(id)}`);
      const ev = await callApi<{ items: EventDoc[] }>(c, 'GET', `/v1/events?cluster=${enc(cl.id)}&limit=1000`);
      ctx.out(render(o.output as OutputFormat, [], [], { ...cl, events: ev.items.slice(-50) }));
    });
  describe
    .command('node <node>')
    .description('a node: status, capability report with evidence, drift history, recent events')
    .addOption(
      new Option('-o, --output <format>', 'text, json or yaml').choices(['text', 'json', 'yaml']).default('text'),
    )
    .action(async (id: string, o: { output: string }) => {
      if (o.output === 'text') return ctx.out(await describeNodeText(ctx.conn(), id, ctx.color()));
      const c = ctx.conn();
      const n = await callApi<NodeDoc>(c, 'GET', `/v1/nodes/${enc(id)}`);
      const ev = await callApi<{ items: EventDoc[] }>(c, 'GET', `/v1/events?node=${enc(n.id)}&limit=1000`);
      ctx.out(render(o.output as OutputFormat, [], [], { ...n, events: ev.items.slice(-50) }));
    });
}

async function watch(
  ctx: ReadContext,
  format: OutputFormat,
  res: Resource<unknown>,
  first: { text: string; rows: unknown[]; columns: Column<unknown>[] },
  draw: () => Promise<{ text: string; rows: unknown[]; columns: Column<unknown>[] }>,
  cluster: string | undefined,
): Promise<void> {
  const ac = new AbortController();
  ctx.signal?.addEventListener('abort', () => ac.abort(), { once: true });
  const onSigint = (): void => ac.abort();
  process.once('SIGINT', onSigint);
  const tty = ctx.tty();
  const clear = '\x1b[H\x1b[2J';
  // Remember each row's rendering to print only changes when not on a terminal.
  const line = (r: unknown, cols: Column<unknown>[]): string =>
    format === 'json'
      ? JSON.stringify(r)
      : format === 'yaml'
        ? render('yaml', [], [], r)
        : cols.map((c) => String(c.get(r) ?? '')).join('\t');
  let last = new Map(first.rows.map((r) => [res.key(r), line(r, first.columns)]));
  ctx.out(tty ? `${clear}${first.text}` : first.text);
  let timer: NodeJS.Timeout | null = null;
  let drawing = Promise.resolve();
  const redraw = (): void => {
    drawing = drawing.then(async () => {
      try {
        const d = await draw();
        if (tty) return ctx.out(`${clear}${d.text}`);
        const now = new Map(d.rows.map((r) => [res.key(r), line(r, d.columns)]));
        const changed = d.rows.filter((r) => last.get(res.key(r)) !== now.get(res.key(r)));
        last = now;
        if (changed.length === 0) return;
        if (format === 'json') ctx.out(changed.map((r) => `${JSON.stringify(r)}\n`).join(''));
        else if (format === 'yaml') ctx.out(changed.map((r) => `---\n${render('yaml', [], [], r)}`).join(''));
        else {
          const t = render(format, changed, d.columns, changed, { color: ctx.color() });
          ctx.out(format === 'name' ? t : t.split('\n').slice(1).join('\n'));
        }
      } catch (err) {
        ctx.err(`watch: ${(err as Error).message}\n`);
      }
    });
  };
  try {
    await followEvents(
      ctx.conn(),
      {
        ...(cluster ? { cluster } : {}),
        signal: ac.signal,
        onState: (s, d) => s === 'reconnecting' && ctx.err(`watch: event stream dropped (${d ?? ''}); reconnecting\n`),
      },
      () => {
        timer ??= setTimeout(() => {
          timer = null;
          redraw();
        }, 200);
      },
    );
  } finally {
    process.off('SIGINT', onSigint);
    if (timer) clearTimeout(timer);
    await drawing;
  }
}

function fields(rows: Array<[string, string]>, color: boolean): string {
  const w = Math.max(...rows.map(([k]) => k.length)) + 2;
  return rows.map(([k, v]) => `${bold(`${k}:`, color)}${' '.repeat(w - k.length - 1)}${v}\n`).join('');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => (l ? `  ${l}` : l))
    .join('\n');
}

function section(title: string, body: string, color: boolean): string {
  return `\n${bold(`${title}:`, color)}\n${body.endsWith('\n') ? body : `${body}\n`}`;
}

const EVENT_COLS: Column<EventDoc>[] = [
  { header: 'AGE', get: (e) => age(e.ts) },
  { header: 'TYPE', get: (e) => e.type },
  { header: 'MESSAGE', get: (e) => e.message },
];

/** Reads a cluster and its events and renders `describe cluster`. */
export async function describeClusterText(c: Connection, id: string, color: boolean): Promise<string> {
  const cl = await callApi<ClusterDoc>(c, 'GET', `/v1/clusters/${enc(id)}`);
  const ev = await callApi<{ items: EventDoc[] }>(c, 'GET', `/v1/events?cluster=${enc(cl.id)}&limit=1000`);
  return describeCluster(cl, ev.items, color);
}

/** Reads a node, its events and the cluster names and renders `describe node`. */
export async function describeNodeText(c: Connection, id: string, color: boolean): Promise<string> {
  const n = await callApi<NodeDoc>(c, 'GET', `/v1/nodes/${enc(id)}`);
  const [ev, names] = await Promise.all([
    callApi<{ items: EventDoc[] }>(c, 'GET', `/v1/events?node=${enc(n.id)}&limit=1000`),
    clusterNames(c),
  ]);
  return describeNode(n, names(n.clusterId), ev.items, color);
}

/** The text of `describe cluster`. */
export function describeCluster(c: ClusterDoc, events: EventDoc[], color: boolean): string {
  const p = (s: string): string => paint(toneOf(s), s, color);
  let out = fields(
    [
      ['Name', c.name],
      ['ID', c.id],
      ['Phase', p(c.phase)],
      ['Status', c.statusMessage || '-'],
      ['Epoch', String(c.epoch)],
      ['Registration', `${c.spec.registration?.mode ?? '-'} ${c.registrationAddress || '(not yet)'}`],
      ['Servers ready', ratio(c.ready?.servers)],
      ['Workers ready', ratio(c.ready?.workers)],
      ['Nodes connected', `${c.nodes.connected}/${c.nodes.total}`],
      ['Storage', `${c.storage ?? '-'} (requested ${c.spec.storage ?? 'auto'})`],
      ['CNI', `${c.cni ?? '-'} (requested ${c.spec.cni ?? 'auto'})`],
      ['k3s version', c.spec.k3sVersion ?? '-'],
      ['Kubeconfig', c.kubeconfigAvailable ? `available (k3sgrid kubeconfig ${c.name})` : 'not yet'],
      ['Created', `${c.createdAt} (${age(c.createdAt)} ago)`],
      [
        'Change',
        c.operation
          ? `${p(c.operation.state)} ${c.operation.from.servers} → ${c.operation.target.servers} server(s)${c.operation.progress ? `: ${c.operation.progress}` : ''}`
          : '-',
      ],
    ],
    color,
  );
  const members = c.members ?? [];
  out += section(
    'Nodes',
    members.length === 0
      ? '  <none>\n'
      : indent(
          table(
            members,
            [
              { header: 'NAME', get: (m) => m.name },
              { header: 'ROLE', get: (m) => m.role },
              { header: 'PHASE', get: (m) => m.phase, status: true },
              { header: 'CONNECTED', get: (m) => (m.connected ? 'yes' : 'no'), status: true },
              { header: 'LAST SEEN', get: (m) => `${age(m.lastSeenAt)} ago` },
              { header: 'LAST ERROR', get: (m) => m.lastError || '-' },
            ],
            color,
          ),
        ),
    color,
  );
  if (c.plan) {
    const rows: Array<{ kind: string; option: string; usable: string; why: string }> = [];
    for (const kind of ['storage', 'cni'] as const) {
      for (const [option, v] of Object.entries(c.plan[kind].options)) {
        rows.push({
          kind,
          option: `${option}${c.plan[kind].choice === option ? ' *' : ''}`,
          usable: v.usable ? 'yes' : 'no',
          why: [...v.reasons, ...v.warnings.map((w) => `warning: ${w}`)].join('; '),
        });
      }
    }
    out += section(
      'Plan (* = chosen)',
      indent(
        table(
          rows,
          [
            { header: 'KIND', get: (r) => r.kind },
            { header: 'OPTION', get: (r) => r.option },
            { header: 'USABLE', get: (r) => r.usable, status: true },
            { header: 'WHY', get: (r) => r.why },
          ],
          color,
        ),
      ),
      color,
    );
  } else out += section('Plan', '  no node reports yet\n', color);
  const recent = events.slice(-15);
  out += section(
    `Events (last ${recent.length} of ${events.length})`,
    recent.length ? indent(table(recent, EVENT_COLS, color)) : '  <none>\n',
    color,
  );
  return out;
}

function gib(bytes: number): string {
  return bytes ? `${(bytes / 1024 ** 3).toFixed(1)} GiB` : '-';
}

/** The text of `describe node`. */
export function describeNode(n: NodeDoc, clusterName: string, events: EventDoc[], color: boolean): string {
  const p = (s: string): string => paint(toneOf(s), s, color);
  const r = n.report;
  let out = fields(
    [
      ['Name', n.name],
      ['ID', n.id],
      ['Cluster', clusterName],
      ['Role', n.role],
      ['Phase', p(n.phase)],
      ['Connected', n.revoked ? p('revoked') : p(n.connected ? 'yes' : 'no')],
      ['Address', n.address || '-'],
      ['Hostname', n.hostname],
      ['Agent', n.agentVersion],
      ['Enrolled', `${n.enrolledAt} (${age(n.enrolledAt)} ago)`],
      ['Last seen', `${n.lastSeenAt} (${age(n.lastSeenAt)} ago)`],
      ['Last error', n.lastError ? paint('bad', n.lastError, color) : '-'],
    ],
    color,
  );
  if (!r) out += section('Capabilities', '  no report yet\n', color);
  else {
    out += section(
      'Capabilities',
      indent(
        fields(
          [
            ['Kernel', `${r.kernelRelease || '-'} (config ${r.kernelConfigSource || 'not found'})`],
            ['Architecture', r.arch || '-'],
            ['Init system', r.initSystem],
            ['cgroup', r.cgroupVersion ? `v${r.cgroupVersion}` : 'unknown'],
            ['CPU / memory', `${r.cpuCount} / ${gib(r.memoryBytes)}`],
            ['Addresses', r.addresses.join(', ') || '-'],
            ['Public IP', r.publicIp || '-'],
            ['Grid farm / node', `${r.gridFarmId || '-'} / ${r.gridNodeId || '-'}`],
          ],
          color,
        ),
      ),
      color,
    );
    out += section(
      'Kernel modules',
      indent(
        table(
          r.modules,
          [
            { header: 'MODULE', get: (m) => m.name },
            { header: 'CONFIG', get: (m) => `CONFIG_${m.configSymbol}` },
            { header: 'STATE', get: (m) => m.state, status: true },
            { header: 'EVIDENCE', get: (m) => m.sourceFile || '-' },
          ],
          color,
        ),
      ),
      color,
    );
    out += section(
      'Tools',
      indent(
        table(
          r.tools,
          [
            { header: 'TOOL', get: (t) => t.name },
            { header: 'PRESENT', get: (t) => (t.present ? 'yes' : 'missing'), status: true },
            { header: 'PATH', get: (t) => t.path || '-' },
          ],
          color,
        ),
      ),
      color,
    );
    out += section(
      'Disks',
      r.disks.length === 0
        ? '  <none>\n'
        : indent(
            table(
              r.disks,
              [
                { header: 'DISK', get: (d) => d.name },
                { header: 'TYPE', get: (d) => d.type },
                { header: 'SIZE', get: (d) => gib(d.sizeBytes) },
                { header: 'UNUSED', get: (d) => (d.unused ? 'yes' : 'no') },
              ],
              color,
            ),
          ),
      color,
    );
  }
  const drift = events.filter((e) => e.type === 'capability.drift');
  out += section('Drift history', drift.length ? indent(table(drift, EVENT_COLS, color)) : '  no drift\n', color);
  const recent = events.slice(-10);
  out += section(
    `Events (last ${recent.length} of ${events.length})`,
    recent.length ? indent(table(recent, EVENT_COLS, color)) : '  <none>\n',
    color,
  );
  return out;
}
