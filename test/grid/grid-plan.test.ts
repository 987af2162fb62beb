/**
 * `k3sgrid grid plan` and `k3sgrid cloud-init` against an in-process
 * coordinator (real TLS, REST API and WebSocket): the tokens written into the
 * Terraform env vars and the cloud-init env file are accepted by the
 * coordinator, each for its role.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  type CliIo,
  registerGridCommands,
  runCli,
  type RunningCoordinator,
  startCoordinator,
} from '@k3sgrid/coordinator';
import { rawEnroll } from '../support/raw-client.js';
import { tempDir, silentLogger } from '@k3sgrid/testkit';

let c: RunningCoordinator;
let dir: string;
const adminToken = (): string => readFileSync(join(c.state.dir, 'admin.token'), 'utf8').trim();

/** Options every grid plan needs (the flist URL is never used here: nothing deploys). */
const REQUIRED = ['--flist', 'https://hub.grid.tf/k3sgrid/k3sgrid-node.flist', '--provider-version', '1.11.3'];

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (s) => (out += s), err: (s) => (err += s) };
  const code = await runCli(['--state-dir', c.state.dir, ...args], io, {
    extend: (p, i) => registerGridCommands(p, i),
  });
  return { code, out, err };
}

interface TfJson {
  resource: {
    grid_deployment: Record<
      string,
      { vms: Array<{ name: string; publicip: boolean; env_vars: Record<string, string> }> }
    >;
  };
}

beforeAll(async () => {
  dir = tempDir('grid-plan');
  c = await startCoordinator({
    stateDir: join(dir, 'state'),
    listen: '127.0.0.1:0',
    advertise: ['127.0.0.1'],
    logger: silentLogger,
  });
  // Formation waits for 10 nodes, so the enrollments below elect nothing.
  const res = await c.app.inject({
    method: 'POST',
    url: '/v1/clusters',
    headers: { authorization: `Bearer ${adminToken()}` },
    payload: { name: 'gridtest', servers: 3, registration: { mode: 'lb' }, formation: { minNodes: 10 } },
  });
  expect(res.statusCode).toBe(201);
});

afterAll(async () => {
  await c?.close();
});

