import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, collect, requireBuiltCli } from './helpers.js';

beforeAll(requireBuiltCli);

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const manifest = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as {
  scripts: Record<string, string>;
};
const version = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

describe("the clone's root scripts", () => {
  it('`pnpm klarefi <command>` runs this CLI with the arguments as given', async () => {
    expect(manifest.scripts.klarefi).toBe('exec node scripts/klarefi.mjs');
    const child = spawn(process.execPath, ['scripts/klarefi.mjs', 'webhooks', 'trigger', '--list'], {
      cwd: ROOT,
      env: cleanEnv(),
    });
    const result = await collect(child);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('v1.case.completed');
    const printed = await collect(
      spawn(process.execPath, ['scripts/klarefi.mjs', '--version'], { cwd: ROOT, env: cleanEnv() }),
    );
    expect(printed.stdout.trim()).toBe(version);
  });

  it('`pnpm klarefi` works where pnpm was started (INIT_CWD), not in the clone it runs from', async () => {
    const project = mkdtempSync(join(tmpdir(), 'klarefi-init-cwd-'));
    try {
      const child = spawn(
        process.execPath,
        ['scripts/klarefi.mjs', 'webhooks', 'init', '--framework', 'express'],
        {
          cwd: ROOT,
          env: cleanEnv({ INIT_CWD: project }),
        },
      );
      const result = await collect(child);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('Wrote klarefi-server.ts');
      expect(existsSync(join(project, 'klarefi-server.ts'))).toBe(true);
      expect(existsSync(join(ROOT, 'klarefi-server.ts'))).toBe(false);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('`pnpm demo` builds what it runs itself, and is an exec so Ctrl-C reaches the demo', () => {
    expect(manifest.scripts.demo).toMatch(/^exec node --import tsx examples\/demo\/src\/cli\.ts$/);
  });

  it('every script that runs turbo disables its telemetry', () => {
    const turbo = Object.entries(manifest.scripts).filter(([, command]) => /\bturbo run\b/.test(command));
    expect(turbo.length).toBeGreaterThan(3);
    for (const [name, command] of turbo) {
      for (const part of command.split('&&').filter((p) => /\bturbo run\b/.test(p))) {
        expect(part.trim(), name).toMatch(/^TURBO_TELEMETRY_DISABLED=1 turbo run /);
      }
    }
  });
});
