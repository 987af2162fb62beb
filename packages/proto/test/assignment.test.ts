import { describe, expect, it } from 'vitest';
import {
  buildAssignment,
  newBoxKeyPair,
  newSigningKeyPair,
  openAssignment,
  ProtocolError,
  type AssignmentSpec,
} from '../src/index.js';

const spec: AssignmentSpec = {
  nodeId: 'n1',
  clusterId: 'c1',
  clusterName: 'demo',
  epoch: 3,
  generation: 2,
  role: 'server-init',
  nodeName: 'node-a',
  serverUrl: '',
  k3sVersion: 'v1.33.4+k3s1',
  tlsSans: ['10.0.0.1'],
  nodeLabels: ['a=b'],
  nodeTaints: [],
  flannelBackend: 'vxlan',
  disable: ['traefik'],
  secretsEncryption: true,
  nodeIp: '127.0.0.2',
  nodeExternalIp: '',
  flannelIface: '',
  manifests: [{ name: 'k3sgrid-x.yaml', content: 'a: b\n' }],
  lb: null,
  datastoreEndpoint: '',
  k3sRelease: { version: 'v1.33.4+k3s1', arch: 'amd64', sha256: 'a'.repeat(64), size: 1234, images: null },
  advertiseAddress: '127.0.0.2',
  nodePrep: { modules: ['iscsi_tcp'], services: ['iscsid'], reason: 'storage longhorn' },
  disableNetworkPolicy: false,
};
const secrets = { token: 'K10abc::server:pw', nodePassword: 'f'.repeat(32), datastoreCredentials: '', agentToken: '' };

describe('signed, sealed assignments', () => {
  it('round-trips and keeps secrets out of the clear bytes', async () => {
    const coord = await newSigningKeyPair();
    const node = await newBoxKeyPair();
    const a = await buildAssignment(spec, secrets, node.publicKey, coord.privateKey);
    expect(Buffer.from(a.body).includes(Buffer.from(secrets.nodePassword))).toBe(false);
    expect(Buffer.from(a.body).includes(Buffer.from('server:pw'))).toBe(false);
    const opened = await openAssignment(a, coord.publicKey, node);
    expect(opened.spec).toEqual(spec);
    expect(opened.secrets).toEqual(secrets);
  });

  it("refuses a forged signature, a tampered body and another node's key", async () => {
    const coord = await newSigningKeyPair();
    const other = await newSigningKeyPair();
    const node = await newBoxKeyPair();
    const stranger = await newBoxKeyPair();
    const a = await buildAssignment(spec, secrets, node.publicKey, coord.privateKey);
    await expect(openAssignment(a, other.publicKey, node)).rejects.toMatchObject({ code: 'signature-invalid' });
    const body = Buffer.from(a.body);
    body[5] = (body[5] ?? 0) ^ 0xff;
    await expect(openAssignment({ body, signature: a.signature }, coord.publicKey, node)).rejects.toBeInstanceOf(
      ProtocolError,
    );
    await expect(openAssignment(a, coord.publicKey, stranger)).rejects.toMatchObject({ code: 'seal-invalid' });
  });
});
