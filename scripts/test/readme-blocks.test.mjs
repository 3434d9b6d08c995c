// The root README's Express, Fastify, Hono and NestJS blocks, run as a reader runs them: each block
// saved verbatim as server.ts (only its port changed) in an ESM project with the README's packages,
// started with tsx and the variables `klarefi dev` prints, then a claim started at /start-claim,
// the hosted form filled in over HTTP and the verified case.completed awaited in the app's output.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MOTOR_CLAIM_ANSWERS } from '@klarefi/conformance/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const here = fileURLToPath(new URL('..', import.meta.url));
const README_PORT = 3000;
const FRAMEWORKS = ['Express', 'Fastify', 'Hono', 'NestJS'];

/** The first ```ts block under `### <heading>` in the root README. */
export function readmeBlock(readme, heading) {
  const section = readme.split(/^### /m).find((part) => part.startsWith(`${heading}\n`));
  const code = section && /^```ts\n([\s\S]*?)^```$/m.exec(section)?.[1];
  if (!code) throw new Error(`The root README has no \`\`\`ts block under "### ${heading}".`);
  return code;
}

/** A child process whose output is kept, with a way to wait for a line. */
function start(command, args, options) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  let output = '';
  const waiters = new Set();
  const onData = (chunk) => {
    output += chunk;
    for (const waiter of waiters) waiter();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  return {
    child,
    output: () => output,
    /** Resolves with the first match of `pattern` in the output; rejects if the process exits first. */
    waitFor(pattern, what) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(output);
          if (match) {
            waiters.delete(check);
            resolve(match);
          }
        };
        waiters.add(check);
        check();
        void exited.then((code) => {
          waiters.delete(check);
          reject(new Error(`Exited (${code}) before ${what}. Output:\n${output}`));
        });
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

// The blocks listen on a port they name, so the port is chosen here and held by nobody while the
// app starts. It comes from below the ephemeral range, where the OS hands out the port-0 servers of
// every other test on the machine, so none of them can take it in the meantime.
async function freePort() {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 10_000);
    const server = createServer();
    const free = await new Promise((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (free) {
      await new Promise((resolve) => server.close(resolve));
      return port;
    }
  }
}

/** Walks the emulator's hosted form over HTTP from `url`, answering every field it shows; returns the last redirect. */
async function fillHostedForm(url) {
  let next = url;
  for (let step = 0; step < 12; step++) {
    const page = await fetch(next);
    const html = await page.text();
    expect(page.status, html).toBe(200);
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
    if (!action) throw new Error(`No form on ${next}:\n${html}`);
    const fields = new URLSearchParams({ nav: 'next' });
    for (const [, name] of html.matchAll(/<(?:input|textarea)[^>]* name="([^"]+)"/g)) {
      if (name in MOTOR_CLAIM_ANSWERS) fields.set(name, MOTOR_CLAIM_ANSWERS[name]);
    }
    const answer = await fetch(new URL(action, next), { method: 'POST', body: fields, redirect: 'manual' });
    expect(answer.status, await answer.text()).toBe(303);
    next = new URL(answer.headers.get('location'), next).href;
    if (action.includes('/submit?')) return next;
  }
  throw new Error('The hosted form did not reach its submit step within 12 steps.');
}

describe("the root README's blocks, run as written against klarefi dev", () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const project = mkdtempSync(join(tmpdir(), 'klarefi-readme-'));
  let port;
  let dev;
  let env;

  beforeAll(async () => {
    // A reader's project: ESM (the blocks use top-level await), decorators on for NestJS, and the
    // packages the README installs (this folder's devDependencies).
    writeFileSync(join(project, 'package.json'), JSON.stringify({ type: 'module', private: true }));
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { experimentalDecorators: true, emitDecoratorMetadata: true } }),
    );
    symlinkSync(join(here, 'node_modules'), join(project, 'node_modules'), 'dir');
    port = await freePort();
    dev = start(
      process.execPath,
      [
        join(root, 'packages/cli/dist/bin.js'),
        'dev',
        '--port',
        '0',
        '--forward-to',
        `http://127.0.0.1:${port}/webhooks/klarefi`,
      ],
      { cwd: project },
    );
    await dev.waitFor(/export KLAREFI_WEBHOOK_SECRET=/, 'printing the variables');
    env = Object.fromEntries(
      [...dev.output().matchAll(/^\s*export (KLAREFI_\w+)=(\S+)$/gm)].map(([, name, value]) => [name, value]),
    );
    expect(Object.keys(env).sort()).toEqual([
      'KLAREFI_API_BASE_URL',
      'KLAREFI_API_KEY',
      'KLAREFI_WEBHOOK_SECRET',
    ]);
  }, 30_000);

  afterAll(async () => {
    await dev?.stop();
    rmSync(project, { recursive: true, force: true });
  });

  it.each(FRAMEWORKS)(
    '%s: /start-claim to the hosted form, the verified case.completed, a refusal as JSON',
    async (framework) => {
      const code = readmeBlock(readme, framework);
      expect(code).toContain(String(README_PORT));
      const dir = join(project, framework.toLowerCase());
      mkdirSync(dir);
      writeFileSync(join(dir, 'server.ts'), code.replaceAll(String(README_PORT), String(port)));
      const app = start(join(here, 'node_modules/.bin/tsx'), ['server.ts'], {
        cwd: dir,
        env: { ...process.env, ...env },
      });
      try {
        let answer;
        for (let i = 0; !answer; i++) {
          answer = await fetch(`http://127.0.0.1:${port}/start-claim`, { redirect: 'manual' }).catch(
            async (error) => {
              if (i > 200 || app.child.exitCode !== null)
                throw new Error(`${framework} did not start: ${error}\n${app.output()}`);
              await new Promise((resolve) => setTimeout(resolve, 100));
            },
          );
        }
        expect(answer.status, `${await answer.text()}\n${app.output()}`).toBe(303);
        expect(app.child.exitCode, `The ${framework} app is not the one answering:\n${app.output()}`).toBe(
          null,
        );
        const signedUrl = answer.headers.get('location');
        expect(signedUrl.startsWith(env.KLAREFI_API_BASE_URL), signedUrl).toBe(true);
        const caseId = /\/s\/([^/?]+)/.exec(signedUrl)[1];

        await fillHostedForm(signedUrl);
        // The handler runs only after the signature over the raw body checked out.
        await app.waitFor(
          new RegExp(`claim completed.*${caseId}|${caseId}.*claim completed`),
          'case.completed',
        );

        // A refused delivery gets Klarefi's JSON answer with its code, not the framework's error page.
        const refused = await fetch(`http://127.0.0.1:${port}/webhooks/klarefi`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        });
        expect(refused.status).toBe(400);
        expect(await refused.json()).toMatchObject({ error: { code: 'missing_header' } });
      } finally {
        await app.stop();
      }
    },
    60_000,
  );
});
