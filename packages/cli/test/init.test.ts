import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { publishedSetup, setupFor } from '../src/setup.js';
import { TEMPLATES } from '../src/templates/index.js';
import { BIN, collect, requireBuiltCli, runCli } from './helpers.js';

beforeAll(requireBuiltCli);

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'klarefi-init-'));
  dirs.push(dir);
  return dir;
}

const init = (args: string[], cwd: string) => runCli(['webhooks', 'init', ...args], { cwd });

/** Syntax errors of a TypeScript file, as transpileModule reports them. */
function syntaxErrors(source: string, fileName: string): string[] {
  const out = ts.transpileModule(source, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: {
      module: ts.ModuleKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
    },
  });
  return (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

const FRAMEWORKS = [
  {
    framework: 'express',
    file: 'klarefi-server.ts',
    imports: "from '@klarefi/express'",
    uses: 'klarefiRouter({',
    install: '@klarefi/express',
  },
  {
    framework: 'fastify',
    file: 'klarefi-server.ts',
    imports: "import klarefi from '@klarefi/fastify'",
    uses: 'app.register(klarefi, {',
    install: '@klarefi/fastify',
  },
  {
    framework: 'hono',
    file: 'klarefi-server.ts',
    imports: "from '@klarefi/hono'",
    uses: 'app.use(\n  klarefi({',
    install: '@klarefi/hono',
  },
  {
    framework: 'nestjs',
    file: 'klarefi-app.ts',
    imports: "from '@klarefi/nestjs'",
    uses: "@OnKlarefiEvent('case.completed')",
    install: '@klarefi/nestjs',
  },
  {
    framework: 'nextjs',
    file: 'app/api/klarefi/[...klarefi]/route.ts',
    imports: "import { klarefi } from '@klarefi/nextjs'",
    uses: 'export const { GET, POST } = klarefi({',
    install: '@klarefi/nextjs',
  },
  {
    framework: 'koa',
    file: 'klarefi-server.ts',
    imports: "import { klarefi } from '@klarefi/koa'",
    uses: 'app.use(\n  klarefi({',
    install: '@klarefi/koa',
  },
  {
    framework: 'h3',
    file: 'server/middleware/klarefi.ts',
    imports: "import { defineKlarefiHandler } from '@klarefi/h3'",
    uses: 'export default defineKlarefiHandler({',
    install: '@klarefi/h3',
  },
  {
    framework: 'elysia',
    file: 'klarefi-server.ts',
    imports: "import { klarefi } from '@klarefi/elysia'",
    uses: '  .use(\n    klarefi({',
    install: '@klarefi/elysia',
  },
  {
    framework: 'aws-lambda',
    file: 'klarefi-handler.ts',
    imports: "import { klarefiLambda } from '@klarefi/aws-lambda'",
    uses: 'export const handler = klarefiLambda({',
    install: '@klarefi/aws-lambda',
  },
  {
    framework: 'azure-functions',
    file: 'src/functions/klarefi.ts',
    imports: "import { klarefiAzure } from '@klarefi/azure-functions'",
    uses: "app.http('klarefiWebhook', {\n  route: 'webhooks/klarefi',",
    install: '@klarefi/azure-functions',
    forwardTo: 'http://127.0.0.1:7071/api/webhooks/klarefi',
  },
  {
    framework: 'google-cloud-functions',
    file: 'index.ts',
    imports: "import * as functions from '@google-cloud/functions-framework'",
    uses: "functions.http('klarefi', app);",
    install: '@klarefi/express',
    forwardTo: 'http://127.0.0.1:8080/webhooks/klarefi',
  },
  {
    framework: 'astro',
    file: 'src/pages/webhooks/klarefi.ts',
    imports: "from '@klarefi/astro'",
    uses: 'export const { POST } = webhooks(klarefiOptions);',
    install: '@klarefi/astro',
  },
  {
    framework: 'react-router',
    file: 'app/routes/klarefi.ts',
    imports: "import { klarefi } from '@klarefi/react-router'",
    uses: 'export { handler as loader, handler as action };',
    install: '@klarefi/react-router',
  },
  {
    framework: 'sveltekit',
    file: 'src/hooks.server.ts',
    imports: "import { klarefiHandle } from '@klarefi/sveltekit'",
    uses: 'export const handle = klarefiHandle({',
    install: '@klarefi/sveltekit',
  },
];

describe('klarefi webhooks init', () => {
  it('is tested here for every --framework', () => {
    expect(FRAMEWORKS.map((f) => f.framework).sort()).toEqual(Object.keys(TEMPLATES).sort());
  });

  it.each(FRAMEWORKS)(
    '--framework $framework writes a starter that parses',
    async ({ framework, file, imports, uses, install, forwardTo }) => {
      const cwd = tempDir();
      const result = await init(['--framework', framework], cwd);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`Wrote ${file}`);
      expect(result.stdout).toMatch(new RegExp(`npm install [^\\n]*${install.replace('/', '\\/')}`));
      expect(result.stdout).toContain(
        `node ${BIN} dev --forward-to ${forwardTo ?? 'http://127.0.0.1:3000/'}`,
      );

      const source = readFileSync(join(cwd, file), 'utf8');
      expect(source).toContain(imports);
      expect(source).toContain(uses);
      // The adapter reads the variables itself; the starter says which.
      for (const name of ['KLAREFI_API_KEY', 'KLAREFI_API_BASE_URL', 'KLAREFI_WEBHOOK_SECRET']) {
        expect(source).toContain(name);
      }
      expect(source).toContain("caseTypeId: 'motor_claim'");
      expect(source).toMatch(/'case\.completed'/);
      // The handler shows the typed claim, not the raw features.
      expect(source).toContain('const c = await claim();');
      expect(source).not.toContain('event.data.features');
      expect(source).not.toMatch(/\{file\}/);
      expect(syntaxErrors(source, file)).toEqual([]);
    },
  );

  it('nestjs creates the app with rawBody: true and a JSON limit that takes 1 MiB deliveries', async () => {
    const cwd = tempDir();
    await init(['--framework', 'nestjs'], cwd);
    const source = readFileSync(join(cwd, 'klarefi-app.ts'), 'utf8');
    expect(source).toContain('NestFactory.create<NestExpressApplication>(AppModule, { rawBody: true })');
    expect(source).toContain("app.useBodyParser('json', { limit: '1mb' })");
  });

  it.each([
    ['h3', '.env'],
    ['azure-functions', 'local.settings.json ("Values")'],
  ])('%s: the steps say where the variables go (%s), in the file and on screen', async (framework, file) => {
    const cwd = tempDir();
    const result = await init(['--framework', framework], cwd);
    expect(result.code).toBe(0);
    const step = `put the KLAREFI_API_KEY, KLAREFI_API_BASE_URL and KLAREFI_WEBHOOK_SECRET it prints in ${file}`;
    expect(result.stdout).toContain(step);
    expect(readFileSync(join(cwd, TEMPLATES[framework]!.defaultOut), 'utf8')).toContain(step);
  });

  it('nextjs writes the catch-all route under src/app when the project has one', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'src', 'app'), { recursive: true });
    const result = await init(['--framework', 'nextjs'], cwd);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('dev --forward-to http://127.0.0.1:3000/api/klarefi/webhooks/klarefi');
    const source = readFileSync(join(cwd, 'src/app/api/klarefi/[...klarefi]/route.ts'), 'utf8');
    expect(source).toContain('export const { GET, POST } = klarefi({');
  });

  it('one name per framework: nextjs, as the demo takes it', async () => {
    const result = await init(['--framework', 'next'], tempDir());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `Unknown --framework 'next'; use one of ${Object.keys(TEMPLATES).join(', ')}.`,
    );
  });

  it('refuses to overwrite without --force, then overwrites with it', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'klarefi-server.ts'), '// mine\n');
    const refused = await init(['--framework', 'express'], cwd);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('klarefi-server.ts already exists. Pass --force to overwrite it');
    expect(readFileSync(join(cwd, 'klarefi-server.ts'), 'utf8')).toBe('// mine\n');

    const forced = await init(['--framework', 'express', '--force'], cwd);
    expect(forced.code).toBe(0);
    expect(readFileSync(join(cwd, 'klarefi-server.ts'), 'utf8')).toContain('klarefiRouter');
  });

  it('--out writes where asked, creating folders; a folder gets the default file name', async () => {
    const cwd = tempDir();
    const nested = await init(['--framework', 'hono', '--out', 'src/server/klarefi.ts'], cwd);
    expect(nested.code).toBe(0);
    expect(readFileSync(join(cwd, 'src/server/klarefi.ts'), 'utf8')).toContain("from '@klarefi/hono'");
    expect(nested.stdout).toContain('npx tsx src/server/klarefi.ts');

    mkdirSync(join(cwd, 'lib'));
    const folder = await init(['--framework', 'fastify', '--out', 'lib'], cwd);
    expect(folder.code).toBe(0);
    expect(readFileSync(join(cwd, 'lib/klarefi-server.ts'), 'utf8')).toContain("from '@klarefi/fastify'");
  });

  it('names --framework when it is missing or unknown', async () => {
    const cwd = tempDir();
    const missing = await init([], cwd);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`Missing --framework (one of ${Object.keys(TEMPLATES).join(', ')})`);
    const unknown = await init(['--framework', 'spring'], cwd);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown --framework 'spring'");
  });
});

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('the next steps of `klarefi webhooks init`', () => {
  it('from this clone: install from its packed tarballs (pack:local), then once published', async () => {
    const cwd = tempDir();
    const result = await init(['--framework', 'express'], cwd);
    expect(result.code).toBe(0);
    const root = ROOT.replace(/\/$/, '');
    expect(result.stdout).toContain(`(cd ${root} && npx -y pnpm@`);
    expect(result.stdout).toContain(' pack:local)');
    expect(result.stdout).toMatch(
      new RegExp(
        `npm install express ${root}/\\.packs/klarefi-express-[\\d.]+\\.tgz ${root}/\\.packs/klarefi-sdk-[\\d.]+\\.tgz && npm install -D tsx @types/express`,
      ),
    );
    expect(result.stdout).toContain(
      'Once published: npm install express @klarefi/express @klarefi/sdk && npm install -D tsx @types/express',
    );
    // The root script that makes the tarballs.
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(manifest.scripts['pack:local']).toBe('node scripts/pack-local.mjs');
  });

  it('once installed from the registry: npm install and npx klarefi', () => {
    // Installed under a project's node_modules, the CLI is no clone's.
    const setup = setupFor(TEMPLATES.hono!, join(tempDir(), 'node_modules', 'klarefi'));
    expect(setup).toEqual(publishedSetup(TEMPLATES.hono!));
    expect(setup.install).toEqual([
      'npm install hono @hono/node-server @klarefi/hono @klarefi/sdk && npm install -D tsx',
    ]);
    expect(setup.klarefi).toBe('npx klarefi');
    expect(setup.redisInstall).toBe('npm install @klarefi/redis ioredis');
    expect(TEMPLATES.hono!.source(setup)).toContain(
      '//   2. In another terminal:  npx klarefi dev --forward-to',
    );
  });

  it('every starter shows the Redis dedupe lines, commented out', async () => {
    for (const template of Object.values(TEMPLATES)) {
      const source = template.source(setupFor(template));
      expect(source).toContain("// import { RedisDedupeStore } from '@klarefi/redis'; // redis");
      expect(source).toContain(
        'dedupe: new RedisDedupeStore({ client: new Redis(process.env.KLAREFI_REDIS_URL!) })',
      );
      expect(source).toContain('KLAREFI_REDIS_URL');
    }
  });

  it('a starter run without its environment prints one line, not a stack trace', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'package.json'), '{ "type": "module" }\n');
    // The project the install step makes: express and @klarefi/express (with the SDK) resolvable.
    const adapter = join(ROOT, 'packages', 'express');
    mkdirSync(join(cwd, 'node_modules', '@klarefi'), { recursive: true });
    symlinkSync(join(adapter, 'node_modules', 'express'), join(cwd, 'node_modules', 'express'));
    symlinkSync(adapter, join(cwd, 'node_modules', '@klarefi', 'express'));
    expect((await init(['--framework', 'express'], cwd)).code).toBe(0);

    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const env: Record<string, string> = { PATH: process.env.PATH ?? '' };
    const child = spawn(process.execPath, ['--import', tsx, 'klarefi-server.ts'], { cwd, env });
    const result = await collect(child);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'Set KLAREFI_API_KEY and KLAREFI_WEBHOOK_SECRET first (`klarefi dev` prints test values).\n',
    );
  });
});
