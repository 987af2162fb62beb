/**
 * `k3sgrid coordinator serve`: runs the coordinator until SIGINT/SIGTERM.
 */
import type { Command } from 'commander';
import { startCoordinator } from '../app.js';
import { defaultStateDir } from './client.js';
import type { CliIo } from './program.js';

function collect(v: string, prev: string[] = []): string[] {
  return [...prev, ...v.split(',').filter(Boolean)];
}

export function registerServeCommand(program: Command, io: CliIo): void {
  const coordinator = program.command('coordinator').description('run the coordinator');
  coordinator
    .command('serve')
    .description('serve the REST API and the agents\' WebSocket on one HTTPS port')
    .option('--state-dir <dir>', 'state directory (CA, keys, database, admin token)')
    .option('--listen <host:port>', 'address to listen on', '0.0.0.0:8443')
    .option('--advertise <name-or-ip>', 'name or address agents use (repeatable); goes into the certificate', collect)
    .action(async (o: { stateDir?: string; listen: string; advertise?: string[] }) => {
      const stateDir = o.stateDir ?? program.opts<{ stateDir?: string }>().stateDir ?? defaultStateDir();
      const c = await startCoordinator({ stateDir, listen: o.listen, advertise: o.advertise ?? [] });
      io.err(
        `k3sgrid coordinator listening on ${c.url}\n` +
          `  state dir:    ${stateDir}\n` +
          `  agents dial:  ${c.agentUrl}\n` +
          `  CA pin:       ${c.state.pin}\n` +
          `  admin token:  ${stateDir}/admin.token\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          io.err('shutting down\n');
          void c.close().then(resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
