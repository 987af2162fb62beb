// Helpers for tests that use the k3s test double.
import { fileURLToPath } from 'node:url';

export { caHashOfPem } from './certs.js';

/** Absolute path of the executable that stands in for `k3s`. */
export const k3sDoublePath: string = fileURLToPath(new URL('./k3s', import.meta.url));
