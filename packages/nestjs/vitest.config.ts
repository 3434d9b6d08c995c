import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    // expectTypeOf only asserts when the compiler runs: type-check these files too.
    typecheck: {
      enabled: true,
      include: ['test/types.test.ts'],
      tsconfig: './tsconfig.json',
    },
  },
});
