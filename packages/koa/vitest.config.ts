import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Koa 2 is installed as `koa2` (an npm alias); aliasing `koa` to it makes the tests AND the body
// parsers run on Koa 2, the lowest major of the peer range.
const koa2 = fileURLToPath(new URL('./node_modules/koa2', import.meta.url));

export default defineConfig({
  test: {
    testTimeout: 20_000,
    projects: [
      {
        extends: true,
        test: { name: 'koa3', include: ['test/**/*.test.ts'], env: { KLAREFI_TEST_KOA_MAJOR: '3' } },
      },
      {
        extends: true,
        resolve: { alias: { koa: koa2 } },
        test: {
          name: 'koa2',
          include: ['test/**/*.test.ts'],
          exclude: ['test/crash.test.ts'],
          env: { KLAREFI_TEST_KOA_MAJOR: '2' },
        },
      },
    ],
  },
});
