/**
 * fast-check arbitraries for every message of the k3sgrid.v1 protocol, as
 * plain property objects (what `create`/`encode` take).
 */
import fc from 'fast-check';
import type { OutBody } from '@k3sgrid/proto';

/** Strings that survive UTF-8 (no lone surrogates). */
export const str = (maxLength = 40): fc.Arbitrary<string> =>
  fc.string({ unit: 'binary', maxLength }).filter((s) => Buffer.from(s, 'utf8').toString('utf8') === s);
export const bytes = (maxLength = 64): fc.Arbitrary<Uint8Array> => fc.uint8Array({ maxLength });
export const u32 = fc.integer({ min: 0, max: 0xffffffff });
/** uint64 fields decode as plain numbers: every value we use stays below 2^53. */
export const u64 = fc.maxSafeNat();
const rep = <T>(a: fc.Arbitrary<T>, maxLength = 5): fc.Arbitrary<T[]> => fc.array(a, { maxLength });

export const moduleState = fc.record({ name: str(), configSymbol: str(), state: str(), sourceFile: str() });
export const toolState = fc.record({ name: str(), present: fc.boolean(), path: str() });
export const diskInfo = fc.record({ name: str(), sizeBytes: u64, unused: fc.boolean(), type: str() });
export const capabilityReport = fc.record({
  kernelRelease: str(),
  modules: rep(moduleState),
  tools: rep(toolState),
  initSystem: str(),
  cgroupVersion: u32,
  cpuCount: u32,
  memoryBytes: u64,
  disks: rep(diskInfo),
  addresses: rep(str()),
  gridFarmId: str(),
  gridNodeId: str(),
  publicIp: str(),
  arch: str(),
  hostname: str(),
  kernelConfigSource: str(),
});
export const serverHello = fc.record({ sessionId: bytes(), serverNonce: bytes(), serverTimeMs: u64 });
export const enrollRequest = fc.record({
  clientNonce: bytes(),
  tokenId: str(),
  nodeSignPub: bytes(),
  nodeBoxPub: bytes(),
  hostname: str(),
  report: capabilityReport,
  mac: bytes(),
  signature: bytes(),
  agentVersion: str(),
});
export const authRequest = fc.record({
  clientNonce: bytes(),
  nodeSignPub: bytes(),
  report: capabilityReport,
  signature: bytes(),
  agentVersion: str(),
  hostname: str(),
});
export const welcome = fc.record({
  nodeId: str(),
  nodeName: str(),
  clusterId: str(),
  heartbeatIntervalMs: u32,
  coordinatorSignPub: bytes(),
  signature: bytes(),
  coordinatorBoxPub: bytes(),
});
export const heartbeat = fc.record({ agentTimeMs: u64, phase: str(), appliedEpoch: u64, appliedGeneration: u64 });
export const assignment = fc.record({ body: bytes(256), signature: bytes() });
export const manifest = fc.record({ name: str(), content: str(200) });
export const lbConfig = fc.record({ bind: str(), backends: rep(str()) });
export const assignmentBody = fc.record({
  nodeId: str(),
  clusterId: str(),
  epoch: u64,
  generation: u64,
  role: str(),
  nodeName: str(),
  serverUrl: str(),
  k3sVersion: str(),
  tlsSans: rep(str()),
  nodeLabels: rep(str()),
  nodeTaints: rep(str()),
  flannelBackend: str(),
  disable: rep(str()),
  secretsEncryption: fc.boolean(),
  nodeIp: str(),
  nodeExternalIp: str(),
  flannelIface: str(),
  manifests: rep(manifest),
  lb: lbConfig,
  sealedSecrets: bytes(),
  clusterName: str(),
  datastoreEndpoint: str(),
});
export const assignmentSecrets = fc.record({
  token: str(),
  nodePassword: str(),
  datastoreCredentials: str(),
  agentToken: str(),
});
export const ack = fc.record({ epoch: u64, generation: u64, accepted: fc.boolean(), reason: str() });
export const statusUpdate = fc.record({
  phase: str(),
  message: str(),
  logTail: rep(str()),
  caHash: str(),
  epoch: u64,
  generation: u64,
});
export const kubeconfigRequest = fc.record({ requestId: str() });
export const kubeconfigUpload = fc.record({ requestId: str(), sealed: bytes(), error: str() });
export const error = fc.record({ code: str(), message: str(), permanent: fc.boolean() });

/** Every Envelope body kind with its arbitrary. */
export const body: fc.Arbitrary<OutBody> = fc.oneof(
  serverHello.map((value) => ({ kind: 'serverHello' as const, value })),
  enrollRequest.map((value) => ({ kind: 'enrollRequest' as const, value })),
  authRequest.map((value) => ({ kind: 'authRequest' as const, value })),
  welcome.map((value) => ({ kind: 'welcome' as const, value })),
  heartbeat.map((value) => ({ kind: 'heartbeat' as const, value })),
  capabilityReport.map((value) => ({ kind: 'capabilityReport' as const, value })),
  assignment.map((value) => ({ kind: 'assignment' as const, value })),
  ack.map((value) => ({ kind: 'ack' as const, value })),
  error.map((value) => ({ kind: 'error' as const, value })),
  statusUpdate.map((value) => ({ kind: 'statusUpdate' as const, value })),
  kubeconfigRequest.map((value) => ({ kind: 'kubeconfigRequest' as const, value })),
  kubeconfigUpload.map((value) => ({ kind: 'kubeconfigUpload' as const, value })),
);

/** Byte-level mutations of a valid frame: flips, truncation, insertion, deletion, duplication, splicing. */
export const mutation = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat(7) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), data: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 8 }) }),
  fc.record({
    op: fc.constant('set' as const),
    at: fc.nat(),
    value: fc.constantFrom(0x00, 0x7f, 0x80, 0xff, 0x0b, 0x0c, 0x0a),
  }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 16 }) }),
);
export type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

export function mutate(frame: Uint8Array, muts: readonly Mutation[]): Uint8Array {
  let b = Buffer.from(frame);
  for (const m of muts) {
    const at = b.length === 0 ? 0 : m.at % b.length;
    switch (m.op) {
      case 'flip':
        if (b.length > 0) b[at] = b[at]! ^ (1 << m.bit);
        break;
      case 'truncate':
        b = b.subarray(0, at);
        break;
      case 'insert':
        b = Buffer.concat([b.subarray(0, at), m.data, b.subarray(at)]);
        break;
      case 'delete':
        b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.n)]);
        break;
      case 'set':
        if (b.length > 0) b[at] = m.value;
        break;
      case 'duplicate':
        b = Buffer.concat([b.subarray(0, at + m.n), b.subarray(at)]);
        break;
    }
  }
  return b;
}
