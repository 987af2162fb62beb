// The HTTPS paths a k3s server serves on 6443: the supervisor (/cacerts,
// /v1-k3s/...) and the kube-apiserver subset that kubectl and the double's
// agents use.
import { readFileSync } from 'node:fs';
import type http from 'node:http';
import type { TLSSocket } from 'node:tls';
import { issue } from './certs.js';
import { readPasswd } from './common.js';
import type { EtcdClient } from './etcd.js';
import type { Flags } from './flags.js';
import { clusterView, type HelmChart, helmChartTable, jobTable, podTable } from './helm.js';
import { logger } from './log.js';
import {
  col,
  HELMCHARTS,
  humanDuration,
  JOBS,
  type NodeObject,
  nodeTable,
  type ObjectMeta,
  PasswordError,
  PODS,
  type Registry,
  table,
  type Taint,
  withStatus,
} from './registry.js';
import { gitCommit, GO_VERSION, K3S_VERSION } from './version.js';
import type { Bootstrap } from './server.js';

export interface ApiContext {
  flags: Flags;
  ip: string;
  port: number;
  kv: EtcdClient;
  registry: Registry;
  files: { serverCA: string; serverCAKey: string; clientCA: string; clientCAKey: string; passwd: string };
  etcdEnabled: boolean;
  flannelBackend: string;
  bootstrapData: () => Bootstrap;
  ready: () => Promise<boolean>;
  /** a Node was deleted or changed: run the controllers now */
  nodeChanged: () => void;
}

interface User {
  name: string;
  groups: string[];
}

type Res = http.ServerResponse;

function text(res: Res, code: number, body: string | Buffer, type = 'text/plain'): void {
  res.writeHead(code, { 'content-type': type });
  res.end(body);
}
/**
 * What ValidateNode checks of labels and taints (k8s pkg/apis/core/validation:
 * ValidateLabels → IsQualifiedName / IsValidLabelValue; validateNodeTaints:
 * qualified key, label-value value, a known effect, no two taints with the
 * same key and effect). One message per problem, in the apiserver's words.
 */
