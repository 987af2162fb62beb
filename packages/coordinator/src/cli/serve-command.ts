/**
 * `k3sgrid coordinator serve`: runs the coordinator until SIGINT/SIGTERM.
 * `--datastore postgres://…` puts the state in PostgreSQL so several replicas
 * can share it (the choice is recorded in the state dir); `--identity FILE`
 * installs the identity exported from the first replica.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { startCoordinator } from '../app.js';
import { openState } from '../state-dir.js';
import { defaultStateDir } from './client.js';
import { readIdentityFile, registerIdentityCommand } from './identity-command.js';
import type { CliIo } from './program.js';

function collect(v: string, prev: string[] = []): string[] {
  return [...prev, ...v.split(',').filter(Boolean)];
}

interface ServeFlags {
  stateDir?: string;
  listen: string;
  advertise?: string[];
  datastore?: string;
  datastorePasswordFile?: string;
  identity?: string;
  identityPassphraseFile?: string;
  leaseTtl: string;
}

export function registerServeCommand(program: Command, io: CliIo): void {
  const coordinator = program.command('coordinator').description('run the coordinator');
  coordinator
    .command('serve')
    .description("serve the REST API and the agents' WebSocket on one HTTPS port")
    .option('--state-dir <dir>', 'state directory (CA, keys, database, admin token)')
    .option('--listen <host:port>', 'address to listen on', '0.0.0.0:8443')
    .option('--advertise <name-or-ip>', 'name or address agents use (repeatable); goes into the certificate', collect)
    .option(
      '--datastore <url>',
      'postgres://user@host:port/db to share one PostgreSQL database between replicas (default: SQLite in the state dir; remembered in the state dir)',
    )
    .option(
      '--datastore-password-file <file>',
      'file holding the datastore password (else K3SGRID_DATASTORE_PASSWORD or PGPASSWORD)',
    )
    .option(
      '--identity <file>',
      'identity of the first replica (from `k3sgrid coordinator export-identity`) to install',
    )
    .option(
      '--identity-passphrase-file <file>',
      'passphrase of a sealed --identity file (else K3SGRID_IDENTITY_PASSPHRASE)',
    )
    .option(
      '--lease-ttl <seconds>',
      'replicas: formation lease duration; a dead leader is replaced within about 1.3× this',
      '5',
    )
    .action(async (o: ServeFlags) => {
      const leaseTtlMs = Math.round(Number(o.leaseTtl) * 1000);
      if (!Number.isFinite(leaseTtlMs) || leaseTtlMs < 1000 || leaseTtlMs > 300_000)
        throw new InvalidArgumentError(
          `--lease-ttl must be between 1 and 300 seconds, got ${JSON.stringify(o.leaseTtl)}`,
        );
      const stateDir = o.stateDir ?? program.opts<{ stateDir?: string }>().stateDir ?? defaultStateDir();
      const advertise = o.advertise ?? [];
      if (o.datastore !== undefined || o.datastorePasswordFile !== undefined || o.identity !== undefined) {
        // Install the identity and record the datastore in the state dir
        // (checked against the database), then start as usual from it.
        const identity =
          o.identity !== undefined ? await readIdentityFile(o.identity, o.identityPassphraseFile) : undefined;
        const prepared = await openState(stateDir, {
          advertise,
          ...(o.datastore !== undefined ? { datastore: o.datastore } : {}),
          ...(o.datastorePasswordFile !== undefined ? { datastorePasswordFile: o.datastorePasswordFile } : {}),
          ...(identity ? { identity } : {}),
        });
        await prepared.store.close();
      }
      const c = await startCoordinator({ stateDir, listen: o.listen, advertise, leaseTtlMs });
      io.err(
        `k3sgrid coordinator listening on ${c.url}\n` +
          `  state dir:    ${stateDir}\n` +
          `  datastore:    ${c.state.datastore}\n` +
          `  agents dial:  ${c.agentUrl}\n` +
          (c.state.datastore.startsWith('postgres') ? `  replica:      ${c.router.replicaId}\n` : '') +
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
  registerIdentityCommand(coordinator, io);
}
