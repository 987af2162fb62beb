/**
 * Turns the raw results into targets (figure, coordinator, baseline, ratio,
 * met or by how much missed), a markdown report and SVG charts.
 */
import type { FormationLatency } from './formation-latency.js';
import type { LabOverhead } from './lab-overhead.js';
import type { ScalePoint, ScaleRun } from './scale.js';
import { lineChart } from './svg.js';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memGiB: number;
  node: string;
  kernel: string;
  fdLimit: number;
  loadavgStart: string;
  loadavgEnd: string;
}

export interface BenchConfig {
  quick: boolean;
  agents: number[];
  measuredAgents: number[];
  warmAgents: number;
  concurrency: number;
  hbIntervalMs: number;
  hbWindowMs: number;
  formationNodes: number;
  lab: boolean;
  segmentBudgetS: number;
  reconnectBudgetS: number;
}

export interface Target {
  figure: string;
  metric: string;
  coordinator: number | null;
  baseline: number | null;
  ratio: number | null;
  target: string;
  met: boolean | null;
  note: string;
}

export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  durationS: number;
  machine: Machine;
  config: BenchConfig;
  baseline: ScaleRun | null;
  coordinator: ScaleRun | null;
  formation: FormationLatency | null;
  lab: LabOverhead | null;
  targets: Target[];
}

const kib = (b: number): number => b / 1024;
const r2 = (v: number | null): string =>
  v === null || !Number.isFinite(v) ? '–' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);

function pair(b: ScaleRun | null, c: ScaleRun | null): Array<{ b: ScalePoint; c: ScalePoint }> {
  if (!b || !c) return [];
  return c.points
    .map((cp, i) => ({ c: cp, b: b.points[i] }))
    .filter((x): x is { b: ScalePoint; c: ScalePoint } => x.b !== undefined);
}

