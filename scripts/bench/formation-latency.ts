/**
 * Figure 4: a fresh coordinator, one cluster with minNodes = N (1 server,
 * registration mode `server`), N raw agents enrolled with one token. The
 * clock starts when the last required node's Welcome arrives (its
 * EnrollRequest carried its report); each node's latency is the arrival of
 * its first Assignment frame. The first server answers its assignment with a
 * ready StatusUpdate at once (a k3s that starts in zero time), so the
 * workers' latencies include the coordinator's full decide-commit-send path
 * for them.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ChildLink, forkTs, percentile, sleep, type ServerStats } from './common.js';
import { tempDir } from '@k3sgrid/testkit';

export interface FormationLatency {
  nodes: number;
  enrolled: number;
  assigned: number;
  /** From the last Welcome to the first server's Assignment, ms. */
  initMs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Server CPU from the last Welcome to the last Assignment, ms. */
  serverCpuMs: number;
  enrollWallMs: number;
  /** Cluster phase and status message at the end. */
  clusterStatus: string;
}

export async function runFormationLatency(
  nodes: number,
  budgetMs: number,
  log: (s: string) => void,
): Promise<FormationLatency> {
  const dir = tempDir('bench-formation');
  const server = new ChildLink(forkTs('server-coordinator.ts', [join(dir, 'state'), '0'], { exposeGc: true }));
  const loader = new ChildLink(forkTs('load.ts'));
  try {
    const ready = await server.waitEvent<{ agentUrl: string; caPem: string }>('ready', 180_000);
    await loader.waitEvent('ready', 120_000);
    const [c] = await server.request<Array<{ token: string; clusterId: string }>>('setup', {
      clusters: 1,
      perCluster: nodes,
      minNodes: nodes,
      prefix: 'latency',
    });
    if (!c) throw new Error('no cluster');
    await loader.request('watch', { enabled: true });
    const t0 = Date.now();
    const res = await loader.request<{ ok: number; lastWelcomeAt: number }>('connect', {
      url: ready.agentUrl,
      caPem: ready.caPem,
      tokens: [c.token],
      perToken: nodes,
      from: 0,
      count: nodes,
      concurrency: 64,
      deadline: t0 + budgetMs,
    });
    const cpu0 = await server.request<ServerStats>('stats', { gc: false });
    log(`formation: ${res.ok}/${nodes} enrolled in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    let list: Array<{ at: number; role: string }> = [];
    // Short of minNodes the cluster never forms: no latency to measure.
    const deadline = Date.now() + (res.ok < nodes ? 0 : Number(process.env.BENCH_ASSIGN_WAIT_S ?? 120) * 1000);
    while (Date.now() < deadline) {
      list = await loader.request<Array<{ at: number; role: string }>>('assignments');
      if (list.every((a) => a.at > 0)) break;
      await sleep(100);
    }
    const cpu1 = await server.request<ServerStats>('stats', { gc: false });
    const lat = list.filter((a) => a.at > 0).map((a) => a.at - res.lastWelcomeAt);
    const sorted = [...lat].sort((a, b) => a - b);
    const init = list.find((a) => a.role === 'server-init');
    const out: FormationLatency = {
      nodes,
      enrolled: res.ok,
      assigned: lat.length,
      initMs: init ? init.at - res.lastWelcomeAt : NaN,
      p50Ms: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
      maxMs: sorted[sorted.length - 1] ?? NaN,
      serverCpuMs: (cpu1.cpuMicros - cpu0.cpuMicros) / 1000,
      enrollWallMs: res.lastWelcomeAt - t0,
      clusterStatus: '',
    };
    const cl = await server.request<{ phase: string; statusMessage: string }>('cluster', { id: c.clusterId });
    out.clusterStatus = `${cl.phase}: ${cl.statusMessage.length > 200 ? `${cl.statusMessage.slice(0, 200)}… (${cl.statusMessage.length} characters)` : cl.statusMessage}`;
    log(
      `formation: ${out.assigned}/${nodes} assignments; first server after ${out.initMs} ms; p50 ${out.p50Ms} ms, p99 ${out.p99Ms} ms, max ${out.maxMs} ms; cluster ${out.clusterStatus}`,
    );
    return out;
  } finally {
    await loader.request('closeAll').catch(() => undefined);
    await loader.kill('SIGKILL');
    await server.request('stop').catch(() => undefined);
    await Promise.race([server.exited, sleep(10_000)]);
    await server.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}
