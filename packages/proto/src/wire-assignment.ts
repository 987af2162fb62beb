/**
 * Assignment on the wire: the coordinator encodes an `AssignmentBody` (with
 * the secrets sealed to the node), signs the bytes, and stores them before the
 * first send so every re-send is byte-identical. The agent verifies the
 * signature with the coordinator key it learned over the pinned channel, then
 * opens the secrets with its own X25519 key.
 */
import { k3sgrid } from '@k3sgrid/proto/gen';
import {
  K3S_ARCHES,
  ROLES,
  type AssignmentSecrets,
  type AssignmentSpec,
  type K3sArch,
  type K3sReleaseRef,
  type NodePrep,
  type Role,
} from './assignment.js';
import { ProtocolError } from './errors.js';
import { openSealed, seal, sign, verify, type KeyPair } from './sodium.js';
import { assignmentTranscript } from './transcript.js';

/** A signed assignment, ready to send (and to store). */
export interface SignedAssignment {
  body: Uint8Array;
  signature: Uint8Array;
}

/** Seals the secrets to the node, encodes and signs the body. */
export async function buildAssignment(
  spec: AssignmentSpec,
  secrets: AssignmentSecrets,
  nodeBoxPub: Uint8Array,
  coordinatorSignKey: Uint8Array,
): Promise<SignedAssignment> {
  const secretBytes = k3sgrid.v1.AssignmentSecrets.encode(k3sgrid.v1.AssignmentSecrets.create({ ...secrets })).finish();
  const sealedSecrets = await seal(secretBytes, nodeBoxPub);
  const body = k3sgrid.v1.AssignmentBody.encode(
    k3sgrid.v1.AssignmentBody.create({
      ...spec,
      manifests: spec.manifests.map((m) => ({ ...m })),
      lb: spec.lb ? { bind: spec.lb.bind, backends: [...spec.lb.backends] } : null,
      k3sRelease: spec.k3sRelease
        ? {
            version: spec.k3sRelease.version,
            arch: spec.k3sRelease.arch,
            sha256: spec.k3sRelease.sha256,
            size: spec.k3sRelease.size,
            imagesName: spec.k3sRelease.images?.name ?? '',
            imagesSha256: spec.k3sRelease.images?.sha256 ?? '',
            imagesSize: spec.k3sRelease.images?.size ?? 0,
          }
        : null,
      nodePrep: {
        modules: [...spec.nodePrep.modules],
        services: [...spec.nodePrep.services],
        reason: spec.nodePrep.reason,
      },
      sealedSecrets,
    }),
  ).finish();
  const signature = await sign(assignmentTranscript(body), coordinatorSignKey);
  return { body, signature };
}

/** Verifies, decodes and opens an assignment; throws a {@link ProtocolError} on any failure. */
export async function openAssignment(
  a: SignedAssignment,
  coordinatorSignPub: Uint8Array,
  nodeBoxKeys: KeyPair,
): Promise<{ spec: AssignmentSpec; secrets: AssignmentSecrets }> {
  if (!(await verify(a.signature, assignmentTranscript(a.body), coordinatorSignPub))) {
    throw new ProtocolError('signature-invalid', 'assignment signature does not verify with the coordinator key');
  }
  let b: k3sgrid.v1.AssignmentBody;
  let s: k3sgrid.v1.AssignmentSecrets;
  try {
    b = k3sgrid.v1.AssignmentBody.decode(a.body);
    s = k3sgrid.v1.AssignmentSecrets.decode(await openSealed(b.sealedSecrets, nodeBoxKeys));
  } catch (err) {
    if (err instanceof ProtocolError) throw err;
    throw new ProtocolError('decode-failed', 'assignment body is not valid', { cause: err });
  }
  if (!(ROLES as readonly string[]).includes(b.role))
    throw new ProtocolError('decode-failed', `unknown role ${b.role}`);
  const spec: AssignmentSpec = {
    nodeId: b.nodeId,
    clusterId: b.clusterId,
    clusterName: b.clusterName,
    epoch: b.epoch,
    generation: b.generation,
    role: b.role as Role,
    nodeName: b.nodeName,
    serverUrl: b.serverUrl,
    k3sVersion: b.k3sVersion,
    tlsSans: [...b.tlsSans],
    nodeLabels: [...b.nodeLabels],
    nodeTaints: [...b.nodeTaints],
    flannelBackend: b.flannelBackend,
    disable: [...b.disable],
    secretsEncryption: b.secretsEncryption,
    nodeIp: b.nodeIp,
    nodeExternalIp: b.nodeExternalIp,
    flannelIface: b.flannelIface,
    manifests: b.manifests.map((m) => ({ name: m.name ?? '', content: m.content ?? '' })),
    lb: b.lb ? { bind: b.lb.bind ?? '', backends: [...(b.lb.backends ?? [])] } : null,
    datastoreEndpoint: b.datastoreEndpoint,
    k3sRelease: releaseFromWire(b.k3sRelease),
    advertiseAddress: b.advertiseAddress,
    nodePrep: prepFromWire(b.nodePrep),
    disableNetworkPolicy: b.disableNetworkPolicy,
  };
  return {
    spec,
    secrets: {
      token: s.token,
      nodePassword: s.nodePassword,
      datastoreCredentials: s.datastoreCredentials,
      agentToken: s.agentToken,
    },
  };
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** A release as the agent may use it; a malformed one is refused like any bad body. */
function releaseFromWire(r: k3sgrid.v1.K3sRelease.$Properties | null | undefined): K3sReleaseRef | null {
  if (!r) return null;
  const arch = r.arch ?? '';
  if (!(K3S_ARCHES as readonly string[]).includes(arch))
    throw new ProtocolError('decode-failed', `k3s release for unknown arch ${JSON.stringify(arch)}`);
  if (!SHA256_HEX.test(r.sha256 ?? ''))
    throw new ProtocolError('decode-failed', 'k3s release sha256 is not 64 hex digits');
  const images =
    r.imagesName !== undefined && r.imagesName !== null && r.imagesName !== ''
      ? { name: r.imagesName, sha256: r.imagesSha256 ?? '', size: r.imagesSize ?? 0 }
      : null;
  if (images && (!SHA256_HEX.test(images.sha256) || !/^[A-Za-z0-9._+-]+$/.test(images.name)))
    throw new ProtocolError('decode-failed', 'k3s release images name or sha256 is malformed');
  return {
    version: r.version ?? '',
    arch: arch as K3sArch,
    sha256: r.sha256 ?? '',
    size: r.size ?? 0,
    images,
  };
}

/** Module and service names are plain words: nothing a shell or systemctl could read as an option or a path. */
const PREP_NAME = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/;

function prepFromWire(p: k3sgrid.v1.NodePrep.$Properties | null | undefined): NodePrep {
  const modules = [...(p?.modules ?? [])];
  const services = [...(p?.services ?? [])];
  for (const n of [...modules, ...services])
    if (!PREP_NAME.test(n))
      throw new ProtocolError('decode-failed', `node preparation name ${JSON.stringify(n)} is not allowed`);
  return { modules, services, reason: p?.reason ?? '' };
}
