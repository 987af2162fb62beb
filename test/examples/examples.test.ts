/**
 * The sample apps under examples/ (WordPress + MySQL, Drupal + MySQL): every
 * document parses and names itself, workloads request resources and have
 * probes, references (secrets, claims, services) resolve, and every volume
 * claim uses the storage class the planner chooses for this machine's nodes
 * (the lab's nodes; local-path here).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { probeCapabilities } from '@k3sgrid/agent';
import { planCluster, storageClassFor } from '@k3sgrid/coordinator';
import { REPO_ROOT } from '../support/paths.js';

type Obj = Record<string, unknown>;
interface Doc {
  file: string;
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
  spec?: Obj;
  stringData?: Record<string, string>;
  data?: Record<string, string>;
}

const APPS = ['wordpress', 'drupal'];

function load(app: string): Doc[] {
  const dir = join(REPO_ROOT, 'examples', app);
  const docs: Doc[] = [];
  for (const f of readdirSync(dir)
    .filter((n) => n.endsWith('.yaml'))
    .sort()) {
    for (const d of parseAllDocuments(readFileSync(join(dir, f), 'utf8'))) {
      if (d.errors.length > 0) throw new Error(`${app}/${f}: ${d.errors.map((e) => e.message).join('; ')}`);
      const js = d.toJS() as Obj | null;
      if (js) docs.push({ file: `${app}/${f}`, ...(js as Omit<Doc, 'file'>) });
    }
  }
  return docs;
}

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- a typed path lookup for tests
const get = <T>(o: unknown, ...path: string[]): T | undefined => {
  let cur: unknown = o;
  for (const p of path) cur = cur && typeof cur === 'object' ? (cur as Obj)[p] : undefined;
  return cur as T | undefined;
};

const workloads = (docs: Doc[]): Doc[] => docs.filter((d) => d.kind === 'Deployment' || d.kind === 'StatefulSet');
const podSpec = (w: Doc): Obj => get<Obj>(w.spec, 'template', 'spec') ?? {};

/** Storage class names claimed by PVCs and StatefulSet volumeClaimTemplates. */
function claimedClasses(docs: Doc[]): Array<{ where: string; cls: string | undefined }> {
  const out: Array<{ where: string; cls: string | undefined }> = [];
  for (const d of docs) {
    if (d.kind === 'PersistentVolumeClaim')
      out.push({ where: `${d.file} ${d.metadata?.name ?? ''}`, cls: get<string>(d.spec, 'storageClassName') });
    if (d.kind === 'StatefulSet')
      for (const t of get<Obj[]>(d.spec, 'volumeClaimTemplates') ?? [])
        out.push({
          where: `${d.file} ${d.metadata?.name ?? ''}/${get<string>(t, 'metadata', 'name') ?? ''}`,
          cls: get<string>(t, 'spec', 'storageClassName'),
        });
  }
  return out;
}

