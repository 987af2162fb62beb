// Entry point of the k3s test double: `k3s server|agent [flags]`, `k3s --version`.
import path from 'node:path';
import { runAgent } from './agent.js';
import { DirectFatal, defaultConfigPath } from './common.js';
import { configArgs, findConfigFile } from './config.js';
import { type Command, parseFlags, UsageError } from './flags.js';
import { logger, setDebug } from './log.js';
import { takeNotifySocket } from './notify.js';
import { runServer } from './server.js';
import { appVersion, versionText } from './version.js';

const cleanups: (() => Promise<void>)[] = [];
const onShutdown = (fn: () => Promise<void>): void => {
  cleanups.push(fn);
};
let shuttingDown = false;
async function shutdown(code: number): Promise<never> {
  if (!shuttingDown) {
    shuttingDown = true;
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch {
        // best effort
      }
    }
  }
  process.exit(code);
}

/** filepath.Base(os.Args[0]); the wrappers pass the name they were invoked by in K3S_DOUBLE_ARGV0. */
const appName = (): string => path.basename(process.env.K3S_DOUBLE_ARGV0 || 'k3s');

async function main(argv: string[]): Promise<void> {
  const cmd = argv[0];
  // urfave/cli app flags: --version / -v (pkg/cli/cmds/root.go NewApp)
  if (cmd === '--version' || cmd === '-v' || cmd === '-version') {
    process.stdout.write(versionText(appName()));
    return;
  }
  if (cmd !== 'server' && cmd !== 'agent') {
    process.stderr.write(`Incorrect Usage. k3s-double supports only "server" and "agent", got ${cmd ?? '(none)'}\n`);
    process.exit(1);
  }
  const command: Command = cmd;
  const cli = argv.slice(1);
  const explicit = findConfigFile(cli, '', {}) !== '' || Boolean(process.env.K3S_CONFIG_FILE);
  const configFile = findConfigFile(cli, defaultConfigPath(), process.env);
  let args: string[];
  try {
    // config args go right after the command word, before the real CLI args
    args = [...configArgs(command, configFile, explicit), ...cli];
  } catch (e) {
    logger.fatal((e as Error).message);
    process.exit(1);
  }
  let flags;
  try {
    flags = parseFlags(command, args).flags;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`Incorrect Usage: ${e.message}\n\n`);
      process.stderr.write(
        `NAME:\n   k3s ${command} - Run ${command === 'server' ? 'management server' : 'node agent'}\n\n`,
      );
      logger.fatal(e.message);
      process.exit(1);
    }
    throw e;
  }
  setDebug(flags.bool('debug'));
  takeNotifySocket();
  process.on('SIGTERM', () => void shutdown(0));
  process.on('SIGINT', () => void shutdown(0));
  logger.info(`Starting k3s${command === 'agent' ? ' agent' : ''} ${appVersion()}`);
  logger.info(`k3s-double: the k3s test double, pid ${process.pid}`);
  if (command === 'server') await runServer(flags, onShutdown);
  else await runAgent(flags, onShutdown);
}

main(process.argv.slice(2)).catch(async (e: unknown) => {
  // cmd/server/main.go: logrus.Fatalf("Error: %v", err); other logrus.Fatalf calls print their own text
  const msg = e instanceof Error ? e.message : String(e);
  logger.fatal(e instanceof DirectFatal ? msg : `Error: ${msg}`);
  await shutdown(1);
});
