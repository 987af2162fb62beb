/**
 * Figure 6: the coordinator's share of a lab formation. A lab (coordinator in
 * this process, one real agent process per node running the k3s test double
 * with real etcd) forms 1 server + 2 agents; the events timeline gives the
 * last enrollment and the cluster's readyAt. The test double's own time is
 * measured standalone on the same machine: a server from spawn to `/readyz`
 * ok and its Node Ready, then an agent from spawn to its Node Ready (in the
 * lab the agents start only once the server is ready, so the two add up).
 * Overhead = (readyAt − last enrollment) − (double server + double agent).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { credsFromKubeconfig, kubeRequest } from '@k3sgrid/coordinator';
import { FAST_DOUBLE_ENV, K3S_DOUBLE, Lab } from '../lib/lab-core.js';
import { sleep } from './common.js';
import { tempDir, waitFor } from '@k3sgrid/testkit';

export interface LabOverhead {
  doubleServerMs: number;
  doubleAgentMs: number;
  lastEnrolledToReadyMs: number;
  overheadMs: number;
  /** Offsets from the last enrollment, ms, of the timeline's milestones. */
  timeline: Array<{ atMs: number; what: string }>;
  totalLabMs: number;
}

function nodeReady(body: string, name: string): boolean {
  try {
    const n = JSON.parse(body) as {
      metadata?: { name?: string };
      status?: { conditions?: Array<{ type?: string; status?: string }> };
    };
    return (
      n.metadata?.name === name && (n.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')
    );
  } catch {
    return false;
  }
}

async function until(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  await waitFor(what, () => check().catch(() => false), timeoutMs, 50);
}

function killGroup(c: ChildProcess): void {
  try {
    if (c.pid) process.kill(-c.pid, 'SIGKILL');
  } catch {
    /* gone */
  }
}

/** The test double's own start times, standalone. */
async function doubleStart(dir: string): Promise<{ serverMs: number; agentMs: number }> {
  const env = { ...process.env, ...FAST_DOUBLE_ENV };
  const sRoot = join(dir, 's1');
  const aRoot = join(dir, 'a1');
  mkdirSync(sRoot, { recursive: true });
  mkdirSync(aRoot, { recursive: true });
  const ip = '127.0.89.1';
  const t0 = Date.now();
  const server = spawn(K3S_DOUBLE, ['server', '--cluster-init', '--node-ip', ip, '--node-name', 's1'], {
    env: { ...env, K3S_DOUBLE_ROOT: sRoot },
    detached: true,
    stdio: 'ignore',
  });
  let agent: ChildProcess | null = null;
  try {
    const kc = join(sRoot, 'etc/rancher/k3s/k3s.yaml');
    await until('double server ready', 120_000, async () => {
      if (!existsSync(kc)) return false;
      const creds = credsFromKubeconfig(readFileSync(kc, 'utf8'));
      const r = await kubeRequest(creds, 'GET', '/readyz', 2000);
      if (r.status !== 200 || r.body.trim() !== 'ok') return false;
      return nodeReady((await kubeRequest(creds, 'GET', '/api/v1/nodes/s1', 2000)).body, 's1');
    });
    const serverMs = Date.now() - t0;
    const creds = credsFromKubeconfig(readFileSync(kc, 'utf8'));
    const token = readFileSync(join(sRoot, 'var/lib/rancher/k3s/server/token'), 'utf8').trim();
    const t1 = Date.now();
    agent = spawn(
      K3S_DOUBLE,
      ['agent', '-s', `https://${ip}:6443`, '-t', token, '--node-ip', '127.0.89.2', '--node-name', 'a1'],
      { env: { ...env, K3S_DOUBLE_ROOT: aRoot }, detached: true, stdio: 'ignore' },
    );
    await until('double agent Ready', 120_000, async () =>
      nodeReady((await kubeRequest(creds, 'GET', '/api/v1/nodes/a1', 2000)).body, 'a1'),
    );
    return { serverMs, agentMs: Date.now() - t1 };
  } finally {
    if (agent) killGroup(agent);
    killGroup(server);
    await sleep(500);
  }
}

export async function runLabOverhead(log: (s: string) => void): Promise<LabOverhead> {
  const dir = tempDir('bench-lab');
  try {
    const d = await doubleStart(join(dir, 'double'));
    log(`lab: the double alone: server ready in ${d.serverMs} ms, agent Ready in ${d.agentMs} ms`);
    const t0 = Date.now();
    const lab = await Lab.start({
      dir: join(dir, 'lab'),
      subnet: '127.0.88',
      spec: { servers: 1, registration: { mode: 'server' }, formation: { minNodes: 3, timeoutSeconds: 60 } },
      logLevel: 'warn',
    });
    try {
      const token = await lab.token({ uses: 3 });
      for (let i = 1; i <= 3; i++) lab.startNode(i, token);
      const c = await lab.waitReady(240_000);
      const totalLabMs = Date.now() - t0;
      const events = await lab.coordinator.service.listEvents({ clusterId: c.id, limit: 1000 });
      const enrolled = events.filter((e) => e.type === 'enroll.ok').map((e) => e.ts);
      const last = Math.max(...enrolled);
      const readyAt = c.formation.readyAt ?? Date.now();
      const timeline = events
        .filter(
          (e) =>
            e.ts >= last &&
            (e.type === 'election' ||
              e.type === 'assignment.committed' ||
              e.type.startsWith('node.phase.') ||
              e.type === 'cluster.phase' ||
              e.type === 'formation.ca-hash'),
        )
        .map((e) => ({ atMs: e.ts - last, what: e.message }))
        .sort((a, b) => a.atMs - b.atMs);
      const span = readyAt - last;
      const out: LabOverhead = {
        doubleServerMs: d.serverMs,
        doubleAgentMs: d.agentMs,
        lastEnrolledToReadyMs: span,
        overheadMs: span - d.serverMs - d.agentMs,
        timeline,
        totalLabMs,
      };
      log(
        `lab: last enrollment → ready ${span} ms; double alone ${d.serverMs + d.agentMs} ms; overhead ${out.overheadMs} ms`,
      );
      return out;
    } finally {
      await lab.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
