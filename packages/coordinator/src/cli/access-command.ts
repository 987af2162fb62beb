/**
 * Access commands: `user` and `service-account` (create, list, get, delete,
 * grant, ungrant), `api-token` (create, list, revoke), `whoami` and
 * `break-glass rotate`. A token's secret goes to stdout once, at creation
 * (its details to stderr), so `TOKEN=$(k3sgrid api-token create …)` works.
 */
import { Option, type Command } from 'commander';
import type { ApiTokenCreatedT, ApiTokenViewT, PrincipalViewT } from '../api/access-schemas.js';
import { callApi, type Connection } from './client.js';
import { parseDuration, type Column, type OutputFormat } from './output.js';
import type { CliIo } from './program.js';

type Print = <T>(fmt: OutputFormat, rows: T[], cols: Column<T>[], raw?: unknown) => void;

const grantsText = (p: PrincipalViewT): string => p.grants.map((g) => `${g.role}@${g.cluster}`).join(',') || '-';

const PRINCIPAL_COLUMNS: Column<PrincipalViewT>[] = [
  { header: 'NAME', get: (p) => p.name },
  { header: 'GRANTS', get: grantsText },
  { header: 'CREATED', get: (p) => p.createdAt ?? '' },
  { header: 'CREATED-BY', get: (p) => p.createdBy, wide: true },
  { header: 'DESCRIPTION', get: (p) => p.description, wide: true },
];

const TOKEN_COLUMNS: Column<ApiTokenViewT>[] = [
  { header: 'ID', get: (t) => t.id },
  { header: 'NAME', get: (t) => t.name },
  { header: 'OWNER', get: (t) => t.owner },
  { header: 'STATE', get: (t) => t.state },
  { header: 'EXPIRES', get: (t) => t.expiresAt },
  { header: 'CREATED-BY', get: (t) => t.createdBy, wide: true },
];

const enc = encodeURIComponent;

