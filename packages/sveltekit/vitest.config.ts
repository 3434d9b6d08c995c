import { defineConfig } from 'vitest/config';

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
