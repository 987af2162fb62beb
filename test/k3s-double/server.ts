// `k3s server` stand-in: CA + token files + k3s.yaml, an embedded (real) etcd
// member, and the supervisor / apiserver paths served on <node-ip>:6443.
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import YAML from 'yaml';
import { caHashOfPem, issue, makeCA, writeFile0600 } from './certs.js';
import {
  dataDir,
  FatalError,
  nodeIP,
  nodeName,
  nodePassword,
  parseToken,
  readToken,
  request,
  rooted,
  sleep,
  validateServer,
} from './common.js';
import { clientURL, EtcdClient, EtcdProcess, type Member, peerURL } from './etcd.js';
import type { Flags } from './flags.js';
import { logger } from './log.js';
import { K3S_VERSION, nodeGraceMs, nodeTable, PasswordError, Registry, withStatus } from './registry.js';

export const passwordRejected = (file: string): string =>
  `Node password rejected, duplicate hostname or contents of '${file}' may not match server node-passwd entry, try enabling a unique node name with the --with-node-id flag`;

interface User {
  name: string;
  groups: string[];
}

interface PasswdEntry {
  password: string;
  user: string;
  uid: string;
  group: string;
}

function readPasswd(file: string): PasswdEntry[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [password = '', user = '', uid = '', group = ''] = l.split(',');
      return { password, user, uid, group };
    });
}

/** passwd.Write: CSV `password,user,uid,role` (k3s-protocol.md §1 "server vs node users"). */
function writePasswd(file: string, entries: PasswdEntry[]): void {
  writeFile0600(file, entries.map((e) => `${e.password},${e.user},${e.uid},${e.group}`).join('\n') + '\n');
}

function stripToken(t: string): string {
  // EnsureUser strips a K10...::<name>: prefix
  return t.startsWith('K10') ? parseToken(t).password : t;
}

function symlinkForce(target: string, link: string): void {
  try {
    unlinkSync(link);
  } catch {
    // absent
  }
  symlinkSync(target, link);
}

interface Bootstrap {
  ServerCA: string;
  ServerCAKey: string;
  ClientCA: string;
  ClientCAKey: string;
  PasswdFile: string;
}

export interface RunningServer {
  shutdown(): Promise<void>;
}

