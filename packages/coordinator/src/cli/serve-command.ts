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
import { parseDuration } from './output.js';
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
  eventRetention: number;
  eventRetentionCount: number;
  maxEventStreams: number;
  apiTokenMaxTtl: number;
}

function positiveInt(name: string, max: number): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!/^\d+$/.test(v) || n < 1 || n > max)
      throw new InvalidArgumentError(`${name} must be a whole number from 1 to ${max}, got ${JSON.stringify(v)}`);
    return n;
  };
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
    .option('--event-retention <duration>', 'delete events older than this (e.g. 30d, 12h)', parseDuration, 30 * 86400)
    .option(
      '--event-retention-count <n>',
      'keep at most this many events, the newest',
      positiveInt('--event-retention-count', 100_000_000),
      500_000,
    )
    .option(
      '--max-event-streams <n>',
      'live event streams (dashboards, `events --follow`) open at once; more get 503',
      positiveInt('--max-event-streams', 100_000),
      256,
    )
    .option(
      '--api-token-max-ttl <duration>',
      'longest lifetime an API token may ask for (e.g. 90d, 12h); the default lifetime is 30d or this, if shorter',
      parseDuration,
      90 * 86400,
    )
    .action(async (o: ServeFlags) => {
      if (o.apiTokenMaxTtl < 60 || o.apiTokenMaxTtl > 366 * 86400)
        throw new InvalidArgumentError(`--api-token-max-ttl must be from 1m to 366d, got ${o.apiTokenMaxTtl} s`);
      if (o.eventRetention < 3600)
        throw new InvalidArgumentError(`--event-retention must be at least 1h, got ${o.eventRetention} s`);
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
      const c = await startCoordinator({
        stateDir,
        listen: o.listen,
        advertise,
        leaseTtlMs,
        eventRetention: { maxAgeMs: o.eventRetention * 1000, maxCount: o.eventRetentionCount },
        eventStream: { maxSubscribers: o.maxEventStreams },
        apiTokens: { maxTtlSeconds: o.apiTokenMaxTtl },
      });
      io.err(
        `k3sgrid coordinator listening on ${c.url}\n` +
          `  state dir:    ${stateDir}\n` +
          `  datastore:    ${c.state.datastore}\n` +
          `  agents dial:  ${c.agentUrl}\n` +
          (c.state.datastore.startsWith('postgres') ? `  replica:      ${c.router.replicaId}\n` : '') +
          `  CA pin:       ${c.state.pin}\n` +
          `  break-glass:  ${stateDir}/admin.token (every use is audited; prefer API tokens: k3sgrid user create)\n`,
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
