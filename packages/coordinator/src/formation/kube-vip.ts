/**
 * The kube-vip manifest for registration mode `vip`: a DaemonSet on the
 * control-plane nodes announcing the virtual IP by ARP (so layer-2 networks
 * only; the grid's routed WireGuard networks need mode `lb`), with its RBAC.
 * k3s deploys it from the first server's manifests folder; the VIP is in
 * every server's tls-san, as kube-vip's k3s guide prescribes.
 */
import { stringify } from 'yaml';
import type { ManifestFile } from '@k3sgrid/proto';

/** Pinned kube-vip image. */
export const KUBE_VIP_IMAGE = 'ghcr.io/kube-vip/kube-vip:v0.8.9';

export function kubeVipManifest(address: string, opts: { interface?: string; image?: string } = {}): ManifestFile {
  const name = 'kube-vip';
  const labels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/managed-by': 'k3sgrid' };
  const env: Array<{ name: string; value: string }> = [
    { name: 'vip_arp', value: 'true' },
    { name: 'port', value: '6443' },
    { name: 'address', value: address },
    { name: 'cp_enable', value: 'true' },
    { name: 'vip_leaderelection', value: 'true' },
    { name: 'vip_leaseduration', value: '5' },
    { name: 'vip_renewdeadline', value: '3' },
    { name: 'vip_retryperiod', value: '1' },
    ...(opts.interface ? [{ name: 'vip_interface', value: opts.interface }] : []),
  ];
  const docs = [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: 'kube-system', labels } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'system:kube-vip-role', labels },
      rules: [
        { apiGroups: [''], resources: ['services/status'], verbs: ['update'] },
        { apiGroups: [''], resources: ['services', 'endpoints'], verbs: ['list', 'get', 'watch', 'update'] },
        { apiGroups: [''], resources: ['nodes'], verbs: ['list', 'get', 'watch', 'update', 'patch'] },
        {
          apiGroups: ['coordination.k8s.io'],
          resources: ['leases'],
          verbs: ['list', 'get', 'watch', 'update', 'create'],
        },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'get', 'watch', 'update'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'system:kube-vip-binding', labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:kube-vip-role' },
      subjects: [{ kind: 'ServiceAccount', name, namespace: 'kube-system' }],
    },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name, namespace: 'kube-system', labels },
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/name': name } },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: name,
            hostNetwork: true,
            // k3s labels its servers node-role.kubernetes.io/control-plane=true.
            nodeSelector: { 'node-role.kubernetes.io/control-plane': 'true' },
            tolerations: [
              { effect: 'NoSchedule', operator: 'Exists' },
              { effect: 'NoExecute', operator: 'Exists' },
            ],
            containers: [
              {
                name,
                image: opts.image ?? KUBE_VIP_IMAGE,
                args: ['manager'],
                env,
                securityContext: { capabilities: { add: ['NET_ADMIN', 'NET_RAW'] } },
                resources: { requests: { cpu: '10m', memory: '32Mi' } },
              },
            ],
          },
        },
      },
    },
  ];
  return { name: 'k3sgrid-kube-vip.yaml', content: docs.map((d) => stringify(d)).join('---\n') };
}
