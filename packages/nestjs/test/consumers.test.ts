import { execFile } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = resolve(root, '../../node_modules/typescript/bin/tsc');
const linked = [
  '@nestjs/common',
  '@nestjs/core',
  '@nestjs/platform-express',
  '@nestjs/platform-fastify',
  'reflect-metadata',
  'rxjs',
];

/** The compiler options of a `nest new` project (CommonJS, node10) or of an ESM one. */
const SETUPS = {
  'a default `nest new` project (CommonJS, moduleResolution node10)': {
    packageType: 'commonjs',
    compilerOptions: { module: 'commonjs', moduleResolution: 'node10', target: 'ES2021' },
  },
  'an ESM project (module nodenext)': {
    packageType: 'module',
    compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'ES2022' },
  },
} as const;

let dir: string;
beforeAll(() => {
  if (!existsSync(join(root, 'dist/index.cjs')) || !existsSync(join(root, 'dist/index.d.cts'))) {
    throw new Error('Build the package first: (cd packages/nestjs && npx tsup)');
  }
  dir = mkdtempSync(join(tmpdir(), 'klarefi-nestjs-consumer-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A project directory whose node_modules links the built package and its peers, as an install would. */
function project(name: string, packageType: string, compilerOptions: object): string {
  const at = join(dir, name);
  mkdirSync(join(at, 'node_modules/@klarefi'), { recursive: true });
  mkdirSync(join(at, 'node_modules/@nestjs'), { recursive: true });
  symlinkSync(root, join(at, 'node_modules/@klarefi/nestjs'), 'dir');
  symlinkSync(join(root, 'node_modules/@klarefi/sdk'), join(at, 'node_modules/@klarefi/sdk'), 'dir');
  for (const dep of linked)
    symlinkSync(join(root, 'node_modules', dep), join(at, 'node_modules', dep), 'dir');
  copyFileSync(join(root, 'test/consumer/app.ts'), join(at, 'app.ts'));
  writeFileSync(join(at, 'package.json'), JSON.stringify({ name, private: true, type: packageType }));
  const options = {
    ...compilerOptions,
    strict: true,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    esModuleInterop: true,
    skipLibCheck: true,
    types: ['node'],
    typeRoots: [join(root, '../../node_modules/@types')],
    outDir: 'out',
  };
  writeFileSync(join(at, 'tsconfig.json'), JSON.stringify({ compilerOptions: options, files: ['app.ts'] }));
  return at;
}

describe.each(Object.entries(SETUPS))(
  'the built package in %s',
  (label, { packageType, compilerOptions }) => {
    let at: string;
    beforeAll(async () => {
      at = project(packageType, packageType, compilerOptions);
      await run(process.execPath, [tsc, '-p', join(at, 'tsconfig.json')], { cwd: at }).catch((error) => {
        throw new Error(`tsc failed for ${label}:\n${error.stdout}${error.stderr}`);
      });
    }, 180_000);

    it.each(['express', 'fastify'])(
      'type-checks, starts on %s and runs a discovered handler for a signed delivery',
      async (platform) => {
        const { stdout } = await run(process.execPath, [join(at, 'out/app.js'), platform], { cwd: at });
        expect(JSON.parse(stdout)).toEqual({
          status: 200,
          body: '{"received":true}',
          seen: ['completed:whd_consumer'],
          client: true,
        });
      },
      // A Nest app's cold start on a busy 2-core machine.
      60_000,
    );
  },
);
