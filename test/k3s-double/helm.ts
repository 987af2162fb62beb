// The server's auto-deploy manifests folder (k3s pkg/deploy) and what k3s's
// helm-controller (v0.16.13) and the Kubernetes scheduler make of HelmChart
// objects: a Job `helm-install-<name>` whose pod can only run on a node it
// tolerates. A CNI chart with spec.bootstrap runs on a not-ready server
// (host network, bootstrap tolerations) and, once done, makes the network
// ready; anything else waits, Pending, until a node is Ready.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { logger } from './log.js';
import {
  type ClusterView,
  col,
  HELMCHARTS,
  humanDuration,
  JOBS,
  type NodeObject,
  type ObjectMeta,
  PODS,
  type Registry,
  table,
  type Taint,
  withStatus,
} from './registry.js';

/** Charts that install a CNI (spec.chart, last path segment). */
export const CNI_CHARTS = ['tigera-operator', 'calico', 'cilium', 'canal'];

const envMs = (name: string, def: number): number => {
  const v = Number(process.env[name] ?? '');
  return Number.isFinite(v) && v > 0 ? v : def;
};
/** pkg/deploy/controller.go rescans the folder every 15 s. */
export const manifestsScanMs = (): number => envMs('K3S_DOUBLE_MANIFESTS_SCAN_MS', 15_000);
/** How long a scheduled helm install job runs before it completes. */
export const helmJobMs = (): number => envMs('K3S_DOUBLE_HELM_JOB_MS', 5000);
/** After a CNI chart's job completed, how long until the CNI's pods are up and nodes become Ready. */
export const cniReadyMs = (): number => envMs('K3S_DOUBLE_CNI_READY_MS', 10_000);

export interface HelmChart {
  apiVersion: 'helm.cattle.io/v1';
  kind: 'HelmChart';
  metadata: ObjectMeta;
  spec: Record<string, unknown> & { chart?: string; bootstrap?: boolean; version?: string; repo?: string };
  status?: { jobName?: string; conditions?: { type: string; status: string; reason?: string; message?: string }[] };
}

interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

interface PodObject {
  apiVersion: 'v1';
  kind: 'Pod';
  metadata: ObjectMeta;
  spec: {
    nodeName?: string;
    nodeSelector: Record<string, string>;
    tolerations: Toleration[];
    hostNetwork?: boolean;
    restartPolicy: string;
    containers: { name: string; image: string; env?: { name: string; value: string }[] }[];
  };
  status: {
    phase: 'Pending' | 'Running' | 'Succeeded';
    conditions: { type: string; status: string; reason?: string; message?: string; lastTransitionTime: string }[];
    startTime?: string;
    hostIP?: string;
    podIP?: string;
    qosClass: string;
  };
}

interface JobObject {
  apiVersion: 'batch/v1';
  kind: 'Job';
  metadata: ObjectMeta;
  spec: { backoffLimit: number; completions: number; parallelism: number; template: unknown };
  status: {
    active?: number;
    succeeded?: number;
    ready?: number;
    startTime?: string;
    completionTime?: string;
    conditions?: { type: string; status: string; lastProbeTime: string; lastTransitionTime: string }[];
  };
}

const CHART_LABEL = 'helmcharts.helm.cattle.io/chart';
const CONFIG_HASH = 'helmcharts.helm.cattle.io/configHash';
const JOB_IMAGE = 'rancher/klipper-helm:v0.9.8-build20250709';

const chartName = (c: HelmChart): string => path.posix.basename(c.spec.chart ?? '').replace(/\.tgz$/, '');
export const isCniChart = (c: HelmChart): boolean => CNI_CHARTS.includes(chartName(c));
const iso = (t: number): string => new Date(t).toISOString().replace(/\.\d+Z$/, 'Z');
const configHash = (c: HelmChart): string =>
  `SHA256=${createHash('sha256').update(JSON.stringify(c.spec)).digest('hex').toUpperCase()}`;

