/**
 * The `k3sgrid` operator CLI (commander). Every read takes
 * `-o table|wide|json|yaml|name`; data goes to stdout, progress and errors to
 * stderr, and any failure exits non-zero. Colours only on a TTY and never
 * with NO_COLOR; spinners only when stderr is a TTY.
 */
import { writeFileSync } from 'node:fs';
import { Argument, Command, InvalidArgumentError, Option } from 'commander';
import { parseDuration, parseFormat, render, type Column, type OutputFormat } from './output.js';
import { registerAccessCommands } from './access-command.js';
import { registerReleaseCommands } from './release-command.js';
import { callApi, defaultStateDir, resolveConnection, type ConnectionFlags } from './client.js';
import { bashCompletion, zshCompletion } from './completion.js';
import {
  CLUSTER_COLUMNS,
  describeClusterText,
  describeNodeText,
  nodeColumns,
  readResource,
  registerReadCommands,
  tokenColumns,
} from './get-describe.js';
import type { ClusterViewT, EventViewT, NodeViewT, TokenCreatedT, TokenViewT } from '../api/views.js';
import type { Plan } from '../planner/plan.js';
import { defaultKubeconfigPath, mergeKubeconfigFile } from './kubeconfig-merge.js';
import { followEvents } from './sse.js';
import { colorEnabled, progress } from './style.js';
import { editPools, type PoolSelector } from './pool-edits.js';

export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
  /** stdout is a terminal (default: process.stdout.isTTY); colours also need NO_COLOR unset. */
  tty?: boolean;
  /** stderr is a terminal (spinners); default process.stderr.isTTY. */
  errTty?: boolean;
  /** Stops --watch and --follow (tests); Ctrl-C otherwise. */
  signal?: AbortSignal;
}

const defaultIo: CliIo = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  tty: process.stdout.isTTY,
  errTty: process.stderr.isTTY,
};

/** The API's views (one declaration; see api/views.ts). */
type ClusterJson = ClusterViewT;
type TokenJson = TokenViewT & Partial<Pick<TokenCreatedT, 'token' | 'agentCommand'>>;
type EventJson = EventViewT;
type PlanJson = Plan;

const clusterCols = CLUSTER_COLUMNS;
interface PlanRow {
  kind: string;
  option: string;
  usable: boolean;
  chosen: boolean;
  why: string;
}
const planCols: Column<PlanRow>[] = [
  { header: 'KIND', get: (r) => r.kind },
  { header: 'OPTION', get: (r) => `${r.option}${r.chosen ? ' *' : ''}` },
  { header: 'USABLE', get: (r) => (r.usable ? 'yes' : 'no') },
  { header: 'WHY', get: (r) => r.why },
];
function planRows(p: PlanJson): PlanRow[] {
  const rows: PlanRow[] = [];
  for (const kind of ['storage', 'cni'] as const) {
    for (const [option, v] of Object.entries(p[kind].options)) {
      rows.push({
        kind,
        option,
        usable: v.usable,
        chosen: p[kind].choice === option,
        why: [...v.reasons, ...v.warnings.map((w) => `warning: ${w}`)].join('; '),
      });
    }
  }
  return rows;
}

const tokenCols: Column<TokenJson>[] = tokenColumns((id) => id);
const eventCols: Column<EventJson>[] = [
  { header: 'ID', get: (e) => e.id },
  { header: 'TIME', get: (e) => e.ts },
  { header: 'TYPE', get: (e) => e.type },
  { header: 'ACTOR', get: (e) => e.actor },
  { header: 'MESSAGE', get: (e) => e.message },
];

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

function collect(v: string, prev: string[] = []): string[] {
  return [...prev, v];
}

const CLI_VERSION = process.env.K3SGRID_VERSION ?? '0.1.0';

export interface ProgramHooks {
  /** Adds commands defined elsewhere (coordinator serve, plan, ...). */
  extend?: (program: Command, io: CliIo) => void;
}