export async function runServer(flags: Flags, onShutdown: (fn: () => Promise<void>) => void): Promise<void> {
  const dd = dataDir(flags);
  const sd = path.join(dd, 'server');
  const tlsDir = path.join(sd, 'tls');
  const credDir = path.join(sd, 'cred');
  const dbDir = path.join(sd, 'db');
  for (const d of [sd, tlsDir, credDir, dbDir]) mkdirSync(d, { recursive: true, mode: 0o700 });
  const ip = nodeIP(flags);
  const port = Number(flags.str('https-listen-port') ?? '6443');
  const name = nodeName(flags);
  const { password: nodePw, file: nodePwFile } = nodePassword();
  const joinURL = flags.str('server');
  const tokenStr = readToken(flags);
  const dsEndpoint = flags.str('datastore-endpoint');
  const f = {
    serverCA: path.join(tlsDir, 'server-ca.crt'),
    serverCAKey: path.join(tlsDir, 'server-ca.key'),
    clientCA: path.join(tlsDir, 'client-ca.crt'),
    clientCAKey: path.join(tlsDir, 'client-ca.key'),
    passwd: path.join(credDir, 'passwd'),
    etcdData: path.join(dbDir, 'etcd'),
    memberName: path.join(dbDir, 'name'),
    tombstone: path.join(dbDir, 'tombstone'),
    standin: path.join(dbDir, 'k3s-double-no-etcd'),
  };

  if (flags.bool('cluster-reset')) {
    if (joinURL)
      throw new FatalError(
        'cannot perform cluster-reset while server URL is set - remove server from configuration before resetting',
      );
    throw new FatalError('the k3s double does not implement --cluster-reset');
  }

  // ---- choose the datastore (k3s-protocol.md §6: managed DB iff no endpoint and (cluster-init or token+server))
  type Mode = 'external' | 'restart' | 'join' | 'init';
  const hasEtcdData = existsSync(path.join(f.etcdData, 'member'));
  let mode: Mode;
  if (dsEndpoint) mode = 'external';
  else if (hasEtcdData) mode = 'restart';
  else if (joinURL) mode = 'join';
  else mode = 'init';
  if (mode === 'restart' && existsSync(f.tombstone)) {
    if (!joinURL) {
      throw new FatalError(
        `tombstone file has been detected but --server is empty: backup and delete ${sd}/db to create a new cluster, or set --server to rejoin the cluster`,
      );
    }
    // k3s backs up server/db and rejoins
    const backup = `${dbDir}-old-${Math.floor(Date.now() / 1000)}`;
    logger.info(`Tombstone file found: moving ${dbDir} to ${backup} and rejoining the cluster`);
    renameSync(dbDir, backup);
    mkdirSync(dbDir, { recursive: true, mode: 0o700 });
    mode = 'join';
  }
  // A server without --cluster-init or --server would use SQLite (kine) in k3s.
  // The double still runs a single etcd member, but does not label the node as
  // etcd and refuses /v1-k3s/server-bootstrap and /db/info ("etcd disabled").
  if (mode === 'init' && !flags.bool('cluster-init')) writeFileSync(f.standin, '');
  const etcdEnabled = mode !== 'external' && !existsSync(f.standin);

  // ---- token / CA
  let joinToken: ReturnType<typeof parseToken> | undefined;
  let joinCA: Buffer | undefined;
  if (mode === 'join') {
    if (!tokenStr) throw new FatalError('token is required to join a cluster');
    joinToken = parseToken(tokenStr);
    try {
      joinCA = await validateServer(joinURL!, joinToken);
    } catch (e) {
      throw new FatalError(`failed to validate token: ${(e as Error).message}`);
    }
    // WithUser("server") for bootstrap
    const res = await request(new URL('/v1-k3s/server-bootstrap', joinURL).toString(), {
      ca: joinCA,
      auth: { user: 'server', pass: joinToken.password },
    });
    if (res.status !== 200) {
      throw new FatalError(`failed to get bootstrap data from ${joinURL}: ${res.status} ${res.body.toString().trim()}`);
    }
    const b = JSON.parse(res.body.toString()) as Bootstrap;
    const dec = (s: string): Buffer => Buffer.from(s, 'base64');
    writeFileSync(f.serverCA, dec(b.ServerCA));
    writeFile0600(f.serverCAKey, dec(b.ServerCAKey));
    writeFileSync(f.clientCA, dec(b.ClientCA));
    writeFile0600(f.clientCAKey, dec(b.ClientCAKey));
    writeFile0600(f.passwd, dec(b.PasswdFile));
    logger.info(`Cluster bootstrap data retrieved from ${joinURL}`);
  }

  let kv: EtcdClient;
  if (mode === 'external') {
    const eps = dsEndpoint!.split(',').map((s) => s.trim());
    for (const e of eps)
      if (!e.startsWith('http://'))
        throw new FatalError(`the k3s double supports only http:// etcd datastore endpoints, got ${e}`);
    kv = new EtcdClient(eps);
  } else {
    kv = new EtcdClient([clientURL(ip)]);
  }

  if (mode === 'external') {
    // k3s keeps bootstrap data in the datastore under /bootstrap/<hash of token>
    const tpw = tokenStr ? stripToken(tokenStr) : undefined;
    const bkey = tpw ? `/bootstrap/${createHash('sha256').update(tpw).digest('hex').slice(0, 12)}` : undefined;
    const existing = bkey ? await kv.get(bkey) : undefined;
    if (existing) {
      const b = JSON.parse(existing) as Bootstrap;
      const dec = (s: string): Buffer => Buffer.from(s, 'base64');
      writeFileSync(f.serverCA, dec(b.ServerCA));
      writeFile0600(f.serverCAKey, dec(b.ServerCAKey));
      writeFileSync(f.clientCA, dec(b.ClientCA));
      writeFile0600(f.clientCAKey, dec(b.ClientCAKey));
      writeFile0600(f.passwd, dec(b.PasswdFile));
    }
  }

  const now = Math.floor(Date.now() / 1000);
  if (!existsSync(f.serverCA) || !existsSync(f.serverCAKey))
    await makeCA(f.serverCA, f.serverCAKey, `k3s-server-ca@${now}`);
  if (!existsSync(f.clientCA) || !existsSync(f.clientCAKey))
    await makeCA(f.clientCA, f.clientCAKey, `k3s-client-ca@${now}`);

  // passwd: server password = --token, else existing, else random (k3s-protocol.md §1)
  const users = readPasswd(f.passwd);
  const serverPass =
    (tokenStr ? stripToken(tokenStr) : undefined) ??
    users.find((u) => u.user === 'server')?.password ??
    randomBytes(16).toString('hex');
  const agentTokenFlag = flags.str('agent-token');
  const nodePass =
    (agentTokenFlag ? stripToken(agentTokenFlag) : undefined) ??
    users.find((u) => u.user === 'node')?.password ??
    serverPass;
  writePasswd(f.passwd, [
    { password: nodePass, user: 'node', uid: 'node', group: 'k3s:agent' },
    { password: serverPass, user: 'server', uid: 'server', group: 'k3s:server' },
  ]);

  if (mode === 'external' && tokenStr) {
    const bkey = `/bootstrap/${createHash('sha256').update(serverPass).digest('hex').slice(0, 12)}`;
    if ((await kv.get(bkey)) === undefined) await kv.put(bkey, JSON.stringify(bootstrapData()));
  }

  // token files (printTokens / WriteToken: token+"\n", 0600; node-token symlink)
  const caPem = readFileSync(f.serverCA);
  const caHash = caHashOfPem(caPem);
  const tokenFile = path.join(sd, 'token');
  writeFile0600(tokenFile, `K10${caHash}::server:${serverPass}\n`);
  chmodSync(tokenFile, 0o600);
  symlinkForce(tokenFile, path.join(sd, 'node-token'));
  if (agentTokenFlag) writeFile0600(path.join(sd, 'agent-token'), `K10${caHash}::node:${nodePass}\n`);
  else symlinkForce(tokenFile, path.join(sd, 'agent-token'));

  // serving cert: every tls-san plus node-ip, localhost, 127.0.0.1
  const sans = [
    ...flags.list('tls-san').flatMap((s) => s.split(',')),
    ip,
    'localhost',
    '127.0.0.1',
    name,
    'kubernetes',
    'kubernetes.default',
    'kubernetes.default.svc',
    'kubernetes.default.svc.cluster.local',
  ];
  const serving = await issue({
    caCert: f.serverCA,
    caKey: f.serverCAKey,
    cn: 'k3s',
    orgs: ['k3s'],
    sans,
    usage: 'server',
  });
  writeFileSync(path.join(tlsDir, 'serving-kube-apiserver.crt'), serving.cert);
  writeFile0600(path.join(tlsDir, 'serving-kube-apiserver.key'), serving.key);
  const adminCrt = path.join(tlsDir, 'client-admin.crt');
  const adminKey = path.join(tlsDir, 'client-admin.key');
  if (!existsSync(adminCrt) || !existsSync(adminKey) || mode === 'join') {
    const admin = await issue({
      caCert: f.clientCA,
      caKey: f.clientCAKey,
      cn: 'system:admin',
      orgs: ['system:masters'],
      usage: 'client',
    });
    writeFileSync(adminCrt, admin.cert);
    writeFile0600(adminKey, admin.key);
  }
  writeKubeconfig(flags, ip, port, caPem, readFileSync(adminCrt, 'utf8'), readFileSync(adminKey, 'utf8'));

  // ---- etcd
  let etcd: EtcdProcess | undefined;
  let memberName = existsSync(f.memberName) ? readFileSync(f.memberName, 'utf8').trim() : '';
  let removedFromCluster = false;
  const startEtcd = (initialCluster: string, state: 'new' | 'existing'): void => {
    etcd = new EtcdProcess({
      name: memberName,
      ip,
      dataDir: f.etcdData,
      logFile: path.join(dbDir, 'etcd.log'),
      initialCluster,
      state,
      onUnexpectedExit: (removed) => {
        if (removed) {
          removedFromCluster = true;
          writeFileSync(f.tombstone, '');
          logger.error('This node has been removed from the cluster - please restart k3s to rejoin the cluster');
        }
      },
    });
    etcd.start();
  };
  if (mode === 'init' || mode === 'restart' || mode === 'join') {
    if (!memberName || mode === 'join') {
      memberName = `${name}-${randomBytes(4).toString('hex')}`;
      writeFileSync(f.memberName, memberName);
    }
  }
  if (mode === 'init' || mode === 'restart') {
    startEtcd(`${memberName}=${peerURL(ip)}`, 'new');
  } else if (mode === 'join') {
    const info = await request(new URL('/db/info', joinURL).toString(), {
      ca: joinCA!,
      auth: { user: 'server', pass: joinToken!.password },
    });
    if (info.status !== 200)
      throw new FatalError(
        `failed to get etcd member list from ${joinURL}: ${info.status} ${info.body.toString().trim()}`,
      );
    const members = (JSON.parse(info.body.toString()) as { members: Member[] }).members;
    if (members.some((m) => m.name.startsWith(`${name}-`) || m.name === name)) {
      throw new FatalError('duplicate node name found, please use a unique name for this node');
    }
    const clusterEndpoints = members.flatMap((m) => m.clientURLs);
    const cluster = new EtcdClient(clusterEndpoints, 10_000);
    // k3s uses MemberAddAsLearner and promotes once caught up (manageLearners).
    // etcd refuses the add while a recent member is not yet healthy or another
    // learner is pending ("unhealthy cluster", "too many learner members"): retry.
    let added: Awaited<ReturnType<EtcdClient['memberAdd']>> | undefined;
    for (let attempt = 0; !added; attempt++) {
      try {
        added = await cluster.memberAdd(peerURL(ip), true);
      } catch (e) {
        const msg = String(e);
        if (attempt >= 60 || !/unhealthy cluster|too many learner|not enough started|timed out|timeout/i.test(msg))
          throw e;
        logger.info(`Waiting to join etcd cluster: ${msg}`);
        await sleep(1000);
      }
    }
    logger.info(`Added etcd learner member ${memberName} (id ${added.member.ID}) via ${clusterEndpoints.join(',')}`);
    const initial = [
      ...members.filter((m) => m.name !== '').map((m) => `${m.name}=${m.peerURLs[0] ?? ''}`),
      `${memberName}=${peerURL(ip)}`,
    ].join(',');
    startEtcd(initial, 'existing');
    void promoteLoop(cluster, added.member.ID);
  }
  onShutdown(async () => {
    await etcd?.stop();
  });

  const registry = new Registry(kv);

  // ---- HTTPS (supervisor + apiserver on one port, k3s-protocol.md §2)
  const srv = https.createServer(
    {
      key: serving.key,
      cert: serving.cert,
      ca: readFileSync(f.clientCA),
      requestCert: true,
      rejectUnauthorized: false,
    },
    (req, res) => {
      handle(req, res).catch((e: unknown) => {
        logger.error(`${req.method ?? ''} ${req.url ?? ''}: ${String(e)}`);
        if (!res.headersSent) status(res, 503, 'ServiceUnavailable', (e as Error).message);
        else res.end();
      });
    },
  );
  await new Promise<void>((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(port, ip, () => resolve());
  });
  onShutdown(
    () =>
      new Promise<void>((resolve) => {
        srv.close(() => resolve());
        srv.closeAllConnections();
      }),
  );
  logger.info(`Running supervisor and kube-apiserver stand-in on https://${ip}:${port}`);

  // ---- register our own node (verifyLocalPassword), heartbeat
  const hbMs = Math.max(200, Math.min(10_000, Math.floor(nodeGraceMs() / 4)));
  let registered = false;
  const heartbeat = async (): Promise<void> => {
    try {
      if (!registered) {
        if (!(await kv.healthy(3000))) return;
        try {
          await registry.ensureNodePassword(name, nodePw);
        } catch (e) {
          if (e instanceof PasswordError) {
            logger.error(`Failed to register node: ${passwordRejected(nodePwFile)}`);
            return;
          }
          throw e;
        }
        const memberOpt = etcdEnabled ? { etcdMemberName: memberName } : {};
        await registry.ensureNode({
          name,
          ip,
          server: true,
          etcd: etcdEnabled,
          labels: flags.list('node-label'),
          ...memberOpt,
        });
        const n = await registry.getNode(name);
        if (n) {
          n.metadata.annotations['k3s-double.io/apiserver'] = `${ip}:${port}`;
          await kv.put(`/registry/minions/${name}`, JSON.stringify(n));
        }
        registered = true;
        logger.info(`Node ${name} registered; k3s is up and running`);
        logger.info(`To join server node to cluster: k3s server -s https://${ip}:${port} -t \${SERVER_NODE_TOKEN}`);
        logger.info(`To join agent node to cluster: k3s agent -s https://${ip}:${port} -t \${AGENT_NODE_TOKEN}`);
      }
      await registry.renewLease(name);
      logger.debug(`renewed lease of ${name}`);
    } catch (e) {
      logger.debug(`heartbeat failed: ${String(e)}`);
    }
  };
  let hbTimer: NodeJS.Timeout | undefined;
  const loop = (): void => {
    // never let one stuck heartbeat stop the loop
    void Promise.race([heartbeat(), sleep(5000)]).finally(() => {
      hbTimer = setTimeout(loop, hbMs);
    });
  };
  loop();
  onShutdown(() => {
    if (hbTimer) clearTimeout(hbTimer);
    return Promise.resolve();
  });

  // -------------------------------------------------------------- helpers
  function bootstrapData(): Bootstrap {
    const enc = (p: string): string => readFileSync(p).toString('base64');
    return {
      ServerCA: enc(f.serverCA),
      ServerCAKey: enc(f.serverCAKey),
      ClientCA: enc(f.clientCA),
      ClientCAKey: enc(f.clientCAKey),
      PasswdFile: enc(f.passwd),
    };
  }

  async function promoteLoop(cluster: EtcdClient, id: string): Promise<void> {
    for (let i = 0; i < 600; i++) {
      await sleep(1000);
      try {
        await cluster.memberPromote(id);
        logger.info(`etcd member ${memberName} promoted from learner to voting member`);
        return;
      } catch (e) {
        const msg = String(e);
        if (msg.includes('not a learner') || msg.includes('member not found')) return;
        logger.debug(`promote: ${msg}`);
      }
    }
  }

  function authenticate(req: http.IncomingMessage): User | undefined {
    const sock = req.socket as unknown as TLSSocket; // https server sockets are TLSSockets
    if (sock.authorized) {
      const c = sock.getPeerCertificate();
      const cn = c.subject.CN;
      const o: unknown = c.subject.O;
      if (typeof cn === 'string')
        return { name: cn, groups: Array.isArray(o) ? (o as string[]) : typeof o === 'string' ? [o] : [] };
    }
    const h = req.headers.authorization;
    if (h?.startsWith('Basic ')) {
      const dec = Buffer.from(h.slice(6), 'base64').toString('utf8');
      const i = dec.indexOf(':');
      const user = dec.slice(0, i);
      const pass = dec.slice(i + 1);
      // password authenticator matches by username
      const e = readPasswd(f.passwd).find((u) => u.user === user);
      if (e && e.password === pass) return { name: user, groups: [e.group] };
    }
    return undefined;
  }

  function text(res: http.ServerResponse, code: number, body: string | Buffer, type = 'text/plain'): void {
    res.writeHead(code, { 'content-type': type });
    res.end(body);
  }
  function json(res: http.ServerResponse, code: number, body: unknown): void {
    text(res, code, JSON.stringify(body), 'application/json');
  }
  function status(res: http.ServerResponse, code: number, reason: string, message: string, details?: unknown): void {
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

  /** doAuth: 401 when not authenticated, 403 when the group is wrong. */
  function authz(req: http.IncomingMessage, res: http.ServerResponse, groups: string[]): User | undefined {
    const u = authenticate(req);
    if (!u) {
      text(res, 401, 'not authorized\n');
      return undefined;
    }
    if (!u.groups.some((g) => groups.includes(g))) {
      text(res, 403, 'forbidden\n');
      return undefined;
    }
    return u;
  }

  async function ready(): Promise<boolean> {
    if (removedFromCluster) return false;
    if (etcd && !etcd.running) return false;
    return kv.healthy(2000);
  }

  async function apiservers(): Promise<string[]> {
    const leases = await registry.leases();
    const out: string[] = [];
    for (const n of await registry.listNodes()) {
      const addr = n.metadata.annotations['k3s-double.io/apiserver'];
      const renew = leases.get(n.metadata.name);
      if (addr && renew !== undefined && Date.now() - renew < nodeGraceMs()) out.push(addr);
    }
    return out;
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
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
      if (!nn) return text(res, 400, 'node name not set\n');
      if (!np) return text(res, 400, 'node password not set\n');
      try {
        await registry.ensureNodePassword(nn, np);
      } catch (e) {
        if (e instanceof PasswordError) {
          logger.error(`Node password validation failed for '${nn}': ${e.message}`);
          return text(res, 403, `${e.message}\n`);
        }
        throw e;
      }
      let crt;
      if (p === '/v1-k3s/client-kubelet.crt') {
        await registry.ensureNode({ name: nn, ip: nip.split(',')[0] ?? '', server: false, etcd: false });
        await registry.renewLease(nn);
        crt = await issue({
          caCert: f.clientCA,
          caKey: f.clientCAKey,
          cn: `system:node:${nn}`,
          orgs: ['system:nodes'],
          usage: 'client',
        });
        // legacy response: certificate chain followed by the private key
        return text(res, 200, crt.cert + readFileSync(f.clientCA, 'utf8') + crt.key);
      }
      crt = await issue({
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
      if (!authz(req, res, nodeGroups)) return;
      return json(res, 200, await apiservers());
    }
    if (p === '/v1-k3s/config') {
      if (!authz(req, res, nodeGroups)) return;
      return json(res, 200, {
        ClusterIPRange: { IP: '10.42.0.0', Mask: '//8AAA==' },
        ClusterDomain: flags.str('cluster-domain') ?? 'cluster.local',
        ClusterCIDR: flags.str('cluster-cidr') ?? '10.42.0.0/16',
        ServiceCIDR: flags.str('service-cidr') ?? '10.43.0.0/16',
        Disables: Object.fromEntries(flags.list('disable').map((d) => [d, true])),
        SupervisorPort: port,
        HTTPSPort: port,
      });
    }
    if (p === '/v1-k3s/readyz') {
      if (!authz(req, res, nodeGroups)) return;
      return (await ready()) ? text(res, 200, 'ok') : text(res, 503, 'etcd not ready\n');
    }
    // -- supervisor, server-authed
    if (p === '/v1-k3s/server-bootstrap') {
      if (!authz(req, res, ['k3s:server'])) return;
      if (!etcdEnabled) return text(res, 400, 'etcd disabled\n');
      return json(res, 200, bootstrapData());
    }
    if (p === '/db/info') {
      if (!authz(req, res, ['k3s:server'])) return;
      if (!etcdEnabled) return text(res, 400, 'etcd disabled\n');
      return json(res, 200, { members: await kv.members() });
    }

    // -- kube-apiserver paths: any authenticated user
    const user = authenticate(req);
    if (!user) return status(res, 401, 'Unauthorized', 'Unauthorized');
    const admin = user.groups.includes('system:masters') || user.groups.includes('k3s:server');

    if (p === '/livez' || p === '/healthz') return text(res, 200, 'ok');
    if (p === '/readyz')
      return (await ready())
        ? text(res, 200, 'ok')
        : text(res, 503, '[-]etcd failed: reason withheld\nreadyz check failed\n');
    if (p === '/version') {
      const [maj = '1', min = '0'] = K3S_VERSION.replace(/^v/, '').split('.');
      return json(res, 200, {
        major: maj,
        minor: min,
        gitVersion: K3S_VERSION,
        gitCommit: 'k3s-double',
        gitTreeState: 'clean',
        buildDate: '2026-01-01T00:00:00Z',
        goVersion: 'go1.24',
        compiler: 'gc',
        platform: 'linux/amd64',
      });
    }
    // Discovery: legacy (non-aggregated) documents; kubectl falls back to them.
    if (p === '/api')
      return json(res, 200, {
        kind: 'APIVersions',
        versions: ['v1'],
        serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: `${ip}:${port}` }],
      });
    if (p === '/apis') return json(res, 200, { kind: 'APIGroupList', apiVersion: 'v1', groups: [] });
    if (p === '/api/v1') {
      return json(res, 200, {
        kind: 'APIResourceList',
        groupVersion: 'v1',
        resources: [
          {
            name: 'nodes',
            singularName: 'node',
            namespaced: false,
            kind: 'Node',
            verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
            shortNames: ['no'],
          },
        ],
      });
    }
    const asTable = (req.headers.accept ?? '').includes('as=Table');
    if (p === '/api/v1/nodes' && method === 'GET') {
      const leases = await registry.leases();
      const nodes = (await registry.listNodes()).map((n) => withStatus(n, leases.get(n.metadata.name)));
      if (asTable) return json(res, 200, nodeTable(nodes));
      return json(res, 200, {
        kind: 'NodeList',
        apiVersion: 'v1',
        metadata: { resourceVersion: String(Date.now()) },
        items: nodes,
      });
    }
    const m = /^\/api\/v1\/nodes\/([^/]+)$/.exec(p);
    if (m) {
      const nn = decodeURIComponent(m[1]!);
      const node = await registry.getNode(nn);
      const notFound = (): void => status(res, 404, 'NotFound', `nodes "${nn}" not found`, { name: nn, kind: 'nodes' });
      if (!node) return notFound();
      if (method === 'GET') {
        const n = withStatus(node, (await registry.leases()).get(nn));
        return json(res, 200, asTable ? nodeTable([n]) : n);
      }
      if (method === 'DELETE') {
        if (!admin)
          return status(
            res,
            403,
            'Forbidden',
            `nodes "${nn}" is forbidden: User "${user.name}" cannot delete resource "nodes" in API group "" at the cluster scope`,
          );
        // managed-etcd-controller onRemove: remove the etcd member of a deleted etcd node
        const member = node.metadata.annotations['etcd.k3s.cattle.io/node-name'];
        if (member && node.metadata.labels['node-role.kubernetes.io/etcd'] === 'true') {
          const members = await kv.members();
          const mm = members.find((x) => x.name === member);
          if (mm) {
            if (members.filter((x) => !x.isLearner).length <= 1 && !mm.isLearner) {
              return status(
                res,
                500,
                'InternalError',
                `etcdserver: re-configuration failed due to not enough started members`,
              );
            }
            await kv.memberRemove(mm.ID);
            logger.info(`Removed etcd member ${member} (id ${mm.ID}) for deleted node ${nn}`);
          }
        }
        await registry.deleteNode(nn);
        return json(res, 200, {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Success',
          details: { name: nn, kind: 'nodes', uid: node.metadata.uid },
        });
      }
      return status(res, 405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`);
    }
    const lm = /^\/apis\/coordination\.k8s\.io\/v1\/namespaces\/kube-node-lease\/leases\/([^/]+)$/.exec(p);
    if (lm && (method === 'PUT' || method === 'POST')) {
      const nn = decodeURIComponent(lm[1]!);
      if (!admin && user.name !== `system:node:${nn}`)
        return status(res, 403, 'Forbidden', `leases "${nn}" is forbidden`);
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
    if (body.length < 0) return;
    return status(res, 404, 'NotFound', 'the server could not find the requested resource');
  }
}

/**
 * writeKubeConfig (k3s-protocol.md §4 "Admin kubeconfig").
 * DEVIATION: the server URL is https://<node-ip>:<port>, not https://127.0.0.1:6443,
 * because many servers share one machine, each on its own loopback address.
 */
function writeKubeconfig(flags: Flags, ip: string, port: number, caPem: Buffer, cert: string, key: string): void {
  const name = flags.str('write-kubeconfig-name') ?? 'default';
  const modeStr = flags.str('write-kubeconfig-mode');
  let mode = 0o600;
  if (modeStr !== undefined && modeStr !== '') {
    const parsed = parseInt(modeStr, 8);
    if (!/^[0-7]+$/.test(modeStr) || Number.isNaN(parsed))
      throw new FatalError(`failed to parse write-kubeconfig-mode ${modeStr}`);
    mode = parsed;
  }
  const cfg = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      { name, cluster: { 'certificate-authority-data': caPem.toString('base64'), server: `https://${ip}:${port}` } },
    ],
    contexts: [{ name, context: { cluster: name, user: name } }],
    'current-context': name,
    preferences: {},
    users: [
      {
        name,
        user: {
          'client-certificate-data': Buffer.from(cert).toString('base64'),
          'client-key-data': Buffer.from(key).toString('base64'),
        },
      },
    ],
  };
  const defaultPath = rooted('/etc/rancher/k3s/k3s.yaml');
  const out = flags.str('write-kubeconfig') ?? defaultPath;
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, YAML.stringify(cfg), { mode });
  chmodSync(out, mode);
  if (out !== defaultPath) {
    mkdirSync(path.dirname(defaultPath), { recursive: true });
    symlinkForce(path.resolve(out), defaultPath);
  }
  logger.info(`Wrote kubeconfig ${out}`);
}
