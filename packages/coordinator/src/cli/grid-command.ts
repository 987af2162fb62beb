/**
 * The reservation commands:
 * - `k3sgrid grid plan CLUSTER --nodes N ...`: join tokens per role, then the
 *   deployment for the ThreeFold Grid as Terraform (HCL or JSON syntax) or as
 *   a JSON model for the grid's TypeScript client;
 * - `k3sgrid cloud-init CLUSTER --role R --agent-url URL`: user-data for any
 *   cloud with cloud-init.
 * Tokens are created through the REST API; rendering is pure (../grid).
 */
import { writeFileSync } from 'node:fs';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { callApi, resolveConnection, type Connection, type ConnectionFlags } from './client.js';
import { parseDuration } from './output.js';
import type { CliIo } from './program.js';
import {
  DEFAULT_FLIST,
  buildGridModel,
  renderCloudInit,
  renderTerraform,
  renderTerraformJson,
  renderTsClientModel,
  type GridRole,
  type PublicIpMode,
} from '../grid/index.js';

interface ClusterSpecJson {
  name: string;
  spec: { servers?: number; registration?: { mode?: string } };
}
interface TokenCreatedJson {
  id: string;
  token: string;
  agentCommand: string;
  expiresAt: string;
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}
function nonNegativeInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a non-negative integer');
  return n;
}
function collectInt(v: string, prev: number[] = []): number[] {
  return [...prev, positiveInt(v)];
}

/** The coordinator's agent URL, as the API prints it in `agentCommand`. */
export function coordinatorUrlFrom(agentCommand: string): string | undefined {
  return /--coordinator\s+(\S+)/.exec(agentCommand)?.[1];
}

/** Creates one join token for `role` with `uses` uses. */
async function createToken(
  conn: Connection,
  cluster: string,
  role: GridRole,
  uses: number,
  ttlSeconds: number,
  description: string,
): Promise<TokenCreatedJson> {
  return callApi<TokenCreatedJson>(conn, 'POST', `/v1/clusters/${encodeURIComponent(cluster)}/join-tokens`, {
    ttlSeconds,
    maxUses: uses,
    roles: [role],
    description,
  });
}

function emit(io: CliIo, text: string, file: string | undefined): void {
  if (file) {
    writeFileSync(file, text, { mode: 0o600 });
    io.err(`written to ${file} (mode 0600: it holds join tokens)\n`);
  } else io.out(text);
}