/** chart.go job(): node selector and tolerations of the install pod. */
function podPlacement(
  c: HelmChart,
  apiPort: number,
): Pick<PodObject['spec'], 'nodeSelector' | 'tolerations' | 'hostNetwork'> & {
  env: { name: string; value: string }[];
} {
  const env = [
    { name: 'NAME', value: c.metadata.name },
    { name: 'VERSION', value: c.spec.version ?? '' },
    { name: 'REPO', value: c.spec.repo ?? '' },
  ];
  if (c.spec.bootstrap === true) {
    return {
      nodeSelector: { 'kubernetes.io/os': 'linux', 'node-role.kubernetes.io/control-plane': 'true' },
      hostNetwork: true,
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' },
        {
          key: 'node.cloudprovider.kubernetes.io/uninitialized',
          operator: 'Equal',
          value: 'true',
          effect: 'NoSchedule',
        },
        { key: 'CriticalAddonsOnly', operator: 'Exists' },
        { key: 'node-role.kubernetes.io/etcd', operator: 'Exists', effect: 'NoExecute' },
        { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
        // DefaultTolerationSeconds admission
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
      env: [
        ...env,
        { name: 'KUBERNETES_SERVICE_HOST', value: '127.0.0.1' },
        { name: 'KUBERNETES_SERVICE_PORT', value: String(apiPort) },
        { name: 'BOOTSTRAP', value: 'true' },
      ],
    };
  }
  return {
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    tolerations: [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ],
    env,
  };
}

function tolerates(tols: Toleration[], t: Taint): boolean {
  return tols.some((tol) => {
    if (tol.effect && tol.effect !== t.effect) return false;
    if (tol.operator === 'Exists') return tol.key === undefined || tol.key === t.key;
    return tol.key === t.key && (tol.value ?? '') === (t.value ?? '');
  });
}

/**
 * kube-scheduler's filter (TaintToleration before NodeAffinity) and its
 * FitError text for an unschedulable pod.
 */
export function schedule(
  pod: Pick<PodObject['spec'], 'nodeSelector' | 'tolerations'>,
  nodes: NodeObject[],
): { node: NodeObject } | { message: string } {
  const reasons = new Map<string, number>();
  for (const n of nodes) {
    const bad = (n.spec.taints ?? []).find(
      (t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(pod.tolerations, t),
    );
    let reason: string | undefined;
    if (bad) reason = `node(s) had untolerated taint {${bad.key}: ${bad.value ?? ''}}`;
    else if (Object.entries(pod.nodeSelector).some(([k, v]) => n.metadata.labels[k] !== v))
      reason = "node(s) didn't match Pod's node affinity/selector";
    if (!reason) return { node: n };
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  const total = nodes.length;
  const parts = [...reasons].map(([r, c]) => `${c} ${r}`).sort();
  const msg = `0/${total} nodes are available${parts.length ? `: ${parts.join(', ')}` : ''}.`;
  return {
    message: `${msg} preemption: 0/${total} nodes are available: ${total} Preemption is not helpful for scheduling.`,
  };
}

/** YAML documents of the manifests folder that are HelmCharts (recursive; .yaml/.yml/.json; dotfiles and *.skip targets ignored). */
export function readManifests(dir: string): HelmChart[] {
  if (!existsSync(dir)) return [];
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d)) {
      const p = path.join(d, e);
      const st = lstatSync(p).isSymbolicLink() ? statSync(p) : lstatSync(p);
      if (st.isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk(dir);
  const skips = new Set(
    files.filter((f) => f.endsWith('.skip')).map((f) => path.basename(f).slice(0, -'.skip'.length)),
  );
  const charts: HelmChart[] = [];
  for (const f of files.sort()) {
    const base = path.basename(f);
    if (base.startsWith('.') || skips.has(base) || !/\.(ya?ml|json)$/i.test(base)) continue;
    let docs: unknown[];
    try {
      docs = YAML.parseAllDocuments(readFileSync(f, 'utf8')).map((d) => d.toJS() as unknown);
    } catch (e) {
      logger.error(`Failed to process config: failed to process ${f}: ${(e as Error).message}`);
      continue;
    }
    for (const d of docs) {
      const o = d as Partial<HelmChart> | null;
      if (o?.apiVersion === 'helm.cattle.io/v1' && o.kind === 'HelmChart' && o.metadata?.name) {
        charts.push({
          apiVersion: 'helm.cattle.io/v1',
          kind: 'HelmChart',
          metadata: {
            name: o.metadata.name,
            namespace: o.metadata.namespace || 'default',
            uid: '',
            creationTimestamp: '',
            labels: o.metadata.labels ?? {},
            annotations: o.metadata.annotations ?? {},
          },
          spec: o.spec ?? {},
        });
      }
    }
  }
  return charts;
}

/** When the CNI counts as installed: a CNI chart's job completed, plus K3S_DOUBLE_CNI_READY_MS. */
export async function clusterView(reg: Registry, now = Date.now()): Promise<ClusterView> {
  let cniReadyAt: number | undefined;
  for (const j of (await reg.listObjects(JOBS)).items as JobObject[]) {
    if (j.metadata.annotations['k3s-double.io/cni'] !== 'true' || !j.status.completionTime) continue;
    const t = Date.parse(j.status.completionTime) + cniReadyMs();
    cniReadyAt = cniReadyAt === undefined ? t : Math.min(cniReadyAt, t);
  }
  return { now, cniReadyAt };
}

/** Deploy controller (this server's folder) plus helm controller, scheduler and kubelet for the install pods. */
export class HelmController {
  private lastScan = 0;
  private readonly logged = new Map<string, string>();

  constructor(
    private readonly reg: Registry,
    private readonly manifestsDir: string,
    /** APIServerPort (https port + 1): what k3s hands helm-controller for KUBERNETES_SERVICE_PORT */
    private readonly apiPort: number,
  ) {}

  /** The deploy controller: every server applies its own folder (pkg/server/server.go stageFiles). */
  async deployTick(now = Date.now()): Promise<void> {
    if (now - this.lastScan < manifestsScanMs()) return;
    this.lastScan = now;
    await this.deploy(now);
  }

  /** helm-controller, scheduler and kubelet for the install pods: on the elected server only. */
  async tick(now = Date.now()): Promise<void> {
    await this.reconcile(now);
  }

  private async deploy(now: number): Promise<void> {
    const existing = new Map(
      ((await this.reg.listObjects(HELMCHARTS)).items as HelmChart[]).map((c) => [
        `${c.metadata.namespace}/${c.metadata.name}`,
        c,
      ]),
    );
    for (const c of readManifests(this.manifestsDir)) {
      const old = existing.get(`${c.metadata.namespace}/${c.metadata.name}`);
      if (old && JSON.stringify(old.spec) === JSON.stringify(c.spec)) continue;
      c.metadata.uid = old?.metadata.uid ?? randomUUID();
      c.metadata.creationTimestamp = old?.metadata.creationTimestamp ?? iso(now);
      c.metadata.annotations = { ...c.metadata.annotations, 'objectset.rio.cattle.io/applied': '' };
      if (old?.status) c.status = old.status;
      await this.reg.putObject(HELMCHARTS, c);
    }
  }

  private async reconcile(now: number): Promise<void> {
    const charts = (await this.reg.listObjects(HELMCHARTS)).items as HelmChart[];
    if (charts.length === 0) return;
    const jobs = new Map(
      ((await this.reg.listObjects(JOBS)).items as JobObject[]).map((j) => [
        `${j.metadata.namespace}/${j.metadata.name}`,
        j,
      ]),
    );
    const pods = (await this.reg.listObjects(PODS)).items as PodObject[];
    const view = await clusterView(this.reg, now);
    const leases = await this.reg.leases();
    const nodes = (await this.reg.listNodes()).items
      .filter((n) => !n.metadata.deletionTimestamp)
      .map((n) => withStatus(n, leases.get(n.metadata.name), view));
    for (const c of charts) {
      const ns = c.metadata.namespace ?? 'default';
      const jobName = `helm-install-${c.metadata.name}`;
      const hash = configHash(c);
      let job = jobs.get(`${ns}/${jobName}`);
      let pod = pods.find((p) => p.metadata.namespace === ns && p.metadata.labels['job-name'] === jobName);
      if (!job || job.metadata.annotations[CONFIG_HASH] !== hash) {
        // OnChange: (re)create the job for the current spec
        if (pod) await this.reg.deleteObject(PODS, ns, pod.metadata.name);
        const placement = podPlacement(c, this.apiPort);
        const jobUid = randomUUID();
        const owner = { apiVersion: 'batch/v1', kind: 'Job', name: jobName, uid: jobUid, controller: true };
        job = {
          apiVersion: 'batch/v1',
          kind: 'Job',
          metadata: {
            name: jobName,
            namespace: ns,
            uid: jobUid,
            creationTimestamp: iso(now),
            labels: { [CHART_LABEL]: c.metadata.name },
            annotations: { [CONFIG_HASH]: hash, ...(isCniChart(c) ? { 'k3s-double.io/cni': 'true' } : {}) },
            ownerReferences: [
              { apiVersion: 'helm.cattle.io/v1', kind: 'HelmChart', name: c.metadata.name, uid: c.metadata.uid },
            ],
          },
          spec: { backoffLimit: 1000, completions: 1, parallelism: 1, template: { spec: placement } },
          status: { active: 1, ready: 0, startTime: iso(now) },
        };
        const suffix = createHash('sha256').update(jobUid).digest('hex').slice(0, 5);
        pod = {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            name: `${jobName}-${suffix}`,
            namespace: ns,
            uid: randomUUID(),
            creationTimestamp: iso(now),
            labels: {
              [CHART_LABEL]: c.metadata.name,
              'batch.kubernetes.io/job-name': jobName,
              'job-name': jobName,
              'batch.kubernetes.io/controller-uid': jobUid,
              'controller-uid': jobUid,
            },
            annotations: {},
            ownerReferences: [owner],
          },
          spec: {
            nodeSelector: placement.nodeSelector,
            tolerations: placement.tolerations,
            ...(placement.hostNetwork ? { hostNetwork: true } : {}),
            restartPolicy: 'OnFailure',
            containers: [{ name: 'helm', image: JOB_IMAGE, env: placement.env }],
          },
          status: { phase: 'Pending', conditions: [], qosClass: 'BestEffort' },
        };
        await this.reg.putObject(JOBS, job);
        const status: HelmChart['status'] = {
          jobName,
          conditions: [
            {
              type: 'JobCreated',
              status: 'True',
              reason: 'Job created',
              message: `Applying HelmChart using Job ${ns}/${jobName}`,
            },
            { type: 'Failed', status: 'False' },
          ],
        };
        const updated: HelmChart = { ...c, status };
        await this.reg.putObject(HELMCHARTS, updated);
      }
      if (!pod) continue;
      if (pod.status.phase === 'Pending') {
        const r = schedule(pod.spec, nodes);
        if ('node' in r) {
          const ip = r.node.status.addresses.find((a) => a.type === 'InternalIP')?.address ?? '';
          pod.spec.nodeName = r.node.metadata.name;
          pod.status = {
            phase: 'Running',
            conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: iso(now) }],
            startTime: iso(now),
            hostIP: ip,
            ...(pod.spec.hostNetwork ? { podIP: ip } : { podIP: '10.42.0.10' }),
            qosClass: 'BestEffort',
          };
          job.status = { ...job.status, ready: 1 };
          await this.reg.putObject(JOBS, job);
          await this.reg.putObject(PODS, pod);
          this.note(pod, `scheduled on ${r.node.metadata.name}`);
        } else {
          const prev = pod.status.conditions.find((x) => x.type === 'PodScheduled');
          if (prev?.message !== r.message) {
            pod.status.conditions = [
              {
                type: 'PodScheduled',
                status: 'False',
                reason: 'Unschedulable',
                message: r.message,
                lastTransitionTime: iso(now),
              },
            ];
            await this.reg.putObject(PODS, pod);
          }
          this.note(pod, `Pending: ${r.message}`);
        }
      } else if (pod.status.phase === 'Running' && now - Date.parse(pod.status.startTime ?? iso(now)) >= helmJobMs()) {
        pod.status.phase = 'Succeeded';
        await this.reg.putObject(PODS, pod);
        const t = iso(now);
        job.status = {
          succeeded: 1,
          ready: 0,
          ...(job.status.startTime ? { startTime: job.status.startTime } : {}),
          completionTime: t,
          conditions: [
            { type: 'SuccessCriteriaMet', status: 'True', lastProbeTime: t, lastTransitionTime: t },
            { type: 'Complete', status: 'True', lastProbeTime: t, lastTransitionTime: t },
          ],
        };
        await this.reg.putObject(JOBS, job);
        this.note(pod, 'completed');
      }
    }
  }

  /** The double's own log line for a helm install pod (real k3s shows this only in `kubectl get/describe pod`). */
  private note(pod: PodObject, what: string): void {
    const key = `${pod.metadata.namespace ?? ''}/${pod.metadata.name}`;
    if (this.logged.get(key) === what) return;
    this.logged.set(key, what);
    logger.info(`k3s-double: helm install pod ${key} ${what}`);
  }
}