/** Builds the CLI. `io` is injectable for tests. */
export function buildProgram(io: CliIo = defaultIo, hooks: ProgramHooks = {}): Command {
  const program = new Command('k3sgrid')
    .description('Turn freshly reserved machines into k3s clusters: operator CLI and coordinator')
    // `-V` only on the program: `--version` belongs to subcommands (release
    // import --version V); a bare `k3sgrid --version` is answered in runCli.
    .version(CLI_VERSION, '-V', 'print the k3sgrid version')
    .option('--server <url>', 'coordinator API URL (env K3SGRID_SERVER; default: from the state dir)')
    .option(
      '--token <token>',
      'API token, or the break-glass token (env K3SGRID_TOKEN; default: <state-dir>/admin.token, the break-glass token)',
    )
    .option('--ca <file>', 'CA certificate of the coordinator (env K3SGRID_CA; default: <state-dir>/ca.crt)')
    .option('--state-dir <dir>', `coordinator state directory (env K3SGRID_STATE_DIR; default ${defaultStateDir()})`)
    .showHelpAfterError()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  program.exitOverride();

  const conn = (): ReturnType<typeof resolveConnection> => resolveConnection(program.opts<ConnectionFlags>());
  const outOpt = (): Option =>
    new Option('-o, --output <format>', 'table, wide, json, yaml or name').default('table').argParser(parseFormat);
  const color = (): boolean => colorEnabled(io.tty);
  const print = <T>(fmt: OutputFormat, rows: T[], cols: Column<T>[], raw?: unknown): void =>
    io.out(render(fmt, rows, cols, raw ?? rows, { color: color() }));

  registerReleaseCommands(program, io, conn, print, outOpt);
  registerAccessCommands(program, io, conn, print, outOpt);

  // ---- clusters
  const cluster = program.command('cluster').description('create, list, inspect and delete clusters');
  cluster
    .command('create <name>')
    .description('create a cluster')
    .addOption(new Option('--servers <n>', 'server count (1, 3, 5 or 7)').argParser(positiveInt).default(1))
    .addOption(
      new Option('--registration <mode>', 'fixed registration address mode')
        .choices(['server', 'lb', 'vip', 'dns'])
        .default('server'),
    )
    .option('--address <addr>', 'registration address (required for vip and dns)')
    .addOption(
      new Option('--cni <cni>', 'CNI')
        .choices(['auto', 'flannel-vxlan', 'flannel-wireguard', 'calico'])
        .default('auto'),
    )
    .addOption(
      new Option('--storage <storage>', 'storage')
        .choices(['auto', 'local-path', 'longhorn', 'rook-ceph', 'nfs'])
        .default('auto'),
    )
    .option('--encryption', 'encrypt pod traffic (flannel wireguard-native)', false)
    .option('--no-secrets-encryption', 'do not encrypt Kubernetes secrets at rest')
    .option('--k3s-version <version>', 'k3s version, e.g. v1.33.4+k3s1')
    .option('--min-nodes <n>', 'nodes to wait for before electing', positiveInt)
    .option('--formation-timeout <duration>', 'elect with whatever enrolled after this long', parseDuration)
    .option('--datastore-endpoint <url>', 'external datastore instead of embedded etcd')
    .option('--nfs-server <addr>', 'NFS server for --storage nfs')
    .option('--nfs-path <path>', 'exported path on the NFS server for --storage nfs')
    .option('--public-external-ip', "pass each node's public address to k3s as node-external-ip")
    .option(
      '--wait [duration]',
      'wait until the cluster is ready (default 10m); a spinner shows progress on a terminal',
      parseDuration,
    )
    .addOption(outOpt())
    .action(async (name: string, o: Record<string, unknown>) => {
      const body: Record<string, unknown> = {
        name,
        servers: o.servers,
        registration: { mode: o.registration, ...(o.address ? { address: o.address } : {}) },
        cni: o.cni,
        storage: o.storage,
        encryption: o.encryption,
        secretsEncryption: o.secretsEncryption,
        ...(o.k3sVersion ? { k3sVersion: o.k3sVersion } : {}),
        ...(o.datastoreEndpoint ? { datastore: { kind: 'external', endpoint: o.datastoreEndpoint } } : {}),
        ...(o.nfsServer !== undefined || o.nfsPath !== undefined
          ? { nfs: { server: o.nfsServer ?? '', path: o.nfsPath ?? '' } }
          : {}),
        ...(o.publicExternalIp ? { publicExternalIp: true } : {}),
      };
      if (o.minNodes !== undefined || o.formationTimeout !== undefined) {
        body.formation = {
          ...(o.minNodes !== undefined ? { minNodes: o.minNodes } : {}),
          ...(o.formationTimeout !== undefined ? { timeoutSeconds: o.formationTimeout } : {}),
        };
      }
      const c = await callApi<ClusterJson>(conn(), 'POST', '/v1/clusters', body);
      for (const w of c.warnings ?? []) io.err(`warning: ${w}\n`);
      if (o.wait === undefined) return print(o.output as OutputFormat, [c], clusterCols, c);
      const timeoutS = typeof o.wait === 'number' ? o.wait : 600;
      const spin = progress(`cluster ${name}: ${c.phase}`, io.errTty, io.err);
      const deadline = Date.now() + timeoutS * 1000;
      let cur: ClusterJson = c;
      while (cur.phase !== 'ready') {
        if (Date.now() > deadline) {
          spin.fail(`cluster ${name}: still ${cur.phase} after ${timeoutS}s: ${cur.statusMessage}`);
          throw new Error(`timed out waiting for cluster ${name} to be ready`);
        }
        await new Promise((r) => setTimeout(r, 1000));
        cur = await callApi<ClusterJson>(conn(), 'GET', `/v1/clusters/${encodeURIComponent(c.id)}`);
        spin.update(`cluster ${name}: ${cur.phase}${cur.statusMessage ? ` (${cur.statusMessage})` : ''}`);
      }
      spin.succeed(`cluster ${name} is ready at ${cur.registrationAddress}`);
      print(o.output as OutputFormat, [cur], clusterCols, cur);
    });
  cluster
    .command('list')
    .description('list clusters (the same as `get clusters`)')
    .addOption(outOpt())
    .action(async (o: { output: OutputFormat }) => {
      io.out(await readResource('clusters', conn(), undefined, { output: o.output, color: color() }));
    });
  cluster
    .command('get <cluster>')
    .description('show a cluster by name or id (text: as `describe cluster`)')
    .addOption(outOpt())
    .action(async (id: string, o: { output: OutputFormat }) => {
      if (o.output !== 'table')
        return io.out(await readResource('clusters', conn(), id, { output: o.output, color: color() }));
      io.out(await describeClusterText(conn(), id, color()));
    });
  cluster
    .command('plan <cluster>')
    .description('storage and CNI plan: per option, usable or not and why')
    .addOption(outOpt())
    .action(async (id: string, o: { output: OutputFormat }) => {
      const p = await callApi<PlanJson>(conn(), 'GET', `/v1/clusters/${encodeURIComponent(id)}/plan`);
      print(o.output, planRows(p), planCols, p);
      if (o.output === 'table')
        io.out(
          `\nchosen: storage ${p.storage.choice ?? `none (${p.storage.error ?? ''})`}, cni ${p.cni.choice ?? `none (${p.cni.error ?? ''})`}\n`,
        );
    });
  cluster
    .command('update <cluster>')
    .description(
      'change a cluster: server count (grow by election; shrink one etcd member at a time, never below quorum) and node pool labels and taints (set on existing nodes through the cluster API)',
    )
    .addOption(new Option('--servers <n>', 'server count (1, 3, 5 or 7)').argParser(positiveInt))
    .addOption(
      new Option('--pool <pool>', 'node pool the --label and --taint edits apply to')
        .choices(['servers', 'agents', 'all'])
        .default('all'),
    )
    .option('--label <k=v>', 'set a label (key- removes it); repeatable', collect, [])
    .option('--taint <k=v:Effect>', 'set a taint (key:Effect- removes it); repeatable', collect, [])
    .option('--wait [duration]', 'wait until the change is done (default 10m)', parseDuration)
    .addOption(outOpt())
    .action(async (id: string, o: Record<string, unknown>) => {
      const labels = o.label as string[];
      const taints = o.taint as string[];
      const body: Record<string, unknown> = {};
      if (o.servers !== undefined) body.servers = o.servers;
      if (labels.length > 0 || taints.length > 0) {
        const cur = await callApi<ClusterJson>(conn(), 'GET', `/v1/clusters/${encodeURIComponent(id)}`);
        body.pools = editPools(cur.spec.pools, o.pool as PoolSelector, labels, taints);
      }
      if (Object.keys(body).length === 0)
        throw new InvalidArgumentError('nothing to change: give --servers, --label or --taint');
      const c = await callApi<ClusterJson>(conn(), 'PATCH', `/v1/clusters/${encodeURIComponent(id)}`, body);
      if (o.wait === undefined) return print(o.output as OutputFormat, [c], clusterCols, c);
      const opId = c.operation?.id;
      const timeoutS = typeof o.wait === 'number' ? o.wait : 600;
      const spin = progress(`cluster ${c.name}: ${c.operation?.progress ?? ''}`, io.errTty, io.err);
      const deadline = Date.now() + timeoutS * 1000;
      let cur: ClusterJson = c;
      while (cur.operation?.id === opId && cur.operation?.state === 'running') {
        if (Date.now() > deadline) {
          spin.fail(`cluster ${c.name}: change still running after ${timeoutS}s: ${cur.operation.progress}`);
          throw new Error(`timed out waiting for the change of cluster ${c.name}`);
        }
        await new Promise((r) => setTimeout(r, 1000));
        cur = await callApi<ClusterJson>(conn(), 'GET', `/v1/clusters/${encodeURIComponent(c.id)}`);
        spin.update(`cluster ${c.name}: ${cur.operation?.progress ?? cur.statusMessage}`);
      }
      if (cur.operation?.id === opId && cur.operation?.state === 'succeeded')
        spin.succeed(`cluster ${c.name}: change done`);
      else spin.fail(`cluster ${c.name}: change ${opId ?? ''} was superseded by another`);
      print(o.output as OutputFormat, [cur], clusterCols, cur);
    });
  cluster
    .command('delete <cluster>')
    .description('delete a cluster with its tokens and node records')
    .action(async (id: string) => {
      await callApi(conn(), 'DELETE', `/v1/clusters/${encodeURIComponent(id)}`);
      io.err(`cluster ${id} deleted\n`);
    });
  cluster
    .command('resume <cluster>')
    .description('resume a halted cluster once the cause (e.g. a server with another CA) is dealt with')
    .addOption(outOpt())
    .action(async (id: string, o: { output: OutputFormat }) => {
      const c = await callApi<ClusterJson>(conn(), 'POST', `/v1/clusters/${encodeURIComponent(id)}/resume`, {});
      io.err(`cluster ${c.name} resumed\n`);
      print(o.output, [c], clusterCols, c);
    });

  // ---- tokens
  const token = program.command('token').description('create, list and revoke join tokens');
  token
    .command('create')
    .description('create a join token (printed once)')
    .requiredOption('--cluster <cluster>', 'cluster name or id')
    .option('--ttl <duration>', 'lifetime (default 1h, at most 24h)', parseDuration)
    .option('--uses <n>', 'how many nodes may enroll with it (default 1)', positiveInt)
    .addOption(
      new Option('--role <role>', 'role the token allows (repeatable; default all)')
        .choices(['server', 'agent', 'lb'])
        .argParser(collect),
    )
    .option('--description <text>', 'free text')
    .addOption(outOpt())
    .action(
      async (o: {
        cluster: string;
        ttl?: number;
        uses?: number;
        role?: string[];
        description?: string;
        output: OutputFormat;
      }) => {
        const t = await callApi<TokenJson>(
          conn(),
          'POST',
          `/v1/clusters/${encodeURIComponent(o.cluster)}/join-tokens`,
          {
            ...(o.ttl !== undefined ? { ttlSeconds: o.ttl } : {}),
            ...(o.uses !== undefined ? { maxUses: o.uses } : {}),
            ...(o.role ? { roles: o.role } : {}),
            ...(o.description ? { description: o.description } : {}),
          },
        );
        if (o.output === 'table') {
          io.out(`${t.token ?? ''}\n`);
          io.err(
            `token ${t.id}: ${t.uses}/${t.maxUses} uses, roles ${t.roles.join(',')}, expires ${t.expiresAt}\nstart an agent with:\n  ${t.agentCommand ?? ''}\n`,
          );
        } else print(o.output, [t], tokenCols, t);
      },
    );
  token
    .command('list')
    .description('list join tokens, never their secrets (the same as `get tokens`)')
    .option('--cluster <cluster>', 'only this cluster')
    .addOption(outOpt())
    .action(async (o: { cluster?: string; output: OutputFormat }) => {
      io.out(
        await readResource('tokens', conn(), undefined, {
          output: o.output,
          color: color(),
          ...(o.cluster ? { cluster: o.cluster } : {}),
        }),
      );
    });
  token
    .command('revoke <tokenId>')
    .description('revoke a join token')
    .action(async (id: string) => {
      await callApi(conn(), 'DELETE', `/v1/join-tokens/${encodeURIComponent(id)}`);
      io.err(`token ${id} revoked\n`);
    });

  // ---- nodes
  const node = program.command('node').description('list, inspect and remove nodes');
  node
    .command('list')
    .description('list nodes (the same as `get nodes`)')
    .option('--cluster <cluster>', 'only this cluster')
    .addOption(outOpt())
    .action(async (o: { cluster?: string; output: OutputFormat }) => {
      io.out(
        await readResource('nodes', conn(), undefined, {
          output: o.output,
          color: color(),
          ...(o.cluster ? { cluster: o.cluster } : {}),
        }),
      );
    });
  node
    .command('get <node>')
    .description('show a node with its capability report (text: as `describe node`)')
    .addOption(outOpt())
    .action(async (id: string, o: { output: OutputFormat }) => {
      if (o.output === 'table') return io.out(await describeNodeText(conn(), id, color()));
      const n = await callApi<NodeViewT>(conn(), 'GET', `/v1/nodes/${encodeURIComponent(id)}`);
      print(
        o.output,
        [n],
        nodeColumns((x) => x),
        n,
      );
    });
  node
    .command('delete <node>')
    .description('revoke a node: its session closes now and it cannot reconnect')
    .action(async (id: string) => {
      await callApi(conn(), 'DELETE', `/v1/nodes/${encodeURIComponent(id)}`);
      io.err(`node ${id} revoked\n`);
    });

  node
    .command('replace <node>')
    .description('single-use token for a reinstalled machine to take over this node (same name and node password)')
    .option('--ttl <duration>', 'lifetime (default 1h)', parseDuration)
    .action(async (id: string, o: { ttl?: number }) => {
      const t = await callApi<TokenJson>(
        conn(),
        'POST',
        `/v1/nodes/${encodeURIComponent(id)}/replace`,
        o.ttl !== undefined ? { ttlSeconds: o.ttl } : {},
      );
      io.out(`${t.token ?? ''}\n`);
      io.err(`start the replacement machine with:\n  ${t.agentCommand ?? ''}\n`);
    });

  // ---- kubeconfig
  program
    .command('kubeconfig <cluster>')
    .description("print the cluster's admin kubeconfig (server: the registration address)")
    .option('--output-file <file>', 'write it to this file (mode 0600) instead of stdout')
    .option(
      '--merge',
      'merge it into your kubeconfig under a context named after the cluster, keeping the other contexts',
    )
    .option('--kubeconfig <file>', 'the kubeconfig --merge writes (default: first of $KUBECONFIG, else ~/.kube/config)')
    .option('--no-switch-context', 'with --merge: keep the current context')
    .action(
      async (id: string, o: { outputFile?: string; merge?: boolean; kubeconfig?: string; switchContext: boolean }) => {
        const text = await callApi<string>(conn(), 'GET', `/v1/clusters/${encodeURIComponent(id)}/kubeconfig`);
        if (o.merge) {
          const c = await callApi<ClusterJson>(conn(), 'GET', `/v1/clusters/${encodeURIComponent(id)}`);
          const path = o.kubeconfig ?? defaultKubeconfigPath();
          mergeKubeconfigFile(path, text, c.name, { switchContext: o.switchContext });
          io.err(
            `merged cluster ${c.name} into ${path} as context "${c.name}"${o.switchContext ? ' (now the current context)' : ''}\n`,
          );
        } else if (o.outputFile) {
          writeFileSync(o.outputFile, text, { mode: 0o600 });
          io.err(`kubeconfig written to ${o.outputFile}\n`);
        } else io.out(text);
      },
    );

  // ---- events
  program
    .command('events')
    .description('audit and lifecycle events, oldest first')
    .option('--cluster <cluster>', 'only this cluster')
    .option('--after <id>', 'events after this id', (v) => Number(v))
    .option('--limit <n>', 'at most this many', positiveInt, 100)
    .option('--node <node>', 'only this node (id)')
    .option('--type <type>', 'only this type or dotted prefix (e.g. node.phase)')
    .option('--actor <actor>', 'only this actor (user:alice, sa:ci, break-glass, agent:<node>, system) or kind (user:)')
    .option('-f, --follow', 'keep streaming new events as they happen (server-sent events; Ctrl-C to stop)')
    .addOption(outOpt())
    .action(
      async (o: {
        cluster?: string;
        after?: number;
        limit: number;
        node?: string;
        type?: string;
        actor?: string;
        follow?: boolean;
        output: OutputFormat;
      }) => {
        const q = new URLSearchParams({ limit: String(o.limit) });
        if (o.actor) q.set('actor', o.actor);
        if (o.cluster) q.set('cluster', o.cluster);
        if (o.node) q.set('node', o.node);
        if (o.type) q.set('type', o.type);
        if (o.after !== undefined) q.set('after', String(o.after));
        const r = await callApi<{ items: EventJson[]; next: number | null }>(
          conn(),
          'GET',
          `/v1/events?${q.toString()}`,
        );
        if (!o.follow) return print(o.output, r.items, eventCols);
        // Follow: what is stored (one page), then one line (or JSON document) per live event.
        let last = r.items.at(-1)?.id ?? o.after;
        if (r.next !== null) last = undefined; // more stored than one page: start from the live edge
        const line = (e: EventJson): string => {
          if (o.output === 'json') return `${JSON.stringify(e)}\n`;
          if (o.output === 'yaml') return `---\n${render('yaml', [], [], e)}`;
          if (o.output === 'name') return `event/${e.id}\n`;
          return render(o.output, [e], eventCols, [e], { color: color() }).split('\n').slice(1).join('\n');
        };
        if (o.output === 'table' || o.output === 'wide')
          io.out(render(o.output, r.items, eventCols, r.items, { color: color() }));
        else for (const e of r.items) io.out(line(e));
        const ac = new AbortController();
        io.signal?.addEventListener('abort', () => ac.abort(), { once: true });
        const onSigint = (): void => ac.abort();
        process.once('SIGINT', onSigint);
        try {
          await followEvents(
            conn(),
            {
              ...(last !== undefined ? { after: last } : {}),
              ...(o.cluster ? { cluster: o.cluster } : {}),
              ...(o.node ? { node: o.node } : {}),
              ...(o.type ? { type: o.type } : {}),
              ...(o.actor ? { actor: o.actor } : {}),
              signal: ac.signal,
              onState: (s, d) => s === 'reconnecting' && io.err(`events: stream dropped (${d ?? ''}); reconnecting\n`),
            },
            (e) => io.out(line(e)),
          );
        } finally {
          process.off('SIGINT', onSigint);
        }
      },
    );

  // ---- get / describe (kubectl style)
  registerReadCommands(program, {
    conn,
    out: io.out,
    err: io.err,
    color,
    tty: () => io.tty === true,
    signal: io.signal,
  });

  // ---- shell completion
  program
    .command('completion')
    .description('print a shell completion script: source <(k3sgrid completion bash)')
    .addArgument(new Argument('<shell>', 'bash or zsh').choices(['bash', 'zsh']))
    .action((shell: string) => io.out(shell === 'zsh' ? zshCompletion(program) : bashCompletion(program)));
  program
    .command('__names <kind>', { hidden: true })
    .description('names for shell completion (clusters or nodes); prints nothing on error')
    .action(async (kind: string) => {
      try {
        const path = kind === 'nodes' ? '/v1/nodes' : '/v1/clusters';
        const r = await callApi<{ items: Array<{ name: string }> }>(conn(), 'GET', path);
        io.out(r.items.map((x) => `${x.name}\n`).join(''));
      } catch {
        /* completion must never print errors */
      }
    });

  hooks.extend?.(program, io);
  return program;
}

/** Runs the CLI and returns the exit code (0 ok, 1 failure, 2 usage). */
export async function runCli(argv: string[], io: CliIo = defaultIo, hooks: ProgramHooks = {}): Promise<number> {
  if (argv.length === 1 && argv[0] === '--version') {
    io.out(`${CLI_VERSION}\n`);
    return 0;
  }
  const program = buildProgram(io, hooks);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    const e = err as { code?: string; exitCode?: number; message?: string };
    if (typeof e.code === 'string' && e.code.startsWith('commander.')) {
      // help and version exit 0; usage errors were already printed by commander.
      return e.exitCode ?? 2;
    }
    io.err(`error: ${e.message ?? String(err)}\n`);
    return 1;
  }
}