export function computeTargets(res: Omit<BenchResults, 'targets'>): Target[] {
  const t: Target[] = [];
  const pairs = pair(res.baseline, res.coordinator);
  const at = (b: ScalePoint, c: ScalePoint): string => (b.n === c.n ? `${c.n}` : `${c.n} (baseline at ${b.n})`);
  if (res.baseline && res.coordinator) {
    const reached = (r: ScaleRun): number => r.points[r.points.length - 1]?.n ?? 0;
    const want = Math.max(...res.config.measuredAgents);
    t.push({
      figure: '1–3',
      metric: `authenticated agents reached (ramp to ${want}, ${res.config.measuredAgents.length} steps, budget per step)`,
      coordinator: reached(res.coordinator),
      baseline: reached(res.baseline),
      ratio: reached(res.coordinator) / reached(res.baseline),
      target: `${want}`,
      met: !res.coordinator.stalled,
      note: res.coordinator.stalled ? 'enrollment slowed below the time budget (see per-count table)' : '',
    });
  }
  for (const { b, c } of pairs) {
    const ratio = c.rssPerAgent / b.rssPerAgent;
    t.push({
      figure: '1',
      metric: `RSS per idle agent at ${at(b, c)} (KiB)`,
      coordinator: kib(c.rssPerAgent),
      baseline: kib(b.rssPerAgent),
      ratio,
      target: '≤ 1.5×',
      met: ratio <= 1.5,
      note: ratio <= 1.5 ? '' : `missed by ${((ratio / 1.5 - 1) * 100).toFixed(0)} %`,
    });
    const hr = c.heapPerAgent / b.heapPerAgent;
    t.push({
      figure: '1',
      metric: `heap per idle agent at ${at(b, c)} (KiB)`,
      coordinator: kib(c.heapPerAgent),
      baseline: kib(b.heapPerAgent),
      ratio: hr,
      target: '≤ 1.5× (RSS is the target; heap for diagnosis)',
      met: null,
      note: '',
    });
  }
  if (pairs.length > 0) {
    // Enrollment over all segments together (the whole ramp to the largest count).
    const sum = (run: ScaleRun): { ok: number; cpu: number; wall: number } =>
      run.points.reduce(
        (s, p) => ({ ok: s.ok + p.enroll.ok, cpu: s.cpu + p.enroll.cpuMicros, wall: s.wall + p.enroll.wallMs }),
        { ok: 0, cpu: 0, wall: 0 },
      );
    const bs = sum(res.baseline!);
    const cs = sum(res.coordinator!);
    const bCap = 1e6 / (bs.cpu / bs.ok);
    const cCap = 1e6 / (cs.cpu / cs.ok);
    t.push({
      figure: '2',
      metric: 'server CPU per enrollment (µs), whole ramp (each server up to its largest count)',
      coordinator: cs.cpu / cs.ok,
      baseline: bs.cpu / bs.ok,
      ratio: cs.cpu / cs.ok / (bs.cpu / bs.ok),
      target: '(informative)',
      met: null,
      note: '',
    });
    t.push({
      figure: '2',
      metric: 'enrollments per core-second (1e6 / CPU µs)',
      coordinator: cCap,
      baseline: bCap,
      ratio: cCap / bCap,
      target: '≥ 0.8×',
      met: cCap / bCap >= 0.8,
      note: cCap / bCap >= 0.8 ? '' : `missed: ${((1 - cCap / bCap / 0.8) * 100).toFixed(0)} % below the target rate`,
    });
    t.push({
      figure: '2',
      metric: 'enrollments per second observed (client-bound, shared cores)',
      coordinator: cs.ok / (cs.wall / 1000),
      baseline: bs.ok / (bs.wall / 1000),
      ratio: cs.ok / (cs.wall / 1000) / (bs.ok / (bs.wall / 1000)),
      target: '(informative)',
      met: null,
      note: '',
    });
    const last = pairs[pairs.length - 1]!;
    if (last.c.heartbeat && last.b.heartbeat) {
      const ratio = last.c.heartbeat.perMessageMicros / last.b.heartbeat.perMessageMicros;
      t.push({
        figure: '3',
        metric: `CPU per heartbeat at ${at(last.b, last.c)} agents, ${last.c.heartbeat.intervalMs / 1000} s interval (µs)`,
        coordinator: last.c.heartbeat.perMessageMicros,
        baseline: last.b.heartbeat.perMessageMicros,
        ratio,
        target: '≤ 1.6×',
        met: ratio <= 1.6,
        note: ratio <= 1.6 ? '' : `missed by ${((ratio / 1.6 - 1) * 100).toFixed(0)} %`,
      });
      t.push({
        figure: '3',
        metric: `idle CPU at ${at(last.b, last.c)} agents (% of one core)`,
        coordinator: last.c.heartbeat.idleCorePct,
        baseline: last.b.heartbeat.idleCorePct,
        ratio: last.c.heartbeat.idleCorePct / last.b.heartbeat.idleCorePct,
        target: '(informative)',
        met: null,
        note: '',
      });
    }
  }
  const rc = res.coordinator?.reconnect;
  const rb = res.baseline?.reconnect;
  if (rc) {
    t.push({
      figure: '5',
      metric: `restart: all ${rc.agents} agents re-authenticated (s after the stop)`,
      coordinator: rc.allBackMs === null ? null : rc.allBackMs / 1000,
      baseline: rb?.allBackMs ? rb.allBackMs / 1000 : null,
      ratio: rc.allBackMs && rb?.allBackMs ? rc.allBackMs / rb.allBackMs : null,
      target: 'all back, none lost',
      met: rc.lost === 0,
      note: rc.lost ? `${rc.lost} not back within the ${res.config.reconnectBudgetS} s budget` : '',
    });
    t.push({
      figure: '5',
      metric: 'restart: s from listening again to the last agent back',
      coordinator: rc.allBackAfterReadyMs === null ? null : rc.allBackAfterReadyMs / 1000,
      baseline: rb?.allBackAfterReadyMs != null ? rb.allBackAfterReadyMs / 1000 : null,
      ratio: null,
      target: '(informative)',
      met: null,
      note: '',
    });
    t.push({
      figure: '5',
      metric: 'restart: peak re-authentications per second',
      coordinator: rc.peakPerSecond,
      baseline: rb?.peakPerSecond ?? null,
      ratio: rb?.peakPerSecond ? rc.peakPerSecond / rb.peakPerSecond : null,
      target: '(informative)',
      met: null,
      note: '',
    });
  }
  if (res.formation) {
    const f = res.formation;
    t.push({
      figure: '4',
      metric: `${f.nodes}-node cluster: last report → assignment, p50 (ms)`,
      coordinator: f.p50Ms,
      baseline: null,
      ratio: null,
      target: '(no baseline)',
      met: f.assigned === f.nodes ? null : false,
      note: f.assigned === f.nodes ? '' : `${f.nodes - f.assigned} never assigned`,
    });
    t.push({
      figure: '4',
      metric: `${f.nodes}-node cluster: last report → assignment, p99 (ms)`,
      coordinator: f.p99Ms,
      baseline: null,
      ratio: null,
      target: '(no baseline)',
      met: null,
      note: '',
    });
  }
  if (res.lab) {
    const l = res.lab;
    t.push({
      figure: '6',
      metric: 'lab 1+2: last enrolled → ready, minus the double’s own start (ms)',
      coordinator: l.overheadMs,
      baseline: l.doubleServerMs + l.doubleAgentMs,
      ratio: null,
      target: '≤ 2,500 ms (perf-anchors G9)',
      met: l.overheadMs <= 2500,
      note: l.overheadMs <= 2500 ? '' : `missed by ${l.overheadMs - 2500} ms`,
    });
  }
  return t;
}

