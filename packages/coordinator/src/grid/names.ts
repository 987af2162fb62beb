/**
 * Names the grid accepts, derived from a cluster name. Pure.
 *
 * Limits, as read in the sources:
 * - ZOS workload names (the network, each VM, each disk, the gateway name):
 *   at most 36 characters of `[a-zA-Z0-9_]` (threefoldtech/zosbase
 *   pkg/gridtypes/id.go IsValidName, "max virtio fs tag length is 36");
 *   the Go grid client repeats the check for the deployment name too
 *   (threefoldtech/tfgrid-sdk-go grid-client/workloads/deployment.go
 *   validateName, commit 10e7b390).
 * - Cluster names are DNS labels of up to 63 characters (api/schemas.ts), so
 *   `k3sgrid<cluster>` can exceed 36 and must be shortened.
 * - The node hostname (`K3SGRID_HOSTNAME`, the k3s node name) is a DNS label:
 *   at most 63 characters.
 */
import { createHash } from 'node:crypto';

/** ZOS workload name limit (zosbase pkg/gridtypes/id.go). */
export const GRID_NAME_MAX = 36;
/** DNS label limit for node hostnames. */
export const HOSTNAME_MAX = 63;
/** What ZOS and the provider accept in a workload name. */
export const GRID_NAME_PATTERN = /^[a-zA-Z0-9_]+$/;

const HASH_LEN = 6;

/** Six hex digits of the sha256 of `s`: keeps shortened names distinct and stable. */
function shortHash(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, HASH_LEN);
}

/**
 * `prefix + middle + suffix`, shortened to `max` characters when needed by
 * cutting `middle` and appending a hash of the full `middle`, so two long
 * cluster names that share a prefix still get different names.
 */
export function fitName(prefix: string, middle: string, suffix: string, max: number): string {
  const whole = `${prefix}${middle}${suffix}`;
  if (whole.length <= max) return whole;
  const keep = max - prefix.length - suffix.length - HASH_LEN;
  if (keep < 0) throw new RangeError(`cannot fit ${prefix}…${suffix} into ${max} characters`);
  return `${prefix}${middle.slice(0, keep)}${shortHash(middle)}${suffix}`;
}

/** Letters and digits of a cluster name, lower-cased (grid names allow no dashes). */
export function clusterAlnum(cluster: string): string {
  return cluster.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
}

/** The grid network's name: `k3sgrid<cluster>`, at most 36 characters, letters and digits only. */
export function networkNameFor(cluster: string): string {
  return fitName('k3sgrid', clusterAlnum(cluster), '', GRID_NAME_MAX);
}

/** A deployment's name: the network name and the VM name, at most 36 characters. */
export function deploymentNameFor(networkName: string, vmName: string): string {
  return fitName('', networkName, vmName, GRID_NAME_MAX);
}

/** The node hostname: `<cluster>-<vm>`, a DNS label of at most 63 characters. */
export function hostnameFor(cluster: string, vmName: string): string {
  const label = cluster.toLowerCase().replace(/[^a-z0-9-]/g, '');
  return fitName('', label, `-${vmName}`, HOSTNAME_MAX);
}
