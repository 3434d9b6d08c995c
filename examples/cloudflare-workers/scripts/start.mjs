// `pnpm start`: the Worker on workerd (`wrangler dev`) on PORT and HOST, with the environment
// variables the other examples read passed through to the Worker's env as `--var NAME:value`.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const wrangler = join(
  dirname(createRequire(import.meta.url).resolve('wrangler/package.json')),
  'bin',
  'wrangler.js',
);

/** The variables the Worker reads from its env; unset ones fall back to `klarefi dev`'s values. */
export const WORKER_VARS = [
  'KLAREFI_API_KEY',
  'KLAREFI_API_BASE_URL',
  'KLAREFI_WEBHOOK_SECRET',
  'KLAREFI_CASE_TYPE',
  'KLAREFI_LOCALE',
  'PUBLIC_URL',
];

const vars = WORKER_VARS.filter((name) => process.env[name]).flatMap((name) => [
  '--var',
  `${name}:${process.env[name]}`,
]);
const args = [
  wrangler,
  'dev',
  '--port',
  process.env.PORT ?? '3000',
  '--ip',
  process.env.HOST ?? '127.0.0.1',
  '--local',
  '--show-interactive-dev-session=false',
  ...vars,
];
const child = spawn(process.execPath, args, {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
