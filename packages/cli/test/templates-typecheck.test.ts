import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATES } from '../src/templates/index.js';
import { requireBuiltCli, runCli } from './helpers.js';

const PACKAGES = fileURLToPath(new URL('../../', import.meta.url));
const ROOT_TYPES = join(PACKAGES, '..', 'node_modules', '@types');

/**
 * Each starter is type-checked as if it lived in a project that ran its install command: its
 * imports resolve from the adapter package's own directory (which has the framework installed, and
 * resolves its own name to its built `dist`), then from this CLI's (which has `@klarefi/sdk`), then
 * from the emulator's (which has `@hono/node-server`).
 */
const STARTERS = [
  { framework: 'express', file: 'express/klarefi-server.ts', from: ['express'] },
  { framework: 'fastify', file: 'fastify/klarefi-server.ts', from: ['fastify'] },
  { framework: 'hono', file: 'hono/klarefi-server.ts', from: ['hono', 'emulator'] },
  { framework: 'nestjs', file: 'nestjs/klarefi-app.ts', from: ['nestjs'] },
  { framework: 'nextjs', file: 'nextjs/route.ts', from: ['nextjs'] },
  { framework: 'koa', file: 'koa/klarefi-server.ts', from: ['koa'] },
  { framework: 'h3', file: 'h3/server/middleware/klarefi.ts', from: ['h3'] },
  { framework: 'elysia', file: 'elysia/klarefi-server.ts', from: ['elysia'] },
  { framework: 'aws-lambda', file: 'aws-lambda/klarefi-handler.ts', from: ['aws-lambda'] },
  {
    framework: 'azure-functions',
    file: 'azure-functions/src/functions/klarefi.ts',
    from: ['azure-functions'],
  },
  // No package of its own: @klarefi/express under the Functions Framework, as the example installs them.
  {
    framework: 'google-cloud-functions',
    file: 'google-cloud-functions/index.ts',
    from: ['../examples/google-cloud-functions', 'express'],
  },
  { framework: 'astro', file: 'astro/klarefi.ts', from: ['astro'] },
  { framework: 'react-router', file: 'react-router/klarefi.ts', from: ['react-router'] },
  { framework: 'sveltekit', file: 'sveltekit/hooks.server.ts', from: ['sveltekit'] },
];

let dir: string;

beforeAll(() => {
  requireBuiltCli();
  const built = ['sdk', 'express', 'fastify', 'hono', 'nestjs', 'nextjs', 'redis'];
  for (const name of [...built, 'koa', 'h3', 'elysia', 'aws-lambda', 'azure-functions', 'sveltekit']) {
    const types = join(PACKAGES, name, 'dist', 'index.d.ts');
    if (!existsSync(types)) {
      throw new Error(
        `${types} is missing: build it first (\`npx tsup\` in packages/${name}); the starters are checked against it.`,
      );
    }
  }
  dir = mkdtempSync(join(tmpdir(), 'klarefi-starters-'));
  // The starters are ES modules, as in a project with "type": "module".
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function typeErrors(files: Map<string, string[]>): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    esModuleInterop: true,
    skipLibCheck: true,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    types: ['node'],
    typeRoots: [ROOT_TYPES],
  };
  const host = ts.createCompilerHost(options);
  host.resolveModuleNameLiterals = (literals, containingFile, _ref, opts, sourceFile) =>
    literals.map((literal) => {
      const mode = ts.getModeForUsageLocation(sourceFile, literal, opts);
      const fromDirs = files.get(containingFile);
      const from = fromDirs ? fromDirs.map((d) => join(PACKAGES, d, 'src', 'starter.ts')) : [containingFile];
      for (const containing of from) {
        const found = ts.resolveModuleName(literal.text, containing, opts, host, undefined, undefined, mode);
        if (found.resolvedModule) return found;
      }
      return { resolvedModule: undefined };
    });
  const program = ts.createProgram([...files.keys()], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file
      ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: `
      : '';
    return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
  });
}

describe('the starters of `klarefi webhooks init`', () => {
  it('are each type-checked here', () => {
    expect(STARTERS.map((s) => s.framework).sort()).toEqual(Object.keys(TEMPLATES).sort());
  });

  it('type-check against the adapters they import (strict)', async () => {
    const files = new Map<string, string[]>();
    for (const { framework, file, from } of STARTERS) {
      const out = join(dir, file);
      const result = await runCli(['webhooks', 'init', '--framework', framework, '--out', out], { cwd: dir });
      expect(result.code, result.stderr).toBe(0);
      files.set(out.split('\\').join('/'), [...from, 'cli']);
      expect(existsSync(dirname(out))).toBe(true);
      // The same starter with its Redis lines uncommented, resolving @klarefi/redis and ioredis too.
      const redis = out.replace(/\.ts$/, '.redis.ts');
      const source = readFileSync(out, 'utf8');
      const uncommented = source.replace(/^(\s*)\/\/ (.*) \/\/ redis$/gm, '$1$2');
      expect(uncommented.match(/RedisDedupeStore/g)?.length, framework).toBe(2);
      expect(uncommented, framework).not.toMatch(/\/\/ redis$/m);
      writeFileSync(redis, uncommented);
      files.set(redis.split('\\').join('/'), [...from, 'redis', 'cli']);
    }
    expect(typeErrors(files)).toEqual([]);
  }, 120_000);
});
