/**
 * The `k3sgrid-agent` CLI: `run` (enroll and stay connected), `probe` (print
 * the capability report without talking to anyone), `--version`.
 */
import { Command } from 'commander';
import pino from 'pino';
import { AgentError } from '../errors.js';
import { type AgentFlags, resolveAgentSettings } from '../config.js';
import { defaultExec } from '../k3s/deps.js';
import { probeCapabilities, reportedAddresses } from '../probe/index.js';
import { AGENT_VERSION, AgentSessionClient } from '../session/client.js';
import { registerProbeCommand } from './probe-command.js';
import { createK3sIntegration } from './k3s-integration.js';

function reconnectCapMs(): number {
  const v = Number(process.env.K3SGRID_RECONNECT_MAX_MS ?? 30_000);
  return Number.isFinite(v) && v >= 1000 ? v : 30_000;
}

/** Commander accumulator: a repeated option yields every value, in order. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Exit code for a permanent refusal (revoked, token invalid, pin mismatch). */
export const EXIT_REFUSED = 3;

export function buildAgentProgram(): Command {
  const program = new Command('k3sgrid-agent')
    .description('k3sgrid node agent: enrolls with the coordinator and runs k3s as assigned')
    .version(AGENT_VERSION)
    .showHelpAfterError();
  program.exitOverride();

  program
    .command('run')
    .description('enroll (first boot) or reconnect, then apply assignments and keep k3s running')
    .option(
      '--coordinator <url>',
      'wss://HOST:PORT of the coordinator; repeat it or separate with commas for replicas, tried in order (env K3SGRID_COORDINATOR)',
      collect,
    )
    .option('--token <token>', 'join token, needed only for the first enrollment (env K3SGRID_TOKEN)')
    .option('--state-dir <dir>', 'agent state directory (env K3SGRID_AGENT_STATE_DIR; default /var/lib/k3sgrid-agent)')
    .option('--config <file>', 'agent config file, YAML (env K3SGRID_AGENT_CONFIG)')
    .option('--probe-root <dir>', 'root to probe capabilities under (default /)')
    .option('--hostname <name>', 'hostname to report (default: the system hostname)')
    .option('--node-ip <ip>', 'address k3s uses as node-ip, reported first among the addresses (env K3SGRID_NODE_IP)')
    .option(
      '--k3s-binary <path>',
      'development only: run this k3s executable (a host path) as is; skips the download and sha256 check of the release the assignment names (env K3SGRID_K3S_BINARY; default: the release, installed at /usr/local/bin/k3s)',
    )
    .option(
      '--root-prefix <dir>',
      'write every k3s and haproxy file under this folder (env K3SGRID_ROOT_PREFIX; default /)',
    )
    .option(
      '--supervisor <kind>',
      'keep k3s running with auto|systemd|zinit|builtin (env K3SGRID_SUPERVISOR; default auto)',
    )
    .option(
      '--haproxy-binary <path>',
      'haproxy executable for the lb role (env K3SGRID_HAPROXY_BINARY; default haproxy on PATH)',
    )
    .action(async (flags: AgentFlags) => {
      const settings = resolveAgentSettings(flags);
      const log = pino(
        { level: process.env.K3SGRID_LOG_LEVEL ?? 'info', base: { component: 'agent' } },
        pino.destination(2),
      );
      const k3s = await createK3sIntegration(settings, log);
      const client = new AgentSessionClient({
        coordinators: settings.coordinators,
        token: settings.token,
        stateDir: settings.stateDir,
        probe: async () => {
          const live = settings.probeRoot === '/';
          const report = await probeCapabilities({
            root: settings.probeRoot,
            live,
            ...(live ? { exec: defaultExec } : {}),
          });
          // The coordinator takes the first address as the node's k3s node-ip:
          // an operator's --node-ip goes first, never a guess.
          return { ...report, addresses: reportedAddresses(report.addresses, settings.nodeIp) };
        },
        log,
        ...(settings.hostname ? { hostname: settings.hostname } : {}),
        // Reconnect back-off ceiling; 30 s in production, shorter in labs and tests.
        backoff: { baseMs: 500, capMs: reconnectCapMs() },
        handlers: k3s.handlers,
      });
      k3s.attach(client);
      const stop = (): void => {
        log.info({}, 'stopping');
        client.stop();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await k3s.resume();
      try {
        await client.run();
      } finally {
        await k3s.shutdown();
      }
    });

  registerProbeCommand(program);
  return program;
}

/** Runs the agent CLI; returns the exit code. */
export async function runAgentCli(argv: string[]): Promise<number> {
  const program = buildAgentProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    const e = err as { code?: string; exitCode?: number; message?: string };
    if (typeof e.code === 'string' && e.code.startsWith('commander.')) return e.exitCode ?? 2;
    if (err instanceof AgentError) {
      process.stderr.write(`k3sgrid-agent: ${err.message}\n`);
      return err.permanent ? EXIT_REFUSED : 1;
    }
    process.stderr.write(`k3sgrid-agent: ${e.message ?? String(err)}\n`);
    return 1;
  }
}