export function charts(res: BenchResults): Record<string, string> {
  const out: Record<string, string> = {};
  const b = res.baseline;
  const c = res.coordinator;
  if (b && c) {
    out['memory-per-agent.svg'] = lineChart({
      title: 'Server memory per idle authenticated agent',
      xLabel: 'authenticated agents',
      yLabel: 'KiB per agent',
      series: [
        { name: 'coordinator RSS', color: '#d62728', points: c.points.map((p) => [p.n, kib(p.rssPerAgent)]) },
        { name: 'baseline RSS', color: '#1f77b4', points: b.points.map((p) => [p.n, kib(p.rssPerAgent)]) },
        {
          name: 'coordinator heap',
          color: '#d62728',
          dashed: true,
          points: c.points.map((p) => [p.n, kib(p.heapPerAgent)]),
        },
        {
          name: 'baseline heap',
          color: '#1f77b4',
          dashed: true,
          points: b.points.map((p) => [p.n, kib(p.heapPerAgent)]),
        },
      ],
    });
    const hb = (run: ScaleRun): Array<[number, number]> =>
      run.points.filter((p) => p.heartbeat).map((p) => [p.n, p.heartbeat!.perMessageMicros]);
    out['heartbeat-cpu.svg'] = lineChart({
      title: `Server CPU per heartbeat (${res.config.hbIntervalMs / 1000} s interval)`,
      xLabel: 'authenticated agents',
      yLabel: 'µs of server CPU per heartbeat',
      series: [
        { name: 'coordinator', color: '#d62728', points: hb(c) },
        { name: 'baseline', color: '#1f77b4', points: hb(b) },
      ],
    });
    const idle = (run: ScaleRun): Array<[number, number]> =>
      run.points.filter((p) => p.heartbeat).map((p) => [p.n, p.heartbeat!.idleCorePct]);
    out['idle-cpu.svg'] = lineChart({
      title: 'Server CPU while idle (no heartbeats)',
      xLabel: 'authenticated agents',
      yLabel: '% of one core',
      series: [
        { name: 'coordinator', color: '#d62728', points: idle(c) },
        { name: 'baseline', color: '#1f77b4', points: idle(b) },
      ],
    });
    out['enrollment-cpu.svg'] = lineChart({
      title: 'Server CPU per enrollment, by segment of the ramp',
      xLabel: 'authenticated agents at the end of the segment',
      yLabel: 'µs of server CPU per enrollment',
      series: [
        { name: 'coordinator', color: '#d62728', points: c.points.map((p) => [p.n, p.enroll.cpuPerEnrollMicros]) },
        { name: 'baseline', color: '#1f77b4', points: b.points.map((p) => [p.n, p.enroll.cpuPerEnrollMicros]) },
      ],
    });
    if (c.reconnect && b.reconnect) {
      out['reconnect.svg'] = lineChart({
        title: 'Re-authentications per second after a restart',
        xLabel: 's after the stop',
        yLabel: 'agents re-authenticated per second',
        series: [
          { name: 'coordinator', color: '#d62728', points: c.reconnect.timeline.map((x) => [x.s, x.n]) },
          { name: 'baseline', color: '#1f77b4', points: b.reconnect.timeline.map((x) => [x.s, x.n]) },
        ],
      });
    }
  }
  return out;
}

