import { defineConfig } from 'vitest/config';

// The pins in package.json are the newest that run on Node 20: @sveltejs/kit 2 (engines
// >=18.13; kit 3 needs >=22.17) with @sveltejs/adapter-node 5 (adapter-node 6 needs kit 3),
// svelte 5 (>=18), vite 8 (^20.19 || >=22.12) and @sveltejs/vite-plugin-svelte 7
// (^20.19 || ^22.12 || >=24). The peer range is SvelteKit 2; these tests run 2.70.

export default defineConfig({
  test: {
    testTimeout: 20_000,
    include: ['test/**/*.test.ts'],
    // The fixture app is built once per run, then each test file serves it with adapter-node.
    globalSetup: ['test/global-setup.ts'],
    // adapter-node's own settings, read when the built server starts: a free port on loopback, and
    // a body limit above the core's 1 MiB (adapter-node's default is 512K), as the README says.
    env: { HOST: '127.0.0.1', PORT: '0', BODY_SIZE_LIMIT: '2M' },
  },
});
