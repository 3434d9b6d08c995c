import { defineConfig } from 'vitest/config';

// The runtimes other than Node: each test starts one (Deno, workerd) on the built dist.
export default defineConfig({
  test: { root: new URL('.', import.meta.url).pathname, include: ['*.test.ts'], testTimeout: 120_000 },
});
