/**
 * Names under which formation keeps secrets and facts: the associated data
 * of sealed secrets (stable across node replacement) and meta keys.
 */

/** Sealed-secret contexts (associated data). */
export const secretContext = {
  serverToken: (clusterId: string) => `clusters/${clusterId}/server_token`,
  agentToken: (clusterId: string) => `clusters/${clusterId}/agent_token`,
  kubeconfig: (clusterId: string) => `clusters/${clusterId}/kubeconfig`,
  nodePassword: (clusterId: string, nodeName: string) => `clusters/${clusterId}/nodes/${nodeName}/password`,
  datastoreEndpoint: (clusterId: string) => `clusters/${clusterId}/datastore_endpoint`,
};

/** Meta key of a cluster's sealed external datastore endpoint. */
export const datastoreMetaKey = (clusterId: string): string => `datastore_endpoint/${clusterId}`;

/** Meta key of an outstanding kubeconfig request (emptied once answered). */
export const kubeconfigRequestKey = (requestId: string): string => `kubeconfig_request/${requestId}`;
