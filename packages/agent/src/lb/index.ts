/** The registration load balancer: HAProxy in TCP mode over every k3s server's 6443. */
export * from './errors.js';
export * from './render.js';
export * from './runner.js';
