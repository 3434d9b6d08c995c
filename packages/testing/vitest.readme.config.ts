import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (file: string) => fileURLToPath(new URL(`./src/${file}`, import.meta.url));

// Runs the README's copy-paste tests (written to test/.readme by test/readme.test.ts) against the source.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@klarefi\/testing\/vitest$/, replacement: src('vitest.ts') },
      { find: /^@klarefi\/testing\/jest$/, replacement: src('jest.ts') },
      { find: /^@klarefi\/testing$/, replacement: src('index.ts') },
    ],
  },
  test: {
    include: ['test/.readme/*.test.ts'],
    testTimeout: 20_000,
  },
});
