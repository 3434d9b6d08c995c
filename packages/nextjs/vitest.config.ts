import { defineConfig } from 'vitest/config';

// What Next.js resolves for `export const runtime = 'edge'`: the `edge-light` condition, which
// gives @klarefi/sdk's Web Crypto entry.
const edge = ['edge-light', 'worker', 'import', 'module', 'default'];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    projects: [
      { extends: true, test: { name: 'node', include: ['test/**/*.test.ts'], exclude: ['test/edge/**'] } },
      {
        extends: true,
        resolve: { conditions: edge },
        ssr: { resolve: { conditions: edge, externalConditions: ['edge-light'] } },
        test: { name: 'edge', include: ['test/edge/**/*.test.ts'], execArgv: ['--conditions=edge-light'] },
      },
    ],
  },
});
