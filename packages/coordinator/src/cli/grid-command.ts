/**
 * The reservation commands:
 * - `k3sgrid grid plan CLUSTER --nodes N ...`: join tokens per role, then the
 *   deployment for the ThreeFold Grid as Terraform (HCL or JSON syntax) or as
 *   a JSON model for the grid's TypeScript client;
 * - `k3sgrid cloud-init CLUSTER --role R --agent-url URL`: user-data for any
 *   cloud with cloud-init.
 * Tokens are created through the REST API; rendering is pure (../grid).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { callApi, resolveConnection, type Connection, type ConnectionFlags } from './client.js';
import { parseDuration } from './output.js';
import type { CliIo } from './program.js';
import {
  DEFAULT_IP_RANGE,
  PLAN_RECORD_FILE,
  buildGridModel,
  parsePlanRecord,
  renderCloudInit,
  renderPlanRecord,
  renderTerraform,
  renderTerraformJson,
  renderTsClientModel,
  type CoordinatorAccess,
  type GatewayInput,
  type GridPlanInput,
  type GridPlanRecord,
  type GridRole,
  type NodeType,
  type PublicIpMode,
} from '../grid/index.js';

interface ClusterSpecJson {
  name: string;
  spec: { servers?: number; registration?: { mode?: string }; storage?: string };
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

/** Writes a file that holds join tokens: 0600, also when it existed with another mode. */
function writeSecret(file: string, text: string): void {
  writeFileSync(file, text, { mode: 0o600 });
  chmodSync(file, 0o600);
}

function emit(io: CliIo, text: string, file: string | undefined): void {
  if (file) {
    writeSecret(file, text);
    io.err(`written to ${file} (mode 0600: it holds join tokens)\n`);
  } else io.out(text);
}

/** File name of the generated deployment inside a plan directory, per output format. */
const OUTPUT_FILE = { terraform: 'main.tf', 'terraform-json': 'main.tf.json', json: 'grid-plan.json' } as const;

