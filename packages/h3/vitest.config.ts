import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// h3 1 (what Nuxt 3/4 and Nitro 2 run) is installed as `h3v1` (an npm alias); aliasing `h3` to it
// makes the tests AND the handler's source run on h3 1, the lowest major of the peer range.
const h3v1 = fileURLToPath(new URL('./node_modules/h3v1', import.meta.url));

export default defineConfig({
  test: {
    testTimeout: 20_000,
    projects: [
      {
        extends: true,
        test: { name: 'h3-2', include: ['test/**/*.test.ts'], env: { KLAREFI_TEST_H3_MAJOR: '2' } },
      },
      {
        extends: true,
        resolve: { alias: { h3: h3v1 } },
        test: {
          name: 'h3-1',
          include: ['test/**/*.test.ts'],
          exclude: ['test/crash.test.ts'],
          env: { KLAREFI_TEST_H3_MAJOR: '1' },
        },
      },
    ],
  },
});
