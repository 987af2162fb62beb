// `k3s server` stand-in: CAs + token files + k3s.yaml, an embedded (real) etcd
// member, and the supervisor / apiserver paths served on <node-ip>:6443.
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import YAML from 'yaml';
import { createApiHandler, type ApiContext } from './api.js';
import { passwordRejected } from './agent.js';
import { CA_PAIRS, ensureCAs, hashCA, issue, writeFile0600 } from './certs.js';
import {
  dataDir,
  DirectFatal,
  FatalError,
  nodeName,
  nodePassword,
  parseToken,
  type PasswdEntry,
  readPasswd,
  readToken,
  request,
  responseError,
  rooted,
  sleep,
  validateServer,
} from './common.js';
import { clientURL, EtcdClient, EtcdProcess, type Member, peerURL } from './etcd.js';
import type { Flags } from './flags.js';
import { HelmController } from './helm.js';
import { logger } from './log.js';
import { advertiseAddress, advertisePort, flagNodeIP, hostIP } from './net.js';
import { notifyReady } from './notify.js';
import { ETCD_FINALIZER, NODE_FINALIZER, nodeGraceMs, PasswordError, Registry } from './registry.js';

/** passwd.Write: CSV `password,user,uid,role`. */
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

/** Files shipped to joining servers by /v1-k3s/server-bootstrap (relative to <data-dir>/server). */
const BOOTSTRAP_FILES = [
  ...CA_PAIRS.flatMap((p) => [`tls/${p.base}.crt`, `tls/${p.base}.key`]),
  'tls/service.key',
  'cred/passwd',
];

export interface Bootstrap {
  files: Record<string, string>;
}