interface GridPlanOptions {
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
  entrypoint?: string;
  providerVersion: string;
  ipRange?: string;
  coordinator?: string;
  coordinatorAccess?: CoordinatorAccess;
  gatewayNode?: number;
  gatewayName?: string;
  gatewayBackend?: string;
  gatewayNetwork?: string;
  nodeType?: NodeType;
  ttl: number;
  output: 'terraform' | 'terraform-json' | 'json';
  outputFile?: string;
  dir?: string;
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
    .option(
      '--rootfs <mb>',
      'root filesystem per machine in MB (2048 at least once cpu x memory reaches 8 GB)',
      positiveInt,
      10240,
    )
    .option('--disk <gb>', 'data disk per machine in GB, mounted at /var/lib/rancher (0: none)', nonNegativeInt, 50)
    .requiredOption('--flist <url>', 'node image flist URL (.flist or .fl; see packaging/README.md)')
    .option(
      '--entrypoint <path>',
      'VM entrypoint (default /usr/local/lib/k3sgrid/first-boot.sh; an own-kernel systemd image wants /sbin/init)',
    )
    .requiredOption(
      '--provider-version <version>',
      'exact threefoldtech/grid provider version to pin (a release after v1.11.2-dev: the plan uses its ZOS-light-aware scheduler)',
    )
    .option('--ip-range <cidr>', `private network of the deployment, A.B.0.0/16 (default ${DEFAULT_IP_RANGE})`)
    .addOption(
      new Option(
        '--coordinator-access <how>',
        "how the machines reach the coordinator: public (a wss:// URL they can reach), gateway (a grid gateway name with TLS passthrough), mycelium (the coordinator's mycelium address)",
      ).choices(['public', 'gateway', 'mycelium']),
    )
    .option(
      '--coordinator <url>',
      "wss:// URL the machines dial (default: the coordinator's advertised agent URL; with mycelium access its wss://[mycelium address]:PORT)",
    )
    .option('--gateway-node <id>', 'gateway access: grid node id of the gateway (a node with a domain)', positiveInt)
    .option('--gateway-name <name>', 'gateway access: name prefix, the FQDN is <name>.<gateway domain>')
    .option('--gateway-backend <ip:port>', "gateway access: the coordinator's IP:PORT as the gateway node reaches it")
    .option('--gateway-network <name>', 'gateway access: grid network of a private backend address')
    .addOption(
      new Option(
        '--node-type <type>',
        'ZOS nodes to ask the scheduler for (default full: light nodes have no WireGuard between them)',
      ).choices(['full', 'light']),
    )
    .option('--ttl <duration>', 'join token lifetime (at most 24h)', parseDuration, 86_400)
    .addOption(
      new Option(
        '-o, --output <format>',
        'terraform (HCL), terraform-json (main.tf.json) or json (grid TypeScript client)',
      )
        .choices(['terraform', 'terraform-json', 'json'])
        .default('terraform'),
    )
    .option(
      '--dir <dir>',
      `plan directory: writes main.tf (or main.tf.json, grid-plan.json) and ${PLAN_RECORD_FILE}, and keeps the VMs recorded there on a re-run`,
    )
    .option(
      '--output-file <file>',
      'write here (mode 0600) instead of stdout; no plan record, so a re-run changes every VM',
    )
    .action(async (cluster: string, o: GridPlanOptions) => {
      if (o.dir && o.outputFile) throw new Error('pass --dir or --output-file, not both');
      const c = conn();
      const spec = await callApi<ClusterSpecJson>(c, 'GET', `/v1/clusters/${encodeURIComponent(cluster)}`);
      const recordFile = o.dir ? join(o.dir, PLAN_RECORD_FILE) : undefined;
      const existing: GridPlanRecord | undefined =
        recordFile && existsSync(recordFile)
          ? parsePlanRecord(readFileSync(recordFile, 'utf8'), recordFile)
          : undefined;
      const clusterServers = spec.spec.servers ?? 1;
      const servers = o.servers ?? clusterServers;
      if (servers !== clusterServers)
        io.err(
          `warning: cluster ${spec.name} is set for ${clusterServers} server(s); reserving ${servers} server machine(s)\n`,
        );
      const lb = spec.spec.registration?.mode === 'lb';
      const access = o.coordinatorAccess ?? existing?.access ?? 'public';
      const recorded = existing?.vms.find((v) => v.env.K3SGRID_COORDINATOR)?.env.K3SGRID_COORDINATOR;
      if (access === 'mycelium' && !o.coordinator && !recorded)
        throw new Error("mycelium access: pass --coordinator wss://[<the coordinator's mycelium address>]:PORT");
      const gateway: GatewayInput | undefined =
        o.gatewayNode !== undefined || o.gatewayName !== undefined || o.gatewayBackend !== undefined
          ? {
              nodeId: o.gatewayNode ?? 0,
              name: o.gatewayName ?? '',
              backend: o.gatewayBackend ?? '',
              ...(o.gatewayNetwork !== undefined ? { network: o.gatewayNetwork } : {}),
            }
          : undefined;
      const input = (tokens: GridPlanInput['tokens'], coordinatorUrl: string): GridPlanInput => ({
        cluster: spec.name,
        nodes: o.nodes,
        servers,
        lb,
        farms: o.farm ?? [],
        gridNodes: o.gridNode ?? [],
        publicIp: o.publicIp ?? (lb && access !== 'mycelium' ? 'lb' : 'none'),
        cpu: o.cpu,
        memoryMb: o.memory,
        rootfsMb: o.rootfs,
        diskGb: o.disk,
        flist: o.flist,
        ...(o.entrypoint !== undefined ? { entrypoint: o.entrypoint } : {}),
        providerVersion: o.providerVersion,
        coordinatorUrl,
        access,
        ...(gateway ? { gateway } : {}),
        ...(o.ipRange !== undefined ? { ipRange: o.ipRange } : {}),
        ...(o.nodeType !== undefined ? { nodeType: o.nodeType } : {}),
        ...(spec.spec.storage !== undefined ? { storage: spec.spec.storage } : {}),
        ...(existing ? { existing } : {}),
        tokens,
        randomHex: (n) => randomBytes(n).toString('hex'),
      });
      // Validate, and learn which roles need new tokens, before any token exists.
      const dry = buildGridModel(
        input({ server: 'x', agent: 'x', lb: 'x' }, o.coordinator ?? recorded ?? 'wss://placeholder:1'),
      );
      const tokens: Partial<Record<GridRole, string>> = {};
      let advertised: string | undefined;
      let expiresAt: string | undefined;
      for (const role of ['server', 'lb', 'agent'] as const) {
        const uses = dry.tokenUses[role];
        if (!uses) continue;
        const t = await createToken(c, cluster, role, uses, o.ttl, `grid plan ${spec.name} ${role}`);
        tokens[role] = t.token;
        advertised ??= coordinatorUrlFrom(t.agentCommand);
        expiresAt ??= t.expiresAt;
      }
      // A re-run keeps the recorded URL unless told otherwise (mycelium: the advertised one is not a mycelium address).
      const coordinatorUrl = o.coordinator ?? (access === 'mycelium' ? recorded : (advertised ?? recorded));
      if (!coordinatorUrl && access !== 'gateway')
        throw new Error('the coordinator did not say its agent URL; pass --coordinator wss://HOST:PORT');
      const model = buildGridModel(input(tokens, coordinatorUrl ?? ''));
      for (const w of model.warnings) io.err(`warning: ${w}\n`);
      const text =
        o.output === 'terraform'
          ? renderTerraform(model)
          : o.output === 'terraform-json'
            ? renderTerraformJson(model)
            : `${JSON.stringify(renderTsClientModel(model), null, 2)}\n`;
      if (o.dir) {
        mkdirSync(o.dir, { recursive: true, mode: 0o700 });
        emit(io, text, join(o.dir, OUTPUT_FILE[o.output]));
        writeSecret(join(o.dir, PLAN_RECORD_FILE), renderPlanRecord(model));
        io.err(`plan record ${join(o.dir, PLAN_RECORD_FILE)} (mode 0600: it holds the same tokens)\n`);
      } else {
        emit(io, text, o.outputFile);
        io.err(
          'no --dir: nothing records this plan, so running grid plan again gives every VM a new token (and ZOS cannot update a VM)\n',
        );
      }
      const count = (role: GridRole): number => model.vms.filter((v) => v.role === role).length;
      io.err(
        `${model.vms.length} machine(s) for cluster ${spec.name}: ${count('server')} server(s)${count('lb') ? ', 1 lb' : ''}, ${count('agent')} worker(s); ` +
          `${model.added} new, ${model.vms.length - model.added} kept${expiresAt ? `; new tokens expire ${expiresAt}` : ''}\n`,
      );
    });

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