export function markdown(res: BenchResults, chartFiles: string[]): string {
  const m = res.machine;
  const L: string[] = [];
  L.push('# k3sgrid benchmark');
  L.push('');
  L.push(
    `Run ${res.startedAt}, ${res.durationS.toFixed(0)} s${res.config.quick ? ' (quick mode: small counts, a smoke run, not the figures)' : ''}.`,
  );
  L.push(
    `Machine: ${m.cpus} × ${m.cpuModel}, ${m.memGiB.toFixed(0)} GiB, Node ${m.node}, Linux ${m.kernel}, open-file limit ${m.fdLimit}. Load average at start ${m.loadavgStart}, at end ${m.loadavgEnd}.`,
  );
  L.push('');
  L.push('## Targets');
  L.push('');
  L.push('| # | Figure | Coordinator | Baseline | Ratio | Target | Met |');
  L.push('|---|---|---|---|---|---|---|');
  for (const t of res.targets) {
    L.push(
      `| ${t.figure} | ${t.metric} | ${r2(t.coordinator)} | ${r2(t.baseline)} | ${t.ratio === null ? '–' : `${r2(t.ratio)}×`} | ${t.target} | ${t.met === null ? '–' : t.met ? 'yes' : `**no** ${t.note}`} |`,
    );
  }
  L.push('');
  const b = res.baseline;
  const c = res.coordinator;
  if (b && c) {
    L.push('## Per count');
    L.push('');
    L.push(
      '| Server | Agents | RSS MiB | RSS KiB/agent | heap KiB/agent | fds | enrol µs CPU | enrol/s observed | client p50/p99 ms | idle % core | hb µs/msg | hb % core |',
    );
    L.push('|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (const run of [b, c]) {
      for (const p of run.points) {
        const h = p.heartbeat;
        L.push(
          `| ${run.kind} | ${p.n} | ${(p.stats.rss / 2 ** 20).toFixed(0)} | ${r2(kib(p.rssPerAgent))} | ${r2(kib(p.heapPerAgent))} | ${p.stats.fds} | ${r2(p.enroll.cpuPerEnrollMicros)} | ${r2(p.enroll.observedRate)} | ${p.enroll.clientP50Ms}/${p.enroll.clientP99Ms} | ${h ? r2(h.idleCorePct) : '–'} | ${h ? r2(h.perMessageMicros) : '–'} | ${h ? r2(h.hbCorePct) : '–'} |`,
        );
      }
    }
    L.push('');
    for (const run of [b, c]) {
      const r = run.reconnect;
      if (!r) continue;
      L.push(
        `Restart of the ${run.kind}: ${r.reauthenticated}/${r.agents} back (${r.lost} not back within the ${res.config.reconnectBudgetS} s budget); new process listening after ${(r.restartMs / 1000).toFixed(1)} s; last agent back ${r.allBackMs === null ? 'never' : `${(r.allBackMs / 1000).toFixed(1)} s after the stop, ${((r.allBackAfterReadyMs ?? 0) / 1000).toFixed(1)} s after it listened`}; peak ${r.peakPerSecond} re-authentications/s; ${r.connectFailures} failed attempts (refusals: ${JSON.stringify(r.refusals)}${r.failures ? `; by cause: ${JSON.stringify(r.failures)}` : ''}).`,
      );
    }
    L.push('');
  }
  if (res.formation) {
    const f = res.formation;
    L.push(
      `Formation of a ${f.nodes}-node cluster: ${f.enrolled} enrolled in ${(f.enrollWallMs / 1000).toFixed(1)} s; ${f.assigned} assignments; from the last node's Welcome: first server ${f.initMs} ms, all nodes p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms, max ${f.maxMs} ms; coordinator CPU meanwhile ${f.serverCpuMs.toFixed(0)} ms.`,
    );
    L.push('');
  }
  if (res.lab) {
    const l = res.lab;
    L.push(
      `Lab (1 server + 2 agents, k3s test double with real etcd): last enrollment → cluster ready ${l.lastEnrolledToReadyMs} ms; the double alone: server ${l.doubleServerMs} ms + agent ${l.doubleAgentMs} ms; coordinator-side overhead ${l.overheadMs} ms (whole lab ${(l.totalLabMs / 1000).toFixed(1)} s).`,
    );
    L.push('');
    L.push('| ms after the last enrollment | event |');
    L.push('|---|---|');
    for (const e of l.timeline) L.push(`| ${e.atMs} | ${e.what.replace(/\|/g, '\\|')} |`);
    L.push('');
  }
  L.push('## Method');
  L.push('');
  L.push(
    [
      '- Every server runs in its own process (`--expose-gc`); the load runs in two other processes per server, each holding thousands of wss sessions with real ed25519/X25519 identities, spread over many 127.20.x.y source addresses (400 per address). The baseline and the coordinator rigs are driven step by step in turn, so both see the same background load.',
      "- Baseline: `https` + `ws` with the same options as the coordinator (no compression, no client tracking, same maxPayload, same subprotocol), an ECDSA P-256 certificate from the coordinator's own PKI module, one ed25519 verify per connection over the same transcript, no store; heartbeats decoded, recorded in a Map and echoed.",
      `- Memory: RSS and heapUsed of the server after two forced GCs, minus the same after ${res.config.warmAgents} warm-up agents, divided by the agents added. Kernel socket memory is not included (same for both).`,
      '- Enrollment: server CPU (`process.cpuUsage`) over each segment of the ramp divided by the enrollments in it; capacity = 1e6 / that (enrollments per core-second). The observed rate is bound by the load generator sharing the 2 cores.',
      `- Heartbeats: at each count, ${res.config.hbWindowMs / 1000} s without traffic (idle CPU: pings, sweeps, reconciler passes), then ${res.config.hbWindowMs / 1000} s with every agent sending one heartbeat per ${res.config.hbIntervalMs / 1000} s (evenly spread); per message = (CPU with − CPU idle) / heartbeats.`,
      '- Restart: the server is stopped gracefully (the coordinator closes every session with "going away"), a new process starts on the same port and state; agents reconnect with AuthRequest using the agent\'s own back-off (full jitter, 500 ms base, 30 s cap). Each load process runs at most 256 reconnect attempts at a time (an agent whose back-off ends waits for a slot) and skips the client-side certificate check, so its own TLS work on the shared cores does not push handshakes past the server\'s deadlines; failed attempts are counted by cause.',
      "- Formation latency: fresh coordinator, one cluster with minNodes = N; raw protocol agents; from the last Welcome to each node's first Assignment. The first server reports ready at once.",
      `- The open-file limit (hard ${m.fdLimit}) caps one process below 20,000 sockets: the largest count is the most that fits (${res.config.measuredAgents.join(', ')} measured for ${res.config.agents.join(', ')} asked); per-agent figures are taken as they are at that count.`,
    ].join('\n'),
  );
  L.push('');
  if (chartFiles.length) {
    L.push('## Charts');
    L.push('');
    for (const f of chartFiles) L.push(`![${f}](${f})`);
    L.push('');
  }
  return `${L.join('\n')}\n`;
}