export function validateNodeMeta(labels: Record<string, string>, taints: readonly Taint[]): string[] {
  const name = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
  const subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
  const qualified = (k: string): boolean => {
    const i = k.lastIndexOf('/');
    const n = i >= 0 ? k.slice(i + 1) : k;
    const p = i >= 0 ? k.slice(0, i) : null;
    return n.length > 0 && n.length <= 63 && name.test(n) && (p === null || (p.length <= 253 && subdomain.test(p)));
  };
  const value = (v: string): boolean => v === '' || (v.length <= 63 && name.test(v));
  const out: string[] = [];
  for (const [k, v] of Object.entries(labels)) {
    if (!qualified(k))
      out.push(
        `metadata.labels: Invalid value: "${k}": name part must consist of alphanumeric characters, '-', '_' or '.'`,
      );
    if (!value(v))
      out.push(
        `metadata.labels: Invalid value: "${v}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.'`,
      );
  }
  const seen = new Set<string>();
  taints.forEach((t, i) => {
    if (!qualified(t.key ?? '')) out.push(`spec.taints[${i}].key: Invalid value: "${t.key}"`);
    if (!value(t.value ?? '')) out.push(`spec.taints[${i}].value: Invalid value: "${t.value ?? ''}"`);
    if (!['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(t.effect))
      out.push(
        `spec.taints[${i}].effect: Unsupported value: "${t.effect}": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"`,
      );
    const id = `${t.key}:${t.effect}`;
    if (seen.has(id))
      out.push(`spec.taints[${i}]: Duplicate value: "${id}": taints must be unique by key and effect pair`);
    seen.add(id);
  });
  return out;
}

function json(res: Res, code: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(code, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
function status(res: Res, code: number, reason: string, message: string, details?: unknown): void {
  json(res, code, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: code < 300 ? 'Success' : 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  });
}

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  500: 'InternalError',
  503: 'ServiceUnavailable',
};

/** util.SendError (pkg/util/apierrors.go): logs, then a metav1.Status with `Connection: close`. */
function sendError(req: http.IncomingMessage, res: Res, code: number, message: string): void {
  logger.error(`Sending HTTP/${req.httpVersion} ${code} response to ${remote(req)}: ${message}`);
  res.setHeader('connection', 'close');
  status(res, code, REASONS[code] ?? 'Unknown', message);
}

const remote = (req: http.IncomingMessage): string => `${req.socket.remoteAddress ?? ''}:${req.socket.remotePort ?? 0}`;

const ENDPOINTS_WARNING = '299 - "v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice"';

interface Resource {
  group: string; // '' = core
  version: string;
  name: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  verbs: string[];
  /** atRevision: as of that etcd revision (for watches); resources not kept in etcd ignore it */
  list: (
    ns: string | undefined,
    atRevision?: string,
  ) => Promise<{ revision: string; items: { metadata: ObjectMeta }[] }>;
  table: (items: never[], revision: string) => unknown;
  headers?: Record<string, string>;
}

export function createApiHandler(ctx: ApiContext): http.RequestListener {
  const { flags, registry, files: f } = ctx;

  /** union authenticator: client cert (client-ca) or basic auth (cred/passwd); 'invalid' = credentials that failed. */
  function authenticate(req: http.IncomingMessage): User | 'invalid' | undefined {
    const sock = req.socket as unknown as TLSSocket; // https server sockets are TLSSockets
    if (sock.authorized) {
      const c = sock.getPeerCertificate() as Partial<ReturnType<TLSSocket['getPeerCertificate']>>;
      const cn: unknown = c.subject?.CN;
      const o: unknown = c.subject?.O;
      if (typeof cn === 'string')
        return { name: cn, groups: Array.isArray(o) ? (o as string[]) : typeof o === 'string' ? [o] : [] };
    }
    const h = req.headers.authorization;
    if (h?.startsWith('Basic ')) {
      const dec = Buffer.from(h.slice(6), 'base64').toString('utf8');
      const i = dec.indexOf(':');
      const user = dec.slice(0, i);
      const pass = dec.slice(i + 1);
      const e = readPasswd(f.passwd).find((u) => u.user === user);
      if (e && e.password === pass) return { name: user, groups: [e.group] };
      return 'invalid';
    }
    return undefined;
  }

  /** auth.go doAuth: failed credentials → 401 `not authorized`; none, or a wrong group → 403 `forbidden`. */
  function authz(req: http.IncomingMessage, res: Res, groups: string[]): User | undefined {
    const u = authenticate(req);
    if (u === 'invalid') {
      logger.error(`Failed to authenticate request from ${remote(req)}: invalid username/password combination`);
      sendError(req, res, 401, 'not authorized');
      return undefined;
    }
    if (!u || !u.groups.some((g) => groups.includes(g))) {
      sendError(req, res, 403, 'forbidden');
      return undefined;
    }
    return u;
  }

  async function view(atRevision?: string): Promise<{ nodes: NodeObject[]; revision: string }> {
    const now = Date.now();
    const [list, leases, cv] = await Promise.all([
      registry.listNodes(atRevision),
      registry.leases(),
      clusterView(registry, now),
    ]);
    return {
      revision: list.revision,
      nodes: list.items.map((n) => withStatus(n, leases.get(n.metadata.name), cv)),
    };
  }

  // ---- the kubernetes Endpoints / EndpointSlice, from the apiserver leases
  const endpointsMeta = (): Promise<ObjectMeta> => registry.endpointsMeta();
  async function endpoints(): Promise<{ metadata: ObjectMeta; subsets: unknown[] }> {
    const meta = await endpointsMeta();
    const eps = await registry.apiserverEndpoints();
    const ports = [...new Set(eps.map((e) => e.port))];
    return {
      metadata: { ...meta, labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
      subsets: ports.map((p) => ({
        addresses: eps.filter((e) => e.port === p).map((e) => ({ ip: e.ip })),
        ports: [{ name: 'https', port: p, protocol: 'TCP' }],
      })),
    };
  }
  async function endpointSlice(): Promise<{ metadata: ObjectMeta; [k: string]: unknown }> {
    const meta = await endpointsMeta();
    const eps = await registry.apiserverEndpoints();
    return {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { ...meta, labels: { 'kubernetes.io/service-name': 'kubernetes' } },
      addressType: 'IPv4',
      endpoints: eps.map((e) => ({ addresses: [e.ip], conditions: { ready: true } })),
      ports: [{ name: 'https', port: eps[0]?.port ?? 443, protocol: 'TCP' }],
    };
  }

  const age = (m: ObjectMeta): string => humanDuration(Date.now() - Date.parse(m.creationTimestamp));
  const nameCol = col('Name', 'string', 0, 'Name must be unique within a namespace.', 'name');
  const ageCol = col(
    'Age',
    'string',
    0,
    'CreationTimestamp is a timestamp representing the server time when this object was created.',
  );

  const resources: Resource[] = [
    {
      group: '',
      version: 'v1',
      name: 'nodes',
      singular: 'node',
      kind: 'Node',
      namespaced: false,
      shortNames: ['no'],
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      list: async (_ns, atRevision) => {
        const v = await view(atRevision);
        return { revision: v.revision, items: v.nodes };
      },
      table: (items: NodeObject[], rev) => nodeTable(items, rev),
    },
    {
      group: '',
      version: 'v1',
      name: 'endpoints',
      singular: 'endpoints',
      kind: 'Endpoints',
      namespaced: true,
      shortNames: ['ep'],
      verbs: ['get', 'list', 'watch'],
      headers: { warning: ENDPOINTS_WARNING },
      list: async (ns) => ({
        revision: '1',
        items:
          ns === undefined || ns === 'default' ? [{ kind: 'Endpoints', apiVersion: 'v1', ...(await endpoints()) }] : [],
      }),
      table: (
        items: { metadata: ObjectMeta; subsets: { addresses: { ip: string }[]; ports: { port: number }[] }[] }[],
        rev,
      ) =>
        table(
          [nameCol, col('Endpoints', 'string', 0, 'Endpoints of the service'), ageCol],
          items,
          (e: (typeof items)[number]) => {
            const all = e.subsets.flatMap((s) => s.addresses.flatMap((a) => s.ports.map((p) => `${a.ip}:${p.port}`)));
            return [
              e.metadata.name,
              all.length === 0
                ? '<none>'
                : all.length > 3
                  ? `${all.slice(0, 3).join(',')} + ${all.length - 3} more...`
                  : all.join(','),
              age(e.metadata),
            ];
          },
          rev,
        ),
    },
    {
      group: '',
      version: 'v1',
      name: 'pods',
      singular: 'pod',
      kind: 'Pod',
      namespaced: true,
      shortNames: ['po'],
      verbs: ['get', 'list', 'watch'],
      list: (ns, rev) => registry.listObjects(PODS, ns, rev),
      table: (items: never[], rev) => podTable(items, rev),
    },
    {
      group: 'coordination.k8s.io',
      version: 'v1',
      name: 'leases',
      singular: 'lease',
      kind: 'Lease',
      namespaced: true,
      verbs: ['update'],
      list: () => Promise.resolve({ revision: '1', items: [] }),
      table: (items: never[], rev) => table([nameCol, ageCol], items, () => [], rev),
    },
    {
      group: 'discovery.k8s.io',
      version: 'v1',
      name: 'endpointslices',
      singular: 'endpointslice',
      kind: 'EndpointSlice',
      namespaced: true,
      verbs: ['get', 'list', 'watch'],
      list: async (ns) => ({
        revision: '1',
        items: ns === undefined || ns === 'default' ? [await endpointSlice()] : [],
      }),
      table: (
        items: { metadata: ObjectMeta; endpoints: { addresses: string[] }[]; ports: { port: number }[] }[],
        rev,
      ) =>
        table(
          [
            nameCol,
            col('AddressType', 'string', 0, ''),
            col('Ports', 'string', 0, ''),
            col('Endpoints', 'string', 0, ''),
            ageCol,
          ],
          items,
          (s: (typeof items)[number]) => {
            const addrs = s.endpoints.flatMap((e) => e.addresses);
            return [
              s.metadata.name,
              'IPv4',
              s.ports.map((p) => p.port).join(','),
              addrs.length > 3
                ? `${addrs.slice(0, 3).join(',')} + ${addrs.length - 3} more...`
                : addrs.join(',') || '<unset>',
              age(s.metadata),
            ];
          },
          rev,
        ),
    },
    {
      group: 'batch',
      version: 'v1',
      name: 'jobs',
      singular: 'job',
      kind: 'Job',
      namespaced: true,
      verbs: ['get', 'list', 'watch'],
      list: (ns, rev) => registry.listObjects(JOBS, ns, rev),
      table: (items: never[], rev) => jobTable(items, rev),
    },
    {
      group: 'helm.cattle.io',
      version: 'v1',
      name: 'helmcharts',
      singular: 'helmchart',
      kind: 'HelmChart',
      namespaced: true,
      verbs: ['get', 'list', 'watch'],
      list: (ns, rev) => registry.listObjects(HELMCHARTS, ns, rev),
      table: (items: HelmChart[], rev) => helmChartTable(items, rev),
    },
  ];
  const groups = [...new Set(resources.filter((r) => r.group !== '').map((r) => r.group))];
  const resourceList = (group: string, version: string): unknown => ({
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources: resources
      .filter((r) => r.group === group && r.version === version)
      .map((r) => ({
        name: r.name,
        singularName: r.singular,
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: r.verbs,
        ...(r.shortNames ? { shortNames: r.shortNames } : {}),
      })),
  });
  const apiGroup = (g: string): unknown => ({
    name: g,
    versions: [{ groupVersion: `${g}/v1`, version: 'v1' }],
    preferredVersion: { groupVersion: `${g}/v1`, version: 'v1' },
  });

  function selectors(url: URL): (o: { metadata: ObjectMeta }) => boolean {
    const fs = (url.searchParams.get('fieldSelector') ?? '').split(',').filter(Boolean);
    const ls = (url.searchParams.get('labelSelector') ?? '').split(',').filter(Boolean);
    return (o) =>
      fs.every((s) => {
        const [k, v] = s.split(/==?/);
        if (k === 'metadata.name') return o.metadata.name === v;
        if (k === 'metadata.namespace') return (o.metadata.namespace ?? '') === v;
        return true;
      }) &&
      ls.every((s) => {
        const [k = '', v] = s.split(/==?/);
        return v === undefined ? k in o.metadata.labels : o.metadata.labels[k] === v;
      });
  }

  /**
   * watch=true, by polling the list: ADDED/MODIFIED/DELETED relative to the
   * objects as they were at resourceVersion (an etcd revision), so an object
   * deleted between the client's list and its watch is still reported.
   */
  function watch(r: Resource, ns: string | undefined, url: URL, req: http.IncomingMessage, res: Res): void {
    const match = selectors(url);
    const since = url.searchParams.get('resourceVersion') || '0';
    const timeout = Math.min(300, Number(url.searchParams.get('timeoutSeconds') ?? '300')) * 1000;
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked', ...r.headers });
    let done = false;
    let timer: NodeJS.Timeout | undefined;
    const end = (): void => {
      if (done) return;
      done = true;
      if (timer) clearTimeout(timer);
      res.end();
    };
    const key = (o: { metadata: ObjectMeta }): string => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    const send = (type: string, o: unknown): void => {
      res.write(`${JSON.stringify({ type, object: o })}\n`);
    };
    let known = new Map<string, { metadata: ObjectMeta }>();
    const poll = async (): Promise<void> => {
      const items = (await r.list(ns)).items.filter(match);
      const now = new Map(items.map((o) => [key(o), o]));
      for (const [k, o] of now) {
        const old = known.get(k);
        if (!old) send('ADDED', o);
        else if (old.metadata.resourceVersion !== o.metadata.resourceVersion) send('MODIFIED', o);
      }
      for (const [k, o] of known) if (!now.has(k)) send('DELETED', o);
      known = now;
    };
    const loop = (): void => {
      if (done) return;
      poll()
        .then(() => {
          if (!done) timer = setTimeout(loop, 300);
        })
        .catch(() => end());
    };
    const baseline = since === '0' ? Promise.resolve([]) : r.list(ns, since).then((l) => l.items.filter(match));
    baseline
      .then((items) => {
        known = new Map(items.map((o) => [key(o), o]));
        loop();
      })
      .catch(() => {
        send('ERROR', {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: 'too old resource version',
          reason: 'Expired',
          code: 410,
        });
        end();
      });
    setTimeout(end, timeout).unref();
    req.on('close', end);
  }

  async function handle(req: http.IncomingMessage, res: Res): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://x');
    const p = url.pathname;
    const method = req.method ?? 'GET';
    const body = await new Promise<Buffer>((resolve) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks)));
    });
    const nodeGroups = ['k3s:agent', 'system:nodes', 'system:bootstrappers', 'k3s:server'];

    // -- unauthenticated
    if (p === '/cacerts') return text(res, 200, readFileSync(f.serverCA));
    if (p === '/ping') return text(res, 200, 'pong');

    // -- supervisor, node-authed
    if (p === '/v1-k3s/client-kubelet.crt' || p === '/v1-k3s/serving-kubelet.crt') {
      if (!authz(req, res, ['k3s:agent', 'system:nodes', 'system:bootstrappers'])) return;
      const nn = (req.headers['k3s-node-name'] as string | undefined)?.toLowerCase();
      const np = req.headers['k3s-node-password'] as string | undefined;
      const nip = (req.headers['k3s-node-ip'] as string | undefined) ?? '';
      if (!nn) return sendError(req, res, 400, 'node name not set');
      if (!np) return sendError(req, res, 400, 'node password not set');
      try {
        await registry.ensureNodePassword(nn, np);
      } catch (e) {
        if (e instanceof PasswordError) return sendError(req, res, 403, e.message);
        throw e;
      }
      if (p === '/v1-k3s/client-kubelet.crt') {
        const crt = await issue({
          caCert: f.clientCA,
          caKey: f.clientCAKey,
          cn: `system:node:${nn}`,
          orgs: ['system:nodes'],
          usage: 'client',
        });
        // legacy response: certificate chain followed by the private key
        return text(res, 200, crt.cert + readFileSync(f.clientCA, 'utf8') + crt.key);
      }
      const crt = await issue({
        caCert: f.serverCA,
        caKey: f.serverCAKey,
        cn: nn,
        sans: [nn, 'localhost', '127.0.0.1', ...nip.split(',').filter(Boolean)],
        usage: 'server',
      });
      return text(res, 200, crt.cert + readFileSync(f.serverCA, 'utf8') + crt.key);
    }
    if (p === '/v1-k3s/client-ca.crt' || p === '/v1-k3s/server-ca.crt') {
      if (!authz(req, res, nodeGroups)) return;
      return text(res, 200, readFileSync(p.endsWith('client-ca.crt') ? f.clientCA : f.serverCA));
    }
    if (p === '/v1-k3s/apiservers') {
      // handlers.go APIServers: addresses of the kubernetes EndpointSlice
      if (!authz(req, res, nodeGroups)) return;
      return json(
        res,
        200,
        (await registry.apiserverEndpoints()).map((e) => `${e.ip}:${e.port}`),
      );
    }
    if (p === '/v1-k3s/config') {
      if (!authz(req, res, nodeGroups)) return;
      return json(res, 200, {
        ClusterIPRange: { IP: '10.42.0.0', Mask: '//8AAA==' },
        ClusterDomain: flags.str('cluster-domain') ?? 'cluster.local',
        ClusterCIDR: flags.str('cluster-cidr') ?? '10.42.0.0/16',
        ServiceCIDR: flags.str('service-cidr') ?? '10.43.0.0/16',
        FlannelBackend: ctx.flannelBackend,
        Disables: Object.fromEntries(flags.list('disable').map((d) => [d, true])),
        SupervisorPort: ctx.port,
        HTTPSPort: ctx.port,
      });
    }
    if (p === '/v1-k3s/readyz') {
      if (!authz(req, res, nodeGroups)) return;
      return (await ctx.ready()) ? text(res, 200, 'ok') : sendError(req, res, 503, 'etcd not ready');
    }
    // -- supervisor, server-authed
    if (p === '/v1-k3s/server-bootstrap') {
      if (!authz(req, res, ['k3s:server'])) return;
      if (!ctx.etcdEnabled) return sendError(req, res, 400, 'etcd disabled');
      return json(res, 200, ctx.bootstrapData());
    }
    if (p === '/db/info') {
      if (!authz(req, res, ['k3s:server'])) return;
      if (!ctx.etcdEnabled) return sendError(req, res, 400, 'etcd disabled');
      return json(res, 200, { members: await ctx.kv.members() });
    }

    // -- kube-apiserver paths: any authenticated user (anonymous auth is off in k3s)
    const au = authenticate(req);
    if (!au || au === 'invalid') return status(res, 401, 'Unauthorized', 'Unauthorized');
    const user = au;
    const admin = user.groups.includes('system:masters') || user.groups.includes('k3s:server');

    if (p === '/livez' || p === '/healthz') return text(res, 200, 'ok');
    if (p === '/readyz')
      return (await ctx.ready())
        ? text(res, 200, 'ok')
        : text(res, 503, '[-]etcd failed: reason withheld\nreadyz check failed\n');
    if (p === '/version') {
      const [maj = '1', min = '0'] = K3S_VERSION.replace(/^v/, '').split('.');
      return json(res, 200, {
        major: maj,
        minor: min,
        gitVersion: K3S_VERSION,
        gitCommit: gitCommit(),
        gitTreeState: 'clean',
        buildDate: '2025-08-14T00:00:00Z',
        goVersion: GO_VERSION,
        compiler: 'gc',
        platform: 'linux/amd64',
      });
    }
    // Discovery: legacy (non-aggregated) documents; kubectl falls back to them.
    if (p === '/api')
      return json(res, 200, {
        kind: 'APIVersions',
        versions: ['v1'],
        serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: `${ctx.ip}:${ctx.port}` }],
      });
    if (p === '/apis') return json(res, 200, { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map(apiGroup) });
    if (p === '/api/v1') return json(res, 200, resourceList('', 'v1'));
    const gm = /^\/apis\/([^/]+)(?:\/(v1))?$/.exec(p);
    if (gm && groups.includes(gm[1]!)) {
      return gm[2]
        ? json(res, 200, resourceList(gm[1]!, 'v1'))
        : json(res, 200, { kind: 'APIGroup', apiVersion: 'v1', ...(apiGroup(gm[1]!) as object) });
    }

    // leases: the kubelet's heartbeat
    const lm = /^\/apis\/coordination\.k8s\.io\/v1\/namespaces\/kube-node-lease\/leases\/([^/]+)$/.exec(p);
    if (lm && (method === 'PUT' || method === 'POST')) {
      const nn = decodeURIComponent(lm[1]!);
      if (!admin && user.name !== `system:node:${nn}`)
        return status(
          res,
          403,
          'Forbidden',
          `leases.coordination.k8s.io "${nn}" is forbidden: User "${user.name}" cannot update resource "leases" in API group "coordination.k8s.io" in the namespace "kube-node-lease"`,
        );
      if (!(await registry.getNode(nn)))
        return status(res, 404, 'NotFound', `nodes "${nn}" not found`, { name: nn, kind: 'nodes' });
      await registry.renewLease(nn);
      return json(res, 200, {
        kind: 'Lease',
        apiVersion: 'coordination.k8s.io/v1',
        metadata: { name: nn, namespace: 'kube-node-lease' },
        spec: { holderIdentity: nn, renewTime: new Date().toISOString() },
      });
    }

    // node registration by the kubelet (the double's agent)
    if (p === '/api/v1/nodes' && method === 'POST') {
      const n = JSON.parse(body.toString() || '{}') as Partial<NodeObject>;
      const nn = n.metadata?.name ?? '';
      if (!admin && user.name !== `system:node:${nn}`)
        return status(
          res,
          403,
          'Forbidden',
          `nodes "${nn}" is forbidden: node "${user.name.replace(/^system:node:/, '')}" is not allowed to modify node "${nn}"`,
        );
      if (await registry.getNode(nn))
        return status(res, 409, 'AlreadyExists', `nodes "${nn}" already exists`, { name: nn, kind: 'nodes' });
      const labels = Object.entries(n.metadata?.labels ?? {}).map(([k, v]) => `${k}=${v}`);
      const taints = (n.spec?.taints ?? []).map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`);
      const addr = (type: string): string | undefined => n.status?.addresses?.find((a) => a.type === type)?.address;
      const created = await registry.ensureNode({
        name: nn,
        ip: addr('InternalIP') ?? '',
        externalIP: addr('ExternalIP'),
        server: false,
        etcd: false,
        labels,
        taints,
        flannelBackend: ctx.flannelBackend,
        managedEtcd: ctx.etcdEnabled,
      });
      await registry.renewLease(nn);
      return json(res, 201, created);
    }

    // -- resources
    const rm =
      /^\/api\/v1(?:\/namespaces\/([^/]+))?\/([a-z]+)(?:\/([^/]+))?$/.exec(p) ??
      /^\/apis\/([a-z0-9.-]+)\/v1(?:\/namespaces\/([^/]+))?\/([a-z]+)(?:\/([^/]+))?$/.exec(p);
    if (rm) {
      const core = p.startsWith('/api/v1');
      const group = core ? '' : rm[1]!;
      const ns = core ? rm[1] : rm[2];
      const resName = core ? rm[2]! : rm[3]!;
      const objName = core ? rm[3] : rm[4];
      const r = resources.find((x) => x.group === group && x.name === resName);
      if (r && (r.namespaced || ns === undefined)) {
        const asTable = (req.headers.accept ?? '').includes('as=Table');
        const kindList = `${r.kind}List`;
        const apiVersion = group ? `${group}/v1` : 'v1';
        if (method === 'GET' && objName === undefined) {
          if (url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1')
            return watch(r, ns, url, req, res);
          const { revision, items } = await r.list(ns);
          const sel = items.filter(selectors(url));
          if (asTable) return json(res, 200, r.table(sel as never[], revision), r.headers);
          return json(
            res,
            200,
            { kind: kindList, apiVersion, metadata: { resourceVersion: revision }, items: sel },
            r.headers,
          );
        }
        if (objName !== undefined) {
          const nn = decodeURIComponent(objName);
          const { revision, items } = await r.list(ns);
          const obj = items.find((o) => o.metadata.name === nn);
          const notFound = (): void =>
            status(res, 404, 'NotFound', `${group ? `${r.name}.${group}` : r.name} "${nn}" not found`, {
              name: nn,
              ...(group ? { group } : {}),
              kind: r.name,
            });
          if (!obj) return notFound();
          if (method === 'GET') return json(res, 200, asTable ? r.table([obj] as never[], revision) : obj, r.headers);
          if (method === 'DELETE' && r.name === 'nodes') return deleteNode(res, user, admin, obj as NodeObject);
          if (method === 'PATCH' && r.name === 'nodes')
            return patchNode(req, res, user, admin, obj as NodeObject, body);
        }
        return status(res, 405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
      }
    }
    return status(res, 404, 'NotFound', 'the server could not find the requested resource');
  }

  /**
   * DELETE of a Node: with finalizers (wrangler.cattle.io/node,
   * wrangler.cattle.io/managed-etcd-controller) it only gets a
   * deletionTimestamp; the controllers remove it once their work succeeded.
   */
  async function deleteNode(res: Res, user: User, admin: boolean, shown: NodeObject): Promise<void> {
    const nn = shown.metadata.name;
    if (!admin)
      return status(
        res,
        403,
        'Forbidden',
        `nodes "${nn}" is forbidden: User "${user.name}" cannot delete resource "nodes" in API group "" at the cluster scope`,
      );
    const node = await registry.getNode(nn);
    if (!node) return status(res, 404, 'NotFound', `nodes "${nn}" not found`, { name: nn, kind: 'nodes' });
    if ((node.metadata.finalizers ?? []).length === 0) {
      await registry.removeNodeObject(nn);
      return json(res, 200, {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        details: { name: nn, kind: 'nodes', uid: node.metadata.uid },
      });
    }
    if (!node.metadata.deletionTimestamp) {
      node.metadata.deletionTimestamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      node.metadata.deletionGracePeriodSeconds = 0;
      await registry.putNode(node);
    }
    ctx.nodeChanged();
    const after = await registry.getNode(nn);
    return json(res, 200, { ...shown, metadata: after?.metadata ?? node.metadata });
  }

  /**
   * PATCH of a Node's labels, annotations, taints and unschedulable, as
   * kube-apiserver does it (k8s.io/apiserver pkg/endpoints/handlers/patch.go):
   * JSON merge patch (RFC 7386: maps merge, `null` removes, lists replace) and
   * strategic merge patch, which for these fields is the same (NodeSpec.Taints
   * has no patchStrategy in k8s.io/api core/v1 types.go, so the list is
   * replaced whole); any other media type is 415. A resourceVersion in the
   * patch is a precondition: 409 Conflict when the object changed
   * (registry/generic/registry/store.go Update → storage conflict). The result
   * is validated as ValidateNode does for these fields (label keys and values,
   * taint effect and key, no two taints with one key and effect): 422.
   * Deviation: patching any other field is refused (422), never ignored.
   */
  async function patchNode(
    req: http.IncomingMessage,
    res: Res,
    user: User,
    admin: boolean,
    shown: NodeObject,
    body: Buffer,
  ): Promise<void> {
    const nn = shown.metadata.name;
    // NodeRestriction lets a node patch only itself; the double allows no node to (stricter).
    if (!admin)
      return status(
        res,
        403,
        'Forbidden',
        `nodes "${nn}" is forbidden: User "${user.name}" cannot patch resource "nodes" in API group "" at the cluster scope`,
      );
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
    if (type !== 'application/merge-patch+json' && type !== 'application/strategic-merge-patch+json')
      return status(
        res,
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: application/merge-patch+json, application/strategic-merge-patch+json`,
      );
    let patch: {
      metadata?: {
        resourceVersion?: string;
        labels?: Record<string, string | null> | null;
        annotations?: Record<string, string | null> | null;
        [k: string]: unknown;
      };
      spec?: { taints?: Taint[] | null; unschedulable?: boolean | null; [k: string]: unknown };
      [k: string]: unknown;
    };
    try {
      patch = JSON.parse(body.toString('utf8')) as typeof patch;
      if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) throw new Error('not an object');
    } catch (e) {
      return status(res, 400, 'BadRequest', `error decoding patch: ${(e as Error).message}`);
    }
    // `$setElementOrder/<list>` (strategic merge) only orders a merged list's items
    // (apimachinery strategicpatch mergeMap); the lists the double patches are atomic.
    const directive = (k: string): boolean => type.includes('strategic') && k.startsWith('$setElementOrder/');
    const unsupported = [
      ...Object.keys(patch)
        .filter((k) => !['metadata', 'spec', 'kind', 'apiVersion'].includes(k) && !directive(k))
        .map((k) => k),
      ...Object.keys(patch.metadata ?? {})
        .filter((k) => !['resourceVersion', 'labels', 'annotations', 'name'].includes(k) && !directive(k))
        .map((k) => `metadata.${k}`),
      ...Object.keys(patch.spec ?? {})
        .filter((k) => !['taints', 'unschedulable'].includes(k) && !directive(k))
        .map((k) => `spec.${k}`),
    ];
    if (unsupported.length > 0)
      return status(res, 422, 'Invalid', `the k3s double does not patch ${unsupported.join(', ')} of a Node`);
    const node = await registry.getNode(nn);
    if (!node) return status(res, 404, 'NotFound', `nodes "${nn}" not found`, { name: nn, kind: 'nodes' });
    const rv = patch.metadata?.resourceVersion;
    const conflict = (): void =>
      status(
        res,
        409,
        'Conflict',
        `Operation cannot be fulfilled on nodes "${nn}": the object has been modified; please apply your changes to the latest version and try again`,
        { name: nn, kind: 'nodes' },
      );
    if (rv !== undefined && rv !== node.metadata.resourceVersion) return conflict();
    const merge = (
      into: Record<string, string>,
      p: Record<string, string | null> | null | undefined,
    ): Record<string, string> => {
      if (p === null) return {};
      const drop = new Set(Object.entries(p ?? {}).flatMap(([k, v]) => (v === null ? [k] : [])));
      const out = Object.fromEntries(Object.entries(into).filter(([k]) => !drop.has(k)));
      for (const [k, v] of Object.entries(p ?? {})) if (v !== null) out[k] = v;
      return out;
    };
    const labels = merge(node.metadata.labels, patch.metadata?.labels);
    const annotations = merge(node.metadata.annotations, patch.metadata?.annotations);
    const spec = { ...node.spec } as NodeObject['spec'] & { unschedulable?: boolean };
    if (patch.spec && 'taints' in patch.spec) {
      if (patch.spec.taints === null || patch.spec.taints.length === 0) delete spec.taints;
      else spec.taints = patch.spec.taints;
    }
    if (patch.spec && 'unschedulable' in patch.spec) {
      if (patch.spec.unschedulable) spec.unschedulable = true;
      else delete spec.unschedulable;
    }
    const invalid = validateNodeMeta(labels, spec.taints ?? []);
    // kubectl prints an Invalid Status's causes ("The Node "x" is invalid: <field>: <message>").
    if (invalid.length > 0)
      return status(res, 422, 'Invalid', `Node "${nn}" is invalid: ${invalid.join(', ')}`, {
        name: nn,
        kind: 'Node',
        causes: invalid.map((m) => {
          const i = m.indexOf(': ');
          return { reason: 'FieldValueInvalid', field: m.slice(0, i), message: m.slice(i + 2) };
        }),
      });
    const next: NodeObject = { ...node, metadata: { ...node.metadata, labels, annotations }, spec };
    const key = `/registry/minions/${nn}`;
    const { resourceVersion, ...meta } = next.metadata;
    if (!(await registry.kv.cas(key, resourceVersion ?? '0', JSON.stringify({ ...next, metadata: meta }))))
      return conflict();
    ctx.nodeChanged();
    const after = await registry.getNode(nn);
    return json(res, 200, after ?? next);
  }

  return (req, res) => {
    handle(req, res).catch((e: unknown) => {
      logger.error(`${req.method ?? ''} ${req.url ?? ''}: ${String(e)}`);
      if (!res.headersSent) status(res, 503, 'ServiceUnavailable', (e as Error).message);
      else res.end();
    });
  };
}
