import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

export default defineConfig({
  define: { __KLAREFI_SDK_VERSION__: JSON.stringify(version) },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    // expectTypeOf only asserts when the compiler runs: these files are type-checked too, and a
    // type assertion that does not hold fails the run.
    typecheck: {
      enabled: true,
      include: ['test/**/types.test.ts', 'test/surface.test.ts'],
      tsconfig: './tsconfig.json',
    },
  },
});
