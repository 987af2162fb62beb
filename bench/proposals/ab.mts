// Reproduce: git archive HEAD | tar -x -C /tmp/wt; cp -r scripts/bench* /tmp/wt/scripts/; ln -s $PWD/node_modules /tmp/wt/; (cd /tmp/wt && git apply --directory=. < bench/proposals/store-reconciler.diff)
// then: AB_STEPS=400,800,1200 node --conditions=source --import tsx bench/proposals/ab.mts
// A/B: coordinator at HEAD (main) vs with the proposed store/reconciler diff (/tmp/wt), alternating.
import { Rig as RigA } from '/work/main/scripts/bench/scale.ts';
import { Rig as RigB } from '/tmp/wt/scripts/bench/scale.ts';
const steps = (process.env.AB_STEPS ?? '300,600,900,1200,1500').split(',').map(Number);
const o = (tag: string) => ({ kind: 'coordinator' as const, counts: steps, warmAgents: 50, concurrency: 64, hbIntervalMs: 10000, hbWindowMs: 10000, reconnectTimeoutMs: 90000, segmentBudgetMs: 45000, log: (s: string) => console.error(`${tag} ${s}`) });
const a = new RigA('coordinator', o('HEAD    '));
const b = new RigB('coordinator', o('PROPOSED'));
const rigs = [a, b] as const;
for (const r of rigs) await r.start(Math.max(...steps));
for (const r of rigs) await r.warmUp();
for (const n of steps) {
  const act = rigs.filter((r) => !r.stalled);
  if (!act.length) break;
  const segs = [];
  for (const r of act) segs.push(await r.enrollTo(n));
  await new Promise((res) => setTimeout(res, 2500));
  for (const [k, r] of act.entries()) await r.measureMemory(segs[k]!);
}
const idle = [];
for (const r of rigs) idle.push(await r.idleWindow());
for (const [k, r] of rigs.entries()) await r.heartbeatWindow(idle[k]!);
for (const r of rigs) await r.restartAndReconnect();
const out = rigs.map((r) => r.result());
for (const r of rigs) await r.stop();
console.log(JSON.stringify(out.map((x, i) => ({ rig: i ? 'proposed' : 'head', points: x.points.map((p) => ({ n: p.n, rssKiB: p.rssPerAgent / 1024, heapKiB: p.heapPerAgent / 1024, cpuPerEnroll: p.enroll.cpuPerEnrollMicros, rate: p.enroll.observedRate, hb: p.heartbeat })), reconnect: { ...x.reconnect, timeline: undefined } })), null, 1));
process.exit(0);
