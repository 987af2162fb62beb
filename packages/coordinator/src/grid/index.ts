/**
 * Reservation path: Terraform for the ThreeFold Grid, a JSON model for the
 * grid's TypeScript client, and cloud-init user-data for any other cloud.
 */
export * from './model.js';
export * from './names.js';
export * from './plan-record.js';
export * from './terraform.js';
export * from './ts-client.js';
export * from './cloud-init.js';
export * from './storage-class.js';
