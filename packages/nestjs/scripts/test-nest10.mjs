// Runs the test suite again against NestJS 10 (with Express 4 and Fastify 4), which the
// workspace cannot hold beside Nest 11: installs it once into a cache folder outside the
// pnpm tree, then points vitest's aliases at it (vitest.nest10.config.ts).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(import.meta.dirname, '..', 'node_modules', '.cache', 'nest10');
const manifest = {
  name: 'nest10-peers',
  private: true,
  dependencies: {
    '@nestjs/common': '^10.4.22',
    '@nestjs/core': '^10.4.22',
    '@nestjs/platform-express': '^10.4.22',
    '@nestjs/platform-fastify': '^10.4.22',
    '@nestjs/testing': '^10.4.22',
    'reflect-metadata': '^0.2.2',
    rxjs: '^7.8.2',
  },
};
if (!existsSync(join(dir, 'node_modules', '@nestjs', 'core', 'package.json'))) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  console.log('Installing NestJS 10 for the second test run…');
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: dir,
    stdio: 'inherit',
  });
}
execFileSync('npx', ['vitest', 'run', '-c', 'vitest.nest10.config.ts'], {
  cwd: join(import.meta.dirname, '..'),
  stdio: 'inherit',
  env: { ...process.env, NEST10_NODE_MODULES: join(dir, 'node_modules') },
});