describe.each(APPS)('examples/%s', (app) => {
  const docs = load(app);

  it('every document has apiVersion, kind and metadata.name, and sits in the app namespace', () => {
    expect(docs.length).toBeGreaterThanOrEqual(6);
    for (const d of docs) {
      expect(d.apiVersion, d.file).toEqual(expect.any(String));
      expect(d.kind, d.file).toEqual(expect.any(String));
      expect(d.metadata?.name, d.file).toEqual(expect.any(String));
      if (d.kind !== 'Namespace') expect(d.metadata?.namespace, `${d.file} ${d.kind}`).toBe(app);
    }
    expect(docs.map((d) => d.kind)).toEqual(
      expect.arrayContaining([
        'Namespace',
        'Secret',
        'StatefulSet',
        'Deployment',
        'Service',
        'PersistentVolumeClaim',
        'Ingress',
      ]),
    );
  });

  it('workloads request cpu and memory and have readiness and liveness probes', () => {
    const ws = workloads(docs);
    expect(ws.map((w) => w.metadata?.name).sort()).toEqual([app, 'mysql'].sort());
    for (const w of ws) {
      const spec = podSpec(w);
      const containers = get<Obj[]>(spec, 'containers') ?? [];
      expect(containers.length, w.file).toBeGreaterThan(0);
      for (const c of [...containers, ...(get<Obj[]>(spec, 'initContainers') ?? [])]) {
        expect(get(c, 'resources', 'requests', 'cpu'), `${w.file} ${String(c.name)} cpu`).toBeDefined();
        expect(get(c, 'resources', 'requests', 'memory'), `${w.file} ${String(c.name)} memory`).toBeDefined();
      }
      for (const c of containers) {
        expect(c.readinessProbe, `${w.file} ${String(c.name)} readiness`).toBeDefined();
        expect(c.livenessProbe, `${w.file} ${String(c.name)} liveness`).toBeDefined();
      }
      // The selector picks the pod template's labels.
      const sel = get<Record<string, string>>(w.spec, 'selector', 'matchLabels') ?? {};
      const labels = get<Record<string, string>>(w.spec, 'template', 'metadata', 'labels') ?? {};
      for (const [k, v] of Object.entries(sel)) expect(labels[k], `${w.file} selector ${k}`).toBe(v);
    }
  });

  it('secrets, claims, services and ingress backends resolve', () => {
    const secrets = new Map(
      docs
        .filter((d) => d.kind === 'Secret')
        .map((d) => [d.metadata?.name, { ...(d.stringData ?? {}), ...(d.data ?? {}) }]),
    );
    const claims = new Set(docs.filter((d) => d.kind === 'PersistentVolumeClaim').map((d) => d.metadata?.name));
    for (const w of workloads(docs)) {
      for (const c of get<Obj[]>(podSpec(w), 'containers') ?? []) {
        for (const e of get<Obj[]>(c, 'env') ?? []) {
          const ref = get<{ name: string; key: string }>(e, 'valueFrom', 'secretKeyRef');
          if (ref) expect(secrets.get(ref.name)?.[ref.key], `${w.file} env ${String(e.name)}`).toBeDefined();
        }
      }
      for (const v of get<Obj[]>(podSpec(w), 'volumes') ?? []) {
        const claim = get<string>(v, 'persistentVolumeClaim', 'claimName');
        if (claim) expect(claims.has(claim), `${w.file} claim ${claim}`).toBe(true);
      }
    }
    const services = docs.filter((d) => d.kind === 'Service');
    const podLabels = workloads(docs).map(
      (w) => get<Record<string, string>>(w.spec, 'template', 'metadata', 'labels') ?? {},
    );
    for (const s of services) {
      const sel = get<Record<string, string>>(s.spec, 'selector') ?? {};
      expect(
        podLabels.some((l) => Object.entries(sel).every(([k, v]) => l[k] === v)),
        `${s.file} service ${String(s.metadata?.name)} selects a workload`,
      ).toBe(true);
    }
    for (const ing of docs.filter((d) => d.kind === 'Ingress')) {
      for (const rule of get<Obj[]>(ing.spec, 'rules') ?? []) {
        for (const p of get<Obj[]>(rule, 'http', 'paths') ?? []) {
          const name = get<string>(p, 'backend', 'service', 'name');
          const port = get<string>(p, 'backend', 'service', 'port', 'name');
          const svc = services.find((s) => s.metadata?.name === name);
          expect(svc, `${ing.file} backend ${String(name)}`).toBeDefined();
          expect(
            (get<Obj[]>(svc?.spec, 'ports') ?? []).some((sp) => sp.name === port),
            `${ing.file} port ${String(port)}`,
          ).toBe(true);
        }
      }
    }
  });
});

describe('examples use the storage class the plan chose', () => {
  it("matches the planner's choice for three nodes like this machine (the lab)", async () => {
    const report = await probeCapabilities({ root: '/', live: true });
    const plan = planCluster({
      nodes: ['n1', 'n2', 'n3'].map((name) => ({ name, report })),
      storage: 'auto',
      cni: 'auto',
      encryption: false,
    });
    expect(plan.storage.choice).not.toBeNull();
    const cls = storageClassFor(plan.storage.choice as NonNullable<typeof plan.storage.choice>);
    const claimed = APPS.flatMap((a) => claimedClasses(load(a)));
    expect(claimed.length).toBeGreaterThanOrEqual(4);
    for (const c of claimed) expect(c.cls, c.where).toBe(cls);
  });
});
