import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// The same tests against NestJS 10 (Express 4, Fastify 4), installed outside the workspace:
//   `node scripts/test-nest10.mjs` (part of `pnpm test`) installs them into node_modules/.cache/nest10 and runs this.

const nest10 = process.env.NEST10_NODE_MODULES;
if (!nest10 || !existsSync(join(nest10, '@nestjs/core/package.json'))) {
  throw new Error(
    'Set NEST10_NODE_MODULES to a node_modules folder holding @nestjs/*@10 (see the comment above).',
  );
}

export default defineConfig({
  resolve: {
    alias: [
      {
        find: /^@nestjs\/(common|core|platform-express|platform-fastify|testing)(\/.*)?$/,
        replacement: `${nest10}/@nestjs/$1$2`,
      },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Spawns tsc and node on the built package with the workspace's (Nest 11) peers.
    exclude: ['test/consumers.test.ts'],
    testTimeout: 20_000,
  },
});