describe('k3sgrid grid plan', () => {
  it('writes Terraform whose env vars carry tokens the coordinator accepts, one per role', async () => {
    const file = join(dir, 'main.tf.json');
    const r = await cli([
      'grid',
      'plan',
      'gridtest',
      '--nodes',
      '6',
      '--farm',
      '1',
      '--farm',
      '2',
      '--farm',
      '3',
      '-o',
      'terraform-json',
      '--output-file',
      file,
      ...REQUIRED,
    ]);
    expect(r.err).not.toMatch(/^error/m);
    expect(r.code).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const doc = JSON.parse(readFileSync(file, 'utf8')) as TfJson;
    const vms = Object.values(doc.resource.grid_deployment).flatMap((d) => d.vms);
    expect(vms.map((v) => v.name)).toEqual(['server1', 'server2', 'server3', 'lb1', 'agent1', 'agent2']);
    expect(vms.filter((v) => v.publicip).map((v) => v.name)).toEqual(['lb1']); // registration lb: public IP by default
    for (const vm of vms) expect(vm.env_vars.K3SGRID_COORDINATOR).toBe(c.agentUrl);

    // One token per role, with as many uses as machines of that role.
    const list = await c.app.inject({
      method: 'GET',
      url: '/v1/clusters/gridtest/join-tokens',
      headers: { authorization: `Bearer ${adminToken()}` },
    });
    const tokens = list.json<{ items: Array<{ roles: string[]; maxUses: number; state: string }> }>().items;
    expect(tokens.map((t) => `${t.roles.join(',')}x${t.maxUses}`).sort()).toEqual(['agentx2', 'lbx1', 'serverx3']);
    expect(new Set(vms.filter((v) => v.name.startsWith('server')).map((v) => v.env_vars.K3SGRID_TOKEN)).size).toBe(1);

    // Every machine's token enrolls it.
    for (const vm of vms) {
      const { result, conn } = await rawEnroll(
        vm.env_vars.K3SGRID_COORDINATOR ?? '',
        c.state.tls.caCert,
        vm.env_vars.K3SGRID_TOKEN ?? '',
        { hostname: vm.env_vars.K3SGRID_HOSTNAME ?? vm.name },
      );
      expect(result.kind, `${vm.name} enrolls`).toBe('welcome');
      conn.ws.close();
    }
    const nodes = await c.app.inject({
      method: 'GET',
      url: '/v1/nodes?cluster=gridtest',
      headers: { authorization: `Bearer ${adminToken()}` },
    });
    expect(nodes.json<{ items: unknown[] }>().items).toHaveLength(6);

    // A seventh machine with the server token is refused: the token is used up.
    const server = vms[0]?.env_vars.K3SGRID_TOKEN ?? '';
    const { result, conn } = await rawEnroll(c.agentUrl, c.state.tls.caCert, server, { hostname: 'extra' });
    expect(result.kind).not.toBe('welcome');
    conn.ws.close();
  });

  it('prints HCL and the TypeScript client model', async () => {
    const hcl = await cli(['grid', 'plan', 'gridtest', '--nodes', '4', '--disk', '0', ...REQUIRED]);
    expect(hcl.code).toBe(0);
    expect(hcl.out).toMatch(/^resource "grid_deployment" "lb1" \{$/m);
    expect(hcl.out).toMatch(/^ +source += "threefoldtech\/grid"\n +version += "1\.11\.3"$/m);
    const json = await cli(['grid', 'plan', 'gridtest', '--nodes', '4', '-o', 'json', ...REQUIRED]);
    expect(json.code).toBe(0);
    const model = JSON.parse(json.out) as { kind: string; machines: { machines: unknown[] } };
    expect(model.kind).toBe('k3sgrid.grid-plan/v1');
    expect(model.machines.machines).toHaveLength(4);
  });

  it('refuses a plan with too few machines before creating any token', async () => {
    const before = (
      await c.app.inject({
        method: 'GET',
        url: '/v1/join-tokens',
        headers: { authorization: `Bearer ${adminToken()}` },
      })
    ).json<{ items: unknown[] }>();
    const r = await cli(['grid', 'plan', 'gridtest', '--nodes', '3', ...REQUIRED]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/too few/);
    const after = (
      await c.app.inject({
        method: 'GET',
        url: '/v1/join-tokens',
        headers: { authorization: `Bearer ${adminToken()}` },
      })
    ).json<{ items: unknown[] }>();
    expect(after.items).toHaveLength(before.items.length);
  });
});

describe('k3sgrid grid plan --dir: growing keeps the planned VMs', () => {
  const tokenCount = async (): Promise<number> =>
    (
      await c.app.inject({
        method: 'GET',
        url: '/v1/clusters/gridtest/join-tokens',
        headers: { authorization: `Bearer ${adminToken()}` },
      })
    ).json<{ items: unknown[] }>().items.length;
  const deployments = (hcl: string): Map<string, string> =>
    new Map(
      [...hcl.matchAll(/^resource "grid_deployment" "(\w+)" \{\n[\s\S]*?\n\}\n/gm)].map((m) => [m[1] as string, m[0]]),
    );

  it('plan 5 (3 servers, lb, 1 worker), then 7: the first five blocks are byte-identical, only new tokens for the new workers', async () => {
    const planDir = join(dir, 'plan-grow');
    const first = await cli(['grid', 'plan', 'gridtest', '--nodes', '5', '--dir', planDir, ...REQUIRED]);
    expect(first.err).not.toMatch(/^error/m);
    expect(first.code).toBe(0);
    expect(readdirSync(planDir).sort()).toEqual(['k3sgrid-plan.json', 'main.tf']);
    for (const f of ['main.tf', 'k3sgrid-plan.json']) expect(statSync(join(planDir, f)).mode & 0o777).toBe(0o600);
    const before = deployments(readFileSync(join(planDir, 'main.tf'), 'utf8'));
    expect([...before.keys()]).toEqual(['server1', 'server2', 'server3', 'lb1', 'agent1']);

    const tokensBefore = await tokenCount();
    const again = await cli(['grid', 'plan', 'gridtest', '--nodes', '7', '--dir', planDir, ...REQUIRED]);
    expect(again.code).toBe(0);
    expect(again.err).toMatch(/2 new, 5 kept/);
    expect(await tokenCount()).toBe(tokensBefore + 1); // one agent token with 2 uses, nothing for the kept VMs
    const after = deployments(readFileSync(join(planDir, 'main.tf'), 'utf8'));
    expect([...after.keys()]).toEqual(['server1', 'server2', 'server3', 'lb1', 'agent1', 'agent2', 'agent3']);
    for (const [name, text] of before) expect(after.get(name), name).toBe(text);

    // The same plan once more changes nothing and creates no token.
    const same = await cli(['grid', 'plan', 'gridtest', '--nodes', '7', '--dir', planDir, ...REQUIRED]);
    expect(same.code).toBe(0);
    expect(await tokenCount()).toBe(tokensBefore + 1);
    // Shrinking is refused before any token exists.
    const shrink = await cli(['grid', 'plan', 'gridtest', '--nodes', '6', '--dir', planDir, ...REQUIRED]);
    expect(shrink.code).toBe(1);
    expect(shrink.err).toMatch(/only adds machines/);
  });
});

describe('k3sgrid cloud-init', () => {
  it('prints #cloud-config whose token the coordinator accepts', async () => {
    const r = await cli([
      'cloud-init',
      'gridtest',
      '--role',
      'agent',
      '--agent-url',
      'https://downloads.example.net/k3sgrid-agent.tar.gz',
    ]);
    expect(r.code).toBe(0);
    expect(r.out.startsWith('#cloud-config\n')).toBe(true);
    const doc = parseYaml(r.out) as { write_files: Array<{ path: string; content: string }>; runcmd: string[] };
    const env = Object.fromEntries(
      (doc.write_files.find((f) => f.path === '/etc/k3sgrid/agent.env')?.content ?? '')
        .trim()
        .split('\n')
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    ) as Record<string, string>;
    expect(env.K3SGRID_COORDINATOR).toBe(c.agentUrl);
    expect(doc.runcmd).toContain('systemctl enable --now k3sgrid-agent.service');
    const { result, conn } = await rawEnroll(c.agentUrl, c.state.tls.caCert, env.K3SGRID_TOKEN ?? '', {
      hostname: 'cloud-1',
    });
    expect(result.kind).toBe('welcome');
    conn.ws.close();
  });

  it('--no-packages prints user-data without package_update and packages', async () => {
    const r = await cli([
      'cloud-init',
      'gridtest',
      '--role',
      'agent',
      '--agent-url',
      'https://downloads.example.net/k3sgrid-agent.tar.gz',
      '--no-packages',
    ]);
    expect(r.code).toBe(0);
    const doc = parseYaml(r.out) as Record<string, unknown>;
    expect(doc).not.toHaveProperty('package_update');
    expect(doc).not.toHaveProperty('packages');
    expect(doc.runcmd).toContain('systemctl enable --now k3sgrid-agent.service');
  });
});
