import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources (the `source` export
// condition), so `npm test` needs no prior build. Vite's own server conditions
// stay (an explicit 'import' here made CommonJS packages such as pg-pool
// resolve to their ESM entry from a require()).
const conditions = ['source', ...defaultServerConditions];
const resolve = { conditions };

export default defineConfig({
  resolve,
  ssr: { resolve: { conditions, externalConditions: ['source'] } },
  test: {
    reporters: process.env.CI_JSON ? ['default', ['json', { outputFile: process.env.CI_JSON }]] : ['default'],
    projects: [
      {
        resolve,
        ssr: { resolve: { conditions, externalConditions: ['source'] } },
        test: { name: 'unit', include: ['packages/*/test/**/*.test.ts'], testTimeout: 20_000 },
      },
      {
        resolve,
        ssr: { resolve: { conditions, externalConditions: ['source'] } },
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: ['test/faults/**', 'test/vm/**'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        resolve,
        ssr: { resolve: { conditions, externalConditions: ['source'] } },
        test: {
          name: 'faults',
          include: ['test/faults/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        resolve,
        ssr: { resolve: { conditions, externalConditions: ['source'] } },
        // QEMU guests (npm run test:vm): the first run builds the root with debootstrap.
        test: {
          name: 'vm',
          include: ['test/vm/**/*.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 20 * 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
