/** The throwaway PostgreSQL cluster lives with the lab (scripts/lib/postgres.ts), which starts one too. */
export * from '../../scripts/lib/postgres.js';