/** Registers the access commands on the program. */
export function registerAccessCommands(
  program: Command,
  io: CliIo,
  conn: () => Connection,
  print: Print,
  outOpt: () => Option,
): void {
  for (const [cmd, path, word] of [
    ['user', 'users', 'user'],
    ['service-account', 'service-accounts', 'service account'],
  ] as const) {
    const g = program.command(cmd).description(`create, list and delete ${word}s and give them roles`);
    if (cmd === 'service-account') g.alias('sa');
    g.command('create <name>')
      .description(`create a ${word} (no role until granted one)`)
      .option('--description <text>', 'free text')
      .addOption(outOpt())
      .action(async (name: string, o: { description?: string; output: OutputFormat }) => {
        const p = await callApi<PrincipalViewT>(conn(), 'POST', `/v1/${path}`, {
          name,
          ...(o.description ? { description: o.description } : {}),
        });
        if (o.output === 'table')
          io.err(`${word} ${p.name} created; give it a role: k3sgrid ${cmd} grant ${p.name} --role viewer\n`);
        else print(o.output, [p], PRINCIPAL_COLUMNS, p);
      });
    g.command('list')
      .description(`list ${word}s with their roles (role@cluster, * = all clusters)`)
      .addOption(outOpt())
      .action(async (o: { output: OutputFormat }) => {
        const r = await callApi<{ items: PrincipalViewT[] }>(conn(), 'GET', `/v1/${path}`);
        print(o.output, r.items, PRINCIPAL_COLUMNS, r);
      });
    g.command('get <name>')
      .description(`show a ${word} with its roles`)
      .addOption(outOpt())
      .action(async (name: string, o: { output: OutputFormat }) => {
        const p = await callApi<PrincipalViewT>(conn(), 'GET', `/v1/${path}/${enc(name)}`);
        print(o.output, [p], PRINCIPAL_COLUMNS, p);
      });
    g.command('delete <name>')
      .description(`delete a ${word} with its roles and API tokens (they stop working now)`)
      .action(async (name: string) => {
        await callApi(conn(), 'DELETE', `/v1/${path}/${enc(name)}`);
        io.err(`${word} ${name} deleted\n`);
      });
    g.command('grant <name>')
      .description(`give a ${word} a role for all clusters, or with --cluster for one (replacing its role there)`)
      .addOption(
        new Option('--role <role>', 'viewer, operator or admin')
          .choices(['viewer', 'operator', 'admin'])
          .makeOptionMandatory(),
      )
      .option('--cluster <cluster>', 'only this cluster (name or id); default all clusters')
      .action(async (name: string, o: { role: string; cluster?: string }) => {
        const p = await callApi<PrincipalViewT>(conn(), 'PUT', `/v1/${path}/${enc(name)}/grants`, {
          role: o.role,
          ...(o.cluster ? { cluster: o.cluster } : {}),
        });
        io.err(`${word} ${p.name}: ${grantsText(p)}\n`);
      });
    g.command('ungrant <name>')
      .description(`remove a ${word}'s role for all clusters, or with --cluster for one`)
      .option('--cluster <cluster>', 'the cluster (name or id); default the all-clusters role')
      .action(async (name: string, o: { cluster?: string }) => {
        await callApi(conn(), 'DELETE', `/v1/${path}/${enc(name)}/grants/${enc(o.cluster ?? '*')}`);
        io.err(`${word} ${name}: role on ${o.cluster ?? 'all clusters'} removed\n`);
      });
  }

  const tok = program
    .command('api-token')
    .description('create, list and revoke API tokens (named, expiring, shown once)');
  const ownerPath = (o: { user?: string; serviceAccount?: string }): string =>
    o.user ? `/v1/users/${enc(o.user)}` : o.serviceAccount ? `/v1/service-accounts/${enc(o.serviceAccount)}` : '/v1/me';
  tok
    .command('create')
    .description("create an API token (yours, or with --user/--service-account someone else's: admin); printed once")
    .requiredOption('--name <name>', 'what it is for, e.g. laptop or ci')
    .option('--user <name>', 'for this user (admin only)')
    .option('--service-account <name>', 'for this service account (admin only)')
    .option(
      '--ttl <duration>',
      "lifetime, e.g. 8h or 7d (default 30d; at most the coordinator's maximum)",
      parseDuration,
    )
    .addOption(outOpt())
    .action(async (o: { name: string; user?: string; serviceAccount?: string; ttl?: number; output: OutputFormat }) => {
      if (o.user && o.serviceAccount) throw new Error('give --user or --service-account, not both');
      const t = await callApi<ApiTokenCreatedT>(conn(), 'POST', `${ownerPath(o)}/api-tokens`, {
        name: o.name,
        ...(o.ttl !== undefined ? { ttlSeconds: o.ttl } : {}),
      });
      if (o.output === 'table') {
        io.out(`${t.token}\n`);
        io.err(`API token ${t.id} (${t.name}) for ${t.owner}, expires ${t.expiresAt}; it is not shown again\n`);
      } else print(o.output, [t], TOKEN_COLUMNS, t);
    });
  tok
    .command('list')
    .description("list API tokens, never their secrets: yours, one owner's, or with --all every one (admin)")
    .option('--user <name>', "this user's (admin only)")
    .option('--service-account <name>', "this service account's (admin only)")
    .option('--all', 'every API token (admin only)')
    .addOption(outOpt())
    .action(async (o: { user?: string; serviceAccount?: string; all?: boolean; output: OutputFormat }) => {
      const path = o.all ? '/v1/api-tokens' : `${ownerPath(o)}/api-tokens`;
      const r = await callApi<{ items: ApiTokenViewT[] }>(conn(), 'GET', path);
      print(o.output, r.items, TOKEN_COLUMNS, r);
    });
  tok
    .command('revoke <tokenId>')
    .description("revoke an API token: yours, or with --any anyone's (admin); refused from the next request on")
    .option('--any', "anyone's token (admin only)")
    .action(async (id: string, o: { any?: boolean }) => {
      await callApi(conn(), 'DELETE', o.any ? `/v1/api-tokens/${enc(id)}` : `/v1/me/api-tokens/${enc(id)}`);
      io.err(`API token ${id} revoked\n`);
    });

  program
    .command('whoami')
    .description('who the token you use is, and its roles')
    .addOption(outOpt())
    .action(async (o: { output: OutputFormat }) => {
      const p = await callApi<PrincipalViewT>(conn(), 'GET', '/v1/me');
      if (o.output === 'table') io.out(`${p.actor}\t${grantsText(p)}\n`);
      else print(o.output, [p], PRINCIPAL_COLUMNS, p);
    });

  program
    .command('break-glass')
    .description('the bootstrap admin token (every use is audited)')
    .command('rotate')
    .description('replace the break-glass token (admin): the old one stops working now; the new one is printed once')
    .action(async () => {
      const r = await callApi<{ token: string }>(conn(), 'POST', '/v1/break-glass/rotate', {});
      io.out(`${r.token}\n`);
      io.err(
        "break-glass token rotated: the old one no longer works; the coordinator also wrote the new one to its state dir's admin.token\n",
      );
    });
}
