import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { defineConfig } from 'vitest/config';

// The same tests against NestJS 10 (Express 4, Fastify 4), the second half of `pnpm test`. The
// workspace holds Nest 11 under the real names; test/nest10 is a `file:` dev dependency whose own
// dependencies are Nest 10, installed from the lockfile, with their peers resolved among themselves.
const nest10 = createRequire(
  createRequire(import.meta.url).resolve('@klarefi/nestjs-nest10-peers/package.json'),
);
const PACKAGES = ['common', 'core', 'platform-express', 'platform-fastify', 'testing'];

export default defineConfig({
  resolve: {
    alias: PACKAGES.map((name) => ({
      find: new RegExp(`^@nestjs/${name}(/.*)?$`),
      replacement: `${dirname(nest10.resolve(`@nestjs/${name}/package.json`))}$1`,
    })),
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Both spawn node on the built package with the workspace's (Nest 11) peers.
    exclude: ['test/consumers.test.ts', 'test/crash.test.ts'],
    testTimeout: 20_000,
    env: { NEST_MAJOR: '10' },
  },
});