/** Adds `grid plan` and `cloud-init` to the CLI. */
export function registerGridCommands(program: Command, io: CliIo): void {
  const conn = (): Connection => resolveConnection(program.opts<ConnectionFlags>());
  const grid = program.command('grid').description('reserve ThreeFold Grid machines that enroll themselves');

  grid
    .command('plan <cluster>')
    .description(
      'create join tokens and print the grid deployment (Terraform or a JSON model for the grid TypeScript client)',
    )
    .requiredOption('--nodes <n>', 'machines to reserve in all (servers + registration lb + workers)', positiveInt)
    .option('--servers <n>', "server count, 1, 3 or 5 (default: the cluster's)", positiveInt)
    .option('--farm <id>', 'farm to spread over, repeatable; servers go to distinct farms first', collectInt)
    .option('--grid-node <id>', 'grid node id to place on, repeatable (instead of the grid scheduler)', collectInt)
    .addOption(
      new Option(
        '--public-ip <which>',
        'machines with a public IPv4: lb (the registration node), servers, all, none',
      ).choices(['lb', 'servers', 'all', 'none']),
    )
    .option('--cpu <n>', 'vCPUs per machine', positiveInt, 2)
    .option('--memory <mb>', 'memory per machine in MB', positiveInt, 4096)
    .option('--rootfs <mb>', 'root filesystem per machine in MB', positiveInt, 10240)
    .option('--disk <gb>', 'data disk per machine in GB, mounted at /var/lib/rancher (0: none)', nonNegativeInt, 50)
    .option('--flist <url>', 'node image flist (built from packaging/)', DEFAULT_FLIST)
    .option('--ip-range <cidr>', 'private network of the deployment (/16)', '10.20.0.0/16')
    .option('--coordinator <url>', "wss:// URL the machines dial (default: the coordinator's advertised agent URL)")
    .option('--ttl <duration>', 'join token lifetime (at most 24h)', parseDuration, 86_400)
    .addOption(
      new Option(
        '-o, --output <format>',
        'terraform (HCL), terraform-json (main.tf.json) or json (grid TypeScript client)',
      )
        .choices(['terraform', 'terraform-json', 'json'])
        .default('terraform'),
    )
    .option('--output-file <file>', 'write here (mode 0600) instead of stdout')
    .action(
      async (
        cluster: string,
        o: {
          nodes: number;
          servers?: number;
          farm?: number[];
          gridNode?: number[];
          publicIp?: PublicIpMode;
          cpu: number;
          memory: number;
          rootfs: number;
          disk: number;
          flist: string;
          ipRange: string;
          coordinator?: string;
          ttl: number;
          output: 'terraform' | 'terraform-json' | 'json';
          outputFile?: string;
        },
      ) => {
        const c = conn();
        const spec = await callApi<ClusterSpecJson>(c, 'GET', `/v1/clusters/${encodeURIComponent(cluster)}`);
        const clusterServers = spec.spec.servers ?? 1;
        const servers = o.servers ?? clusterServers;
        if (servers !== clusterServers)
          io.err(
            `warning: cluster ${spec.name} is set for ${clusterServers} server(s); reserving ${servers} server machine(s)\n`,
          );
        const lb = spec.spec.registration?.mode === 'lb';
        const workers = o.nodes - servers - (lb ? 1 : 0);
        // Validate before any token exists (the model repeats the checks with the tokens).
        buildGridModel({
          cluster: spec.name,
          nodes: o.nodes,
          servers,
          lb,
          farms: o.farm ?? [],
          gridNodes: o.gridNode ?? [],
          publicIp: 'none',
          cpu: o.cpu,
          memoryMb: o.memory,
          rootfsMb: o.rootfs,
          diskGb: o.disk,
          flist: o.flist,
          coordinatorUrl: o.coordinator ?? 'wss://placeholder',
          tokens: { server: 'x', agent: 'x', lb: 'x' },
        });
        const desc = (role: string): string => `grid plan ${spec.name} ${role}`;
        const tokens: Partial<Record<GridRole, string>> = {};
        const server = await createToken(c, cluster, 'server', servers, o.ttl, desc('server'));
        tokens.server = server.token;
        if (lb) tokens.lb = (await createToken(c, cluster, 'lb', 1, o.ttl, desc('lb'))).token;
        if (workers > 0) tokens.agent = (await createToken(c, cluster, 'agent', workers, o.ttl, desc('agent'))).token;
        const coordinatorUrl = o.coordinator ?? coordinatorUrlFrom(server.agentCommand);
        if (!coordinatorUrl)
          throw new Error('the coordinator did not say its agent URL; pass --coordinator wss://HOST:PORT');
        const model = buildGridModel({
          cluster: spec.name,
          nodes: o.nodes,
          servers,
          lb,
          farms: o.farm ?? [],
          gridNodes: o.gridNode ?? [],
          publicIp: o.publicIp ?? (lb ? 'lb' : 'none'),
          cpu: o.cpu,
          memoryMb: o.memory,
          rootfsMb: o.rootfs,
          diskGb: o.disk,
          flist: o.flist,
          ipRange: o.ipRange,
          coordinatorUrl,
          tokens,
        });
        for (const w of model.warnings) io.err(`warning: ${w}\n`);
        const text =
          o.output === 'terraform'
            ? renderTerraform(model)
            : o.output === 'terraform-json'
              ? renderTerraformJson(model)
              : `${JSON.stringify(renderTsClientModel(model), null, 2)}\n`;
        emit(io, text, o.outputFile);
        io.err(
          `${model.vms.length} machine(s) for cluster ${spec.name}: ${servers} server(s)${lb ? ', 1 lb' : ''}, ${workers} worker(s); tokens expire ${server.expiresAt}\n`,
        );
      },
    );

  program
    .command('cloud-init <cluster>')
    .description('print #cloud-config user-data that installs and starts the agent, with a fresh join token')
    .addOption(
      new Option('--role <role>', 'role the token allows').choices(['server', 'agent', 'lb']).makeOptionMandatory(),
    )
    .requiredOption('--agent-url <url>', 'URL of the agent tarball (from npm run package:agent)')
    .option('--agent-sha256 <hex>', 'sha256 of the tarball, checked on the machine')
    .option('--uses <n>', 'machines that may enroll with this user-data', positiveInt, 1)
    .option('--ttl <duration>', 'join token lifetime (at most 24h)', parseDuration, 86_400)
    .option('--hostname <name>', 'node name to report')
    .option('--coordinator <url>', "wss:// URL the machine dials (default: the coordinator's advertised agent URL)")
    .option('--output-file <file>', 'write here (mode 0600) instead of stdout')
    .option(
      '--no-packages',
      'the image already carries the packages: no package_update/packages (no apt run; for machines without a mirror)',
    )
    .action(
      async (
        cluster: string,
        o: {
          packages: boolean;
          role: GridRole;
          agentUrl: string;
          agentSha256?: string;
          uses: number;
          ttl: number;
          hostname?: string;
          coordinator?: string;
          outputFile?: string;
        },
      ) => {
        const t = await createToken(conn(), cluster, o.role, o.uses, o.ttl, `cloud-init ${cluster} ${o.role}`);
        const coordinatorUrl = o.coordinator ?? coordinatorUrlFrom(t.agentCommand);
        if (!coordinatorUrl)
          throw new Error('the coordinator did not say its agent URL; pass --coordinator wss://HOST:PORT');
        const text = renderCloudInit({
          cluster,
          role: o.role,
          coordinatorUrl,
          token: t.token,
          agentUrl: o.agentUrl,
          ...(o.agentSha256 ? { agentSha256: o.agentSha256 } : {}),
          ...(o.hostname ? { hostname: o.hostname } : {}),
          installPackages: o.packages,
        });
        emit(io, text, o.outputFile);
      },
    );
}