// ---------------------------------------------------------------- printers

export function helmChartTable(charts: HelmChart[], revision: string, now = Date.now()): unknown {
  return table(
    [
      col('Name', 'string', 0, 'Name must be unique within a namespace.', 'name'),
      col('Repo', 'string', 0, ''),
      col('Chart', 'string', 0, ''),
      col('Version', 'string', 0, ''),
      col('TargetNamespace', 'string', 0, ''),
      col('Bootstrap', 'boolean', 0, ''),
      col('Failed', 'string', 0, ''),
      col('Job', 'string', 10, ''),
      col('Age', 'date', 0, ''),
    ],
    charts,
    (c: HelmChart) => [
      c.metadata.name,
      c.spec.repo ?? null,
      c.spec.chart ?? null,
      c.spec.version ?? null,
      c.spec.targetNamespace ?? null,
      c.spec.bootstrap ?? null,
      c.status?.conditions?.find((x) => x.type === 'Failed')?.status ?? null,
      c.status?.jobName ?? null,
      humanDuration(now - Date.parse(c.metadata.creationTimestamp)),
    ],
    revision,
  );
}

export function jobTable(jobs: JobObject[], revision: string, now = Date.now()): unknown {
  return table(
    [
      col('Name', 'string', 0, 'Name must be unique within a namespace.', 'name'),
      col('Status', 'string', 0, 'Status of the job.'),
      col('Completions', 'string', 0, 'The desired number of successfully finished pods the job should be run with.'),
      col('Duration', 'string', 0, 'Time required to complete the job.'),
      col(
        'Age',
        'string',
        0,
        'CreationTimestamp is a timestamp representing the server time when this object was created.',
      ),
    ],
    jobs,
    (j: JobObject) => {
      const done = j.status.completionTime !== undefined;
      const start = Date.parse(j.status.startTime ?? j.metadata.creationTimestamp);
      return [
        j.metadata.name,
        done ? 'Complete' : 'Running',
        `${j.status.succeeded ?? 0}/1`,
        humanDuration((done ? Date.parse(j.status.completionTime!) : now) - start),
        humanDuration(now - Date.parse(j.metadata.creationTimestamp)),
      ];
    },
    revision,
  );
}

export function podTable(pods: PodObject[], revision: string, now = Date.now()): unknown {
  return table(
    [
      col('Name', 'string', 0, 'Name must be unique within a namespace.', 'name'),
      col('Ready', 'string', 0, 'The aggregate readiness state of this pod for accepting traffic.'),
      col('Status', 'string', 0, 'The aggregate status of the containers in this pod.'),
      col('Restarts', 'string', 0, 'The number of times the containers in this pod have been restarted.'),
      col(
        'Age',
        'string',
        0,
        'CreationTimestamp is a timestamp representing the server time when this object was created.',
      ),
      col('IP', 'string', 1, 'IP address allocated to the pod.'),
      col('Node', 'string', 1, 'Name of the Node this pod is scheduled on.'),
    ],
    pods,
    (p: PodObject) => [
      p.metadata.name,
      p.status.phase === 'Running' ? '1/1' : '0/1',
      p.status.phase === 'Succeeded' ? 'Completed' : p.status.phase,
      0,
      humanDuration(now - Date.parse(p.metadata.creationTimestamp)),
      p.status.podIP ?? '<none>',
      p.spec.nodeName ?? '<none>',
    ],
    revision,
  );
}
