/**
 * The StorageClass each storage option of the planner gives a cluster, as the
 * option's own chart names it (see planner/k3s.ts storageManifests):
 * k3s's packaged local-path provisioner, the longhorn chart's default class,
 * the rook-ceph-cluster chart's RBD class, and the nfs provisioner's class
 * set by k3sgrid. Workloads (examples/) claim volumes from this class.
 */
import type { StorageOption } from '../planner/catalog.js';

/** StorageClass name per storage option. */
export const STORAGE_CLASS_BY_OPTION: Readonly<Record<StorageOption, string>> = {
  'local-path': 'local-path',
  longhorn: 'longhorn',
  'rook-ceph': 'ceph-block',
  nfs: 'nfs',
};

/** The StorageClass to claim volumes from, for the plan's storage choice. */
export function storageClassFor(choice: StorageOption): string {
  return STORAGE_CLASS_BY_OPTION[choice];
}
