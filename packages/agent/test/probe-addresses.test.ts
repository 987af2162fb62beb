/**
 * The address list the probe reports (the coordinator takes the first as the
 * node's k3s node-ip): never loopback, link-local or an address k3s or a CNI
 * put on the node; an operator's --node-ip always first.
 */
import { describe, expect, it } from 'vitest';
import {
  type InterfaceAddress,
  addressesFromInterfaces,
  defaultRouteInterfaces,
  flattenInterfaces,
  isExcludedAddress,
  probeCapabilities,
  reportedAddresses,
} from '../src/probe/index.js';

const v4 = (iface: string, address: string, internal = false): InterfaceAddress => ({
  iface,
  address,
  family: 'IPv4',
  internal,
});
const v6 = (iface: string, address: string): InterfaceAddress => ({ iface, address, family: 'IPv6', internal: false });

/** A worker that ran k3s before (flannel vxlan), with docker, calico and cilium leftovers. */
const reinstalledNode: InterfaceAddress[] = [
  v4('lo', '127.0.0.1', true),
  v6('lo', '::1'),
  v4('cni0', '10.42.1.1'),
  v4('flannel.1', '10.42.1.0'),
  v4('flannel-wg', '10.42.1.0'),
  v4('cali12ab34cd', '169.254.1.1'),
  v4('vxlan.calico', '192.168.77.0'),
  v4('tunl0', '192.168.88.1'),
  v4('cilium_host', '10.0.5.33'),
  v4('kube-ipvs0', '10.43.0.1'),
  v4('docker0', '172.17.0.1'),
  v6('veth1234abcd', 'fe80::1c2d:3eff:fe4f:5a6b'),
  v4('ens4', '169.254.10.20'),
  v6('ens3', 'fe80::5054:ff:fe12:3456'),
  v6('ens3', '2a02:1802:5e::1'),
  v4('wg0', '10.20.3.4'),
  v4('ens3', '185.206.122.40'),
  v4('eth9', '10.42.7.7'), // k3s's default cluster-cidr, whatever the interface
  v4('eth9', '10.43.0.10'), // default service-cidr
];

describe('address choice', () => {
  it('leaves out loopback, link-local, CNI interfaces and the k3s default ranges', () => {
    expect(addressesFromInterfaces(reinstalledNode)).toEqual(['10.20.3.4', '185.206.122.40', '2a02:1802:5e::1']);
  });

  it('puts the default-route interface first, then IPv4 before IPv6', () => {
    const routes = [
      'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT',
      'wg0\t00031410\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0',
      'ens3\t00000000\t01CECEB9\t0003\t0\t0\t0\t00000000\t0\t0\t0',
      'cni0\t00012A0A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0',
    ].join('\n');
    expect(defaultRouteInterfaces(routes)).toEqual(['ens3']);
    expect(addressesFromInterfaces(reinstalledNode, defaultRouteInterfaces(routes))).toEqual([
      '185.206.122.40',
      '2a02:1802:5e::1',
      '10.20.3.4',
    ]);
  });

  it('classifies single addresses', () => {
    for (const a of ['127.0.0.53', '169.254.169.254', 'fe80::1', 'FE80::1%eth0', '::1', '10.42.0.1', '10.43.255.1'])
      expect(isExcludedAddress(a), a).toBe(true);
    for (const a of ['10.41.0.1', '10.44.0.1', '192.168.1.5', '2001:db8::5', 'fd00::1'])
      expect(isExcludedAddress(a), a).toBe(false);
  });

  it('flattens os.networkInterfaces() output', () => {
    expect(
      flattenInterfaces({
        lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }],
        ens3: [
          { address: '10.1.0.5', family: 'IPv4', internal: false },
          { address: '2001:db8::5', family: 6, internal: false },
        ],
      }),
    ).toEqual([v4('lo', '127.0.0.1', true), v4('ens3', '10.1.0.5'), v6('ens3', '2001:db8::5')]);
  });

  it('an operator-given node IP is reported first and never replaced, even inside a default range', () => {
    const probed = addressesFromInterfaces(reinstalledNode);
    expect(reportedAddresses(probed, '10.42.9.9')[0]).toBe('10.42.9.9');
    expect(reportedAddresses(probed, '185.206.122.40')).toEqual(['185.206.122.40', '10.20.3.4', '2a02:1802:5e::1']);
    expect(reportedAddresses(probed, undefined)).toEqual(probed);
  });

  it('the probe reports the live facts it is given in that order', async () => {
    const r = await probeCapabilities({
      root: '/',
      env: {},
      live: true,
      liveFacts: () =>
        Promise.resolve({
          cpuCount: 2,
          memoryBytes: 1,
          disks: [],
          addresses: addressesFromInterfaces(reinstalledNode, ['ens3']),
          hostname: 'w1',
          arch: 'x86_64',
        }),
    });
    expect(r.addresses[0]).toBe('185.206.122.40');
    expect(r.addresses.some((a) => a.startsWith('10.42.') || a.startsWith('169.254.'))).toBe(false);
  });
});
