import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Express 4 is installed as `express4` (an npm alias); aliasing `express` to it makes the tests
// AND the adapter's source (imported from ../src) build their apps and routers with Express 4.
const express4 = fileURLToPath(new URL('./node_modules/express4', import.meta.url));

export default defineConfig({
  test: {
    testTimeout: 20_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'express5',
          include: ['test/**/*.test.ts'],
          env: { KLAREFI_TEST_EXPRESS_MAJOR: '5' },
          // expectTypeOf only asserts when the compiler runs: type-check these files too.
          typecheck: {
            enabled: true,
            include: ['test/types.test.ts', 'test/reexports.test.ts'],
            tsconfig: './tsconfig.json',
          },
        },
      },
      {
        extends: true,
        resolve: { alias: { express: express4 } },
        test: {
          name: 'express4',
          include: ['test/**/*.test.ts'],
          // The crash-proof app runs in a child process, on the installed Express 5.
          exclude: ['test/crash.test.ts'],
          env: { KLAREFI_TEST_EXPRESS_MAJOR: '4' },
        },
      },
    ],
  },
});