/** etcd.go backupDirWithRetention: rename dir to dir-backup-<unix>, keep at most `keep` backups. */
function backupDirWithRetention(dir: string, keep: number): void {
  if (!existsSync(dir)) return;
  const parent = path.dirname(dir);
  const base = path.basename(dir);
  const backups = readdirSync(parent)
    .filter((e) => e.startsWith(`${base}-backup`) && statSync(path.join(parent, e)).isDirectory())
    .map((e) => ({ e, t: statSync(path.join(parent, e)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const b of backups.slice(keep)) rmSync(path.join(parent, b.e), { recursive: true, force: true });
  renameSync(dir, `${dir}-backup-${Math.floor(Date.now() / 1000)}`);
}

/** An error returned from the control-plane Prepare step (pkg/daemons/control/server.go). */
const prepareError = (msg: string): FatalError =>
  new FatalError(`preparing server: failed to bootstrap cluster data: ${msg}`);

export async function runServer(flags: Flags, onShutdown: (fn: () => Promise<void>) => void): Promise<void> {
  const dd = dataDir(flags);
  const sd = path.join(dd, 'server');
  const tlsDir = path.join(sd, 'tls');
  const credDir = path.join(sd, 'cred');
  const dbDir = path.join(sd, 'db');
  const etcdDir = path.join(dbDir, 'etcd');
  for (const d of [sd, tlsDir, path.join(tlsDir, 'etcd'), credDir, dbDir])
    mkdirSync(d, { recursive: true, mode: 0o700 });
  const nodeIpFlag = flagNodeIP(flags);
  let ip: string;
  try {
    ip = nodeIpFlag ?? hostIP();
  } catch (e) {
    throw new FatalError((e as Error).message);
  }
  // k3s listens on all addresses (bind-address 0.0.0.0). DEVIATION: with --node-ip the double
  // binds only that address, so that many servers can share one machine.
  const bindHost = flags.str('bind-address') || nodeIpFlag || '0.0.0.0';
  const port = Number(flags.str('https-listen-port') ?? '6443');
  const advIP = advertiseAddress(flags, () => ip);
  const advPort = advertisePort(flags);
  const name = nodeName(flags);
  const { password: nodePw, file: nodePwFile } = nodePassword();
  const joinURL = flags.str('server');
  const tokenStr = readToken(flags);
  const dsEndpoint = flags.str('datastore-endpoint');
  const flannelBackend = flags.str('flannel-backend') ?? 'vxlan';
  const f = {
    serverCA: path.join(tlsDir, 'server-ca.crt'),
    serverCAKey: path.join(tlsDir, 'server-ca.key'),
    clientCA: path.join(tlsDir, 'client-ca.crt'),
    clientCAKey: path.join(tlsDir, 'client-ca.key'),
    passwd: path.join(credDir, 'passwd'),
    etcdData: etcdDir,
    memberName: path.join(etcdDir, 'name'),
    tombstone: path.join(etcdDir, 'tombstone'),
    standin: path.join(dbDir, 'k3s-double-no-etcd'),
  };

  if (flags.bool('cluster-reset')) {
    if (joinURL)
      throw new FatalError(
        'cannot perform cluster-reset while server URL is set - remove server from configuration before resetting',
      );
    throw new FatalError('the k3s double does not implement --cluster-reset');
  }

  // ---- choose the datastore (cluster/managed.go assignManagedDriver, bootstrap.go shouldBootstrapLoad)
  type Mode = 'external' | 'restart' | 'join' | 'init' | 'standin';
  let mode: Mode;
  const initialized = existsSync(path.join(etcdDir, 'member', 'wal'));
  if (dsEndpoint) mode = 'external';
  else if (initialized) mode = existsSync(f.standin) ? 'standin' : 'restart';
  else if (joinURL && tokenStr) mode = 'join';
  else if (joinURL)
    throw prepareError('failed to check if bootstrap data has been initialized: token is required to join a cluster');
  else if (flags.bool('cluster-init')) mode = 'init';
  else mode = 'standin';
  // A server without --cluster-init or --server would use SQLite (kine) in k3s.
  // The double still runs a single etcd member, but does not label the node as
  // etcd and refuses /v1-k3s/server-bootstrap and /db/info ("etcd disabled").
  if (mode === 'standin') writeFileSync(f.standin, '');
  const etcdEnabled = mode !== 'external' && mode !== 'standin';

  const serverAuth = (t: string): { user: string; pass: string } => ({ user: 'server', pass: parseToken(t).password });
  const writeBootstrap = (b: Bootstrap): void => {
    for (const [rel, data] of Object.entries(b.files)) {
      const file = path.join(sd, rel);
      mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      if (rel.endsWith('.crt')) writeFileSync(file, Buffer.from(data, 'base64'));
      else writeFile0600(file, Buffer.from(data, 'base64'));
    }
  };
  const httpBootstrap = async (ca: Buffer): Promise<Bootstrap> => {
    const u = new URL('/v1-k3s/server-bootstrap', joinURL).toString();
    let res;
    try {
      res = await request(u, { ca, auth: serverAuth(tokenStr!), timeoutMs: 15_000 });
    } catch (e) {
      throw new Error(`Get "${u}": ${(e as Error).message}`, { cause: e });
    }
    if (res.status !== 200) throw new Error(responseError(u, res));
    return JSON.parse(res.body.toString()) as Bootstrap;
  };

  // ---- bootstrap
  let rejoin = false; // tombstoned member: join again with the certificates it has
  let joinCA: Buffer | undefined;
  if (mode === 'restart') {
    // the datastore arguments (--cluster-init, --server) are ignored for an initialized member
    logger.info('Managed etcd cluster bootstrap already complete and initialized');
    if (joinURL && tokenStr) {
      try {
        const { ca } = await validateServer(joinURL, tokenStr);
        joinCA = ca;
        writeBootstrap(await httpBootstrap(ca));
        logger.info('Successfully reconciled with remote datastore');
      } catch (e) {
        logger.warn(`Unable to reconcile with remote datastore: ${(e as Error).message}`);
      }
    }
    // etcd.go Register: a removed member moves its data away and starts over
    if (existsSync(f.tombstone)) {
      logger.info('tombstone file has been detected, removing data dir to rejoin the cluster');
      backupDirWithRetention(etcdDir, 5);
      mkdirSync(etcdDir, { recursive: true, mode: 0o700 });
      if (joinURL && tokenStr) rejoin = true;
      else mode = 'init';
    }
  } else if (mode === 'init') {
    logger.info('Managed etcd cluster initializing');
  } else if (mode === 'join') {
    try {
      joinCA = (await validateServer(joinURL!, tokenStr!)).ca;
    } catch (e) {
      throw prepareError(
        `failed to check if bootstrap data has been initialized: failed to validate token: ${(e as Error).message}`,
      );
    }
    logger.info('Managed etcd cluster not yet initialized');
    // compareConfig: GET /v1-k3s/config as node with the agent token (or the token)
    const agentTok = flags.str('agent-token') || tokenStr!;
    let agentCA: Buffer;
    try {
      agentCA = (await validateServer(joinURL!, agentTok)).ca;
    } catch (e) {
      throw prepareError(`failed to validate server configuration: ${(e as Error).message}`);
    }
    const cfgURL = new URL('/v1-k3s/config', joinURL).toString();
    try {
      const r = await request(cfgURL, { ca: agentCA, auth: { user: 'node', pass: parseToken(agentTok).password } });
      if (r.status !== 200) logger.warn(`Skipping cluster configuration validation: ${responseError(cfgURL, r)}`);
    } catch (e) {
      logger.warn(`Skipping cluster configuration validation: Get "${cfgURL}": ${(e as Error).message}`);
    }
    let b: Bootstrap;
    try {
      b = await httpBootstrap(joinCA);
    } catch (e) {
      throw prepareError((e as Error).message);
    }
    writeBootstrap(b);
  }

  let kv: EtcdClient;
  if (mode === 'external') {
    const eps = dsEndpoint!.split(',').map((s) => s.trim());
    for (const e of eps)
      if (!e.startsWith('http://'))
        throw new FatalError(`the k3s double supports only http:// etcd datastore endpoints, got ${e}`);
    kv = new EtcdClient(eps);
    // k3s keeps bootstrap data in the datastore under /bootstrap/<hash of token>
    const tpw = tokenStr ? stripToken(tokenStr) : undefined;
    const bkey = tpw ? `/bootstrap/${createHash('sha256').update(tpw).digest('hex').slice(0, 12)}` : undefined;
    const existing = bkey ? await kv.get(bkey) : undefined;
    if (existing) writeBootstrap(JSON.parse(existing) as Bootstrap);
  } else {
    kv = new EtcdClient([clientURL(ip)]);
  }

  // ---- CAs: custom ones placed in server/tls are used as they are, missing pairs generated
  await ensureCAs(tlsDir);

  // passwd: server password = --token, else existing, else random
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

  const bootstrapData = (): Bootstrap => ({
    files: Object.fromEntries(
      BOOTSTRAP_FILES.filter((rel) => existsSync(path.join(sd, rel))).map((rel) => [
        rel,
        readFileSync(path.join(sd, rel)).toString('base64'),
      ]),
    ),
  });
  if (mode === 'external' && tokenStr) {
    const bkey = `/bootstrap/${createHash('sha256').update(serverPass).digest('hex').slice(0, 12)}`;
    if ((await kv.get(bkey)) === undefined) await kv.put(bkey, JSON.stringify(bootstrapData()));
  }

  // token files (printTokens / WriteToken: token+"\n", 0600; node-token symlink)
  const caPem = readFileSync(f.serverCA);
  const caHash = hashCA(caPem);
  const tokenFile = path.join(sd, 'token');
  writeFile0600(tokenFile, `K10${caHash}::server:${serverPass}\n`);
  chmodSync(tokenFile, 0o600);
  symlinkForce(tokenFile, path.join(sd, 'node-token'));
  if (agentTokenFlag) writeFile0600(path.join(sd, 'agent-token'), `K10${caHash}::node:${nodePass}\n`);
  else symlinkForce(tokenFile, path.join(sd, 'agent-token'));
  logger.info(`Server node token is available at ${tokenFile}`);
  logger.info(`Agent node token is available at ${path.join(sd, 'agent-token')}`);

  // serving cert: every tls-san plus node-ip, advertise address, localhost, 127.0.0.1
  const externalIPs = flags
    .list('node-external-ip')
    .flatMap((s) => s.split(','))
    .filter(Boolean);
  const sans = [
    ...flags.list('tls-san').flatMap((s) => s.split(',')),
    ip,
    advIP,
    ...externalIPs,
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
  const kubeHost = nodeIpFlag ?? '127.0.0.1';
  writeKubeconfig(flags, kubeHost, port, caPem, readFileSync(adminCrt, 'utf8'), readFileSync(adminKey, 'utf8'));
  logger.info(`To join server node to cluster: k3s server -s https://${advIP}:${port} -t \${SERVER_NODE_TOKEN}`);
  logger.info(`To join agent node to cluster: k3s agent -s https://${advIP}:${port} -t \${AGENT_NODE_TOKEN}`);

  // ---- etcd
  let etcd: EtcdProcess | undefined;
  let memberName = existsSync(f.memberName) ? readFileSync(f.memberName, 'utf8').trim() : '';
  let removedFromCluster = false;
  const startEtcd = (initialCluster: string, state: 'new' | 'existing'): void => {
    etcd = new EtcdProcess({
      name: memberName,
      ip,
      alsoLocalhost: nodeIpFlag === undefined,
      dataDir: f.etcdData,
      logFile: path.join(dbDir, 'etcd.log'),
      initialCluster,
      state,
      onUnexpectedExit: (removed, code) => {
        if (removed) {
          removedFromCluster = true;
          writeFile0600(f.tombstone, '');
          logger.info('This node has been removed from the cluster - please restart k3s to rejoin the cluster');
          return;
        }
        // pkg/executor/embed/etcd.go: an etcd that fails to start is returned
        // as an error and one that exits later is `logrus.Fatalf("etcd exited: %v")`;
        // either way k3s exits 1 and its supervisor restarts it.
        logger.fatal(`etcd exited: exit status ${code ?? 'signal'}`);
        process.exit(1);
      },
    });
    etcd.start();
  };
  // setName(false): the name file keeps the member name; a new one is `<node>-<8 hex>`
  if (mode !== 'external' && !memberName) {
    memberName = `${name}-${randomBytes(4).toString('hex')}`;
    mkdirSync(etcdDir, { recursive: true, mode: 0o700 });
    writeFile0600(f.memberName, memberName);
  }
  if (mode === 'restart' && !rejoin) {
    logger.info('Starting etcd for existing cluster member');
    startEtcd(`${memberName}=${peerURL(ip)}`, 'new');
  } else if (mode === 'init' || mode === 'standin') {
    startEtcd(`${memberName}=${peerURL(ip)}`, 'new');
  } else if (mode === 'join' || rejoin) {
    if (!joinCA) {
      try {
        joinCA = (await validateServer(joinURL!, tokenStr!)).ca;
      } catch (e) {
        throw new DirectFatal(`etcd cluster join failed: ${(e as Error).message}`);
      }
    }
    await etcdJoin(joinCA, tokenStr!);
  }
  onShutdown(async () => {
    await etcd?.stop();
  });

  /** etcd.go join: member list from /db/info, duplicate-name check, MemberAddAsLearner, start. */
  async function etcdJoin(ca: Buffer, token: string): Promise<void> {
    const infoURL = new URL('/db/info', joinURL).toString();
    for (;;) {
      let members: Member[];
      try {
        const info = await request(infoURL, { ca, auth: serverAuth(token) });
        if (info.status !== 200) throw new Error(responseError(infoURL, info));
        members = (JSON.parse(info.body.toString()) as { members?: Partial<Member>[] }).members!.map((m) => ({
          ID: m.ID ?? '',
          name: m.name ?? '',
          peerURLs: m.peerURLs ?? [],
          clientURLs: m.clientURLs ?? [],
          ...(m.isLearner ? { isLearner: true } : {}),
        }));
      } catch (e) {
        logger.info(`Waiting to retrieve etcd cluster member list: ${(e as Error).message}`);
        await sleep(1000);
        continue;
      }
      let add = true;
      const cluster: string[] = [];
      for (const m of members) {
        for (const peer of m.peerURLs) {
          const host = new URL(peer).hostname;
          // an uninitialized joining member has no name; with our address it must be us
          if (m.name === '' && host === ip) m.name = memberName;
          if (m.name === memberName && host === ip) add = false;
          if (m.peerURLs.length > 0) cluster.push(`${m.name}=${m.peerURLs[0]}`);
        }
        const dash = m.name.lastIndexOf('-');
        const memberNodeName = dash > 1 ? m.name.slice(0, dash) : m.name;
        if (m.name !== memberName && memberNodeName === name) {
          try {
            unlinkSync(f.memberName);
          } catch (e) {
            logger.error(`Failed to remove etcd name file ${f.memberName}: ${(e as Error).message}`);
          }
          throw new DirectFatal(
            'etcd cluster join failed: duplicate node name found, please use a unique name for this node',
          );
        }
      }
      const clusterEndpoints = members.flatMap((m) => m.clientURLs);
      const client = new EtcdClient(clusterEndpoints, 20_000);
      let state: 'new' | 'existing' = 'existing';
      let addedID: string | undefined;
      if (add) {
        logger.info(`Adding member ${memberName}=${peerURL(ip)} to etcd cluster [${cluster.join(' ')}]`);
        try {
          addedID = (await client.memberAdd(peerURL(ip), true)).member.ID;
        } catch (e) {
          const msg = (e as Error).message;
          if (/too many learner|unhealthy cluster|not supported for learner/i.test(msg)) {
            logger.info(`Waiting for other members to finish joining etcd cluster: ${msg}`);
            await sleep(1000);
            continue;
          }
          throw new DirectFatal(`etcd cluster join failed: ${msg}`);
        }
        cluster.push(`${memberName}=${peerURL(ip)}`);
      } else if (cluster.length > 1) {
        logger.info(`Starting etcd to join cluster with members [${cluster.join(' ')}]`);
      } else {
        logger.info('Starting etcd for new cluster');
        state = 'new';
      }
      startEtcd([...new Set(cluster)].join(','), state);
      // manageLearners: promote once caught up
      void promoteLoop(client, addedID ?? members.find((m) => m.name === memberName)?.ID);
      return;
    }
  }

  async function promoteLoop(cluster: EtcdClient, id: string | undefined): Promise<void> {
    if (!id) return;
    for (let i = 0; i < 600; i++) {
      await sleep(1000);
      try {
        await cluster.memberPromote(id);
        logger.info(`Promoted etcd member ${memberName} from learner to voting member`);
        return;
      } catch (e) {
        const msg = String(e);
        if (msg.includes('not a learner') || msg.includes('member not found')) return;
        logger.debug(`promote: ${msg}`);
      }
    }
  }

  const registry = new Registry(kv);
  // pkg/daemons/control/server.go defaults(): APIServerPort = HTTPSPort + 1
  const apiServerPort = Number(flags.str('apiserver-port') ?? '0') || port + 1;
  const helm = new HelmController(registry, path.join(sd, 'manifests'), apiServerPort);

  async function ready(): Promise<boolean> {
    if (removedFromCluster) return false;
    if (etcd && !etcd.running) return false;
    return kv.healthy(2000);
  }

  const ctx: ApiContext = {
    flags,
    ip,
    port,
    kv,
    registry,
    files: {
      serverCA: f.serverCA,
      clientCA: f.clientCA,
      clientCAKey: f.clientCAKey,
      serverCAKey: f.serverCAKey,
      passwd: f.passwd,
    },
    etcdEnabled,
    flannelBackend,
    bootstrapData,
    ready,
    nodeChanged: () => void controllers(),
  };

  // ---- HTTPS (supervisor + apiserver on one port)
  const handler = createApiHandler(ctx);
  const srv = https.createServer(
    {
      key: serving.key,
      cert: serving.cert,
      ca: readFileSync(f.clientCA),
      requestCert: true,
      rejectUnauthorized: false,
    },
    handler,
  );
  await new Promise<void>((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(port, bindHost, () => resolve());
  });
  onShutdown(
    () =>
      new Promise<void>((resolve) => {
        srv.close(() => resolve());
        srv.closeAllConnections();
      }),
  );
  logger.info(`Running supervisor and kube-apiserver stand-in on https://${bindHost}:${port}`);

  // ---- readiness, own node, apiserver lease, controllers
  const hbMs = Math.max(200, Math.min(10_000, Math.floor(nodeGraceMs() / 4)));
  let upAndRunning = false;
  let registered = false;
  const heartbeat = async (): Promise<void> => {
    try {
      if (!upAndRunning) {
        if (!(await ready())) return;
        // ETCDReadyChan, then APIServerReadyChan (pkg/cli/server/server.go run)
        logger.info('ETCD server is now running');
        logger.info('Kube API server is now running');
        logger.info('k3s is up and running');
        upAndRunning = true;
        void notifyReady();
      }
      await registry.renewApiserverLease(advIP, advPort);
      if (!registered) {
        try {
          await registry.ensureNodePassword(name, nodePw);
        } catch (e) {
          if (e instanceof PasswordError) {
            logger.error(`Failed to register node: ${passwordRejected(nodePwFile)}`);
            return;
          }
          throw e;
        }
        await registry.ensureNode({
          name,
          ip,
          externalIP: flags.list('node-external-ip').flatMap((s) => s.split(','))[0],
          server: true,
          etcd: etcdEnabled,
          labels: flags.list('node-label'),
          taints: flags.list('node-taint'),
          flannelBackend,
          managedEtcd: etcdEnabled,
          ...(etcdEnabled ? { etcdMemberName: memberName } : {}),
        });
        registered = true;
        logger.info(`Annotations and labels have been set successfully on node: ${name}`);
      }
      await registry.renewLease(name);
      logger.debug(`renewed lease of ${name}`);
    } catch (e) {
      logger.debug(`heartbeat failed: ${String(e)}`);
    }
  };
  let hbTimer: NodeJS.Timeout | undefined;
  let stopped = false;
  const loop = (): void => {
    // never let one stuck heartbeat stop the loop; retry quickly until registered
    void Promise.race([heartbeat(), sleep(5000)]).finally(() => {
      if (!stopped) hbTimer = setTimeout(loop, registered ? hbMs : Math.min(hbMs, 250));
    });
  };
  loop();

  // controllers: the deploy controller on every server; helm-controller and node removal leader-elected
  const me = `${name}/${process.pid}`;
  let ctlBusy = false;
  async function controllers(): Promise<void> {
    if (ctlBusy || !upAndRunning) return;
    ctlBusy = true;
    try {
      await helm.deployTick();
      if (!(await kv.lead('/k3s-double/controller-leader', me, 3000))) return;
      await nodeRemoval();
      await helm.tick();
    } catch (e) {
      logger.debug(`controllers: ${String(e)}`);
    } finally {
      ctlBusy = false;
    }
  }
  let ctlTimer: NodeJS.Timeout | undefined;
  const ctlLoop = (): void => {
    void Promise.race([controllers(), sleep(5000)]).finally(() => {
      if (!stopped) ctlTimer = setTimeout(ctlLoop, 500);
    });
  };
  ctlLoop();
  onShutdown(() => {
    stopped = true;
    if (hbTimer) clearTimeout(hbTimer);
    if (ctlTimer) clearTimeout(ctlTimer);
    return Promise.resolve();
  });

  /**
   * Finalizers of a deleted Node: managed-etcd-controller onRemove (member
   * removal, pkg/etcd/member_controller.go) and the node controller's onRemove
   * (password secret, pkg/node/controller.go); the object goes once none is left.
   */
  // failed removals are requeued with a growing delay, like a workqueue's rate limiter
  const requeue = new Map<string, { failures: number; next: number }>();
  async function nodeRemoval(): Promise<void> {
    for (const node of (await registry.listNodes()).items) {
      if (!node.metadata.deletionTimestamp) continue;
      const nn = node.metadata.name;
      const rq = requeue.get(nn);
      if (rq && Date.now() < rq.next) continue;
      let fin = node.metadata.finalizers ?? [];
      if (fin.includes(ETCD_FINALIZER)) {
        try {
          await removeEtcdMember(node.metadata.labels, node.metadata.annotations, nn);
          requeue.delete(nn);
          fin = fin.filter((x) => x !== ETCD_FINALIZER);
          node.metadata.finalizers = fin;
          await registry.putNode(node);
        } catch (e) {
          logger.error(`error syncing '${nn}': handler managed-etcd-controller: ${(e as Error).message}, requeuing`);
          const failures = (rq?.failures ?? 0) + 1;
          requeue.set(nn, { failures, next: Date.now() + Math.min(300_000, 250 * 2 ** failures) });
          continue;
        }
      }
      if (fin.includes(NODE_FINALIZER)) {
        try {
          await registry.deleteNodePassword(nn);
        } catch (e) {
          logger.warn(`Unable to remove node password: ${(e as Error).message}`);
        }
        fin = fin.filter((x) => x !== NODE_FINALIZER);
        node.metadata.finalizers = fin;
        await registry.putNode(node);
      }
      if (fin.length === 0) await registry.removeNodeObject(nn);
    }
  }

  async function removeEtcdMember(
    labels: Record<string, string>,
    annotations: Record<string, string>,
    nn: string,
  ): Promise<void> {
    if (labels['node-role.kubernetes.io/etcd'] !== 'true') return;
    if (annotations['etcd.k3s.cattle.io/removed-node-name']) return;
    const member = annotations['etcd.k3s.cattle.io/node-name'];
    const address = annotations['etcd.k3s.cattle.io/node-address'];
    if (!member) throw new Error(`node name annotation for node ${nn} not found`);
    if (!address) throw new Error(`node address annotation for node ${nn} not found`);
    logger.info('Removing etcd member from cluster due to node delete', { address, name: member });
    // RemovePeer: by name and peer URL host; member not found counts as done
    for (const m of await kv.members()) {
      if (m.name !== member || !m.peerURLs.some((u) => new URL(u).hostname === address)) continue;
      logger.info(`Removing name=${m.name} id=${m.ID} address=${address} from etcd`);
      try {
        await kv.memberRemove(m.ID);
      } catch (e) {
        if (/member not found/i.test((e as Error).message)) return;
        throw new Error(((e as Error).message.match(/etcdserver: .*/)?.[0] ?? (e as Error).message).trim(), {
          cause: e,
        });
      }
    }
  }
}

/**
 * writeKubeConfig: names `default`, CA/cert/key embedded.
 * DEVIATION: with --node-ip the server URL is https://<node-ip>:<port>, not
 * https://127.0.0.1:6443, because many servers share one machine, each on its own loopback address.
 */
function writeKubeconfig(flags: Flags, host: string, port: number, caPem: Buffer, cert: string, key: string): void {
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
      { name, cluster: { 'certificate-authority-data': caPem.toString('base64'), server: `https://${host}:${port}` } },
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
