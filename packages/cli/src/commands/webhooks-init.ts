import { existsSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { parseFlags } from '../args.js';
import { CommandError, println, type ResolvedIO, UsageError } from '../io.js';
import { publishedSetup, setupFor } from '../setup.js';
import { TEMPLATES, type Template } from '../templates/index.js';
import { variablesStep } from '../templates/types.js';

const COMMAND = 'webhooks init';

const FLAGS = {
  framework: { type: 'string' },
  out: { type: 'string' },
  force: { type: 'boolean' },
} as const;

/** `klarefi webhooks init`: writes a starter receiver for one framework. */
export async function runWebhooksInit(argv: string[], io: ResolvedIO): Promise<number> {
  const { flags } = parseFlags(argv, FLAGS, COMMAND);
  const names = Object.keys(TEMPLATES).join(', ');
  if (!flags.framework) throw new UsageError(`Missing --framework (one of ${names}).`, COMMAND);
  const template = TEMPLATES[flags.framework];
  if (!template)
    throw new UsageError(`Unknown --framework '${flags.framework}'; use one of ${names}.`, COMMAND);

  let out = resolve(io.cwd, flags.out ?? defaultOut(template, io.cwd));
  if (existsSync(out) && statSync(out).isDirectory()) out = join(out, basename(template.defaultOut));
  const shown = relative(io.cwd, out) || out;
  if (existsSync(out) && !flags.force) {
    throw new CommandError(
      `${shown} already exists. Pass --force to overwrite it, or --out to write elsewhere.`,
    );
  }
  const setup = setupFor(template);
  const fill = (text: string) => text.split('{file}').join(quoteForShell(shown));
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, fill(template.source(setup)), 'utf8');

  println(io.stdout, `Wrote ${shown}`);
  println(io.stdout);
  println(io.stdout, 'Next steps:');
  if (!setup.fromClone) println(io.stdout, `  1. ${setup.install.join(' && ')}`);
  else {
    println(
      io.stdout,
      "  1. Install the packages from this clone's packed tarballs (until they are published):",
    );
    for (const line of setup.install) println(io.stdout, `       ${line}`);
    println(io.stdout, `     Once published: ${publishedSetup(template).install.join(' && ')}`);
  }
  println(io.stdout, `  2. ${setup.klarefi} dev --forward-to ${template.webhookUrl}`);
  println(io.stdout, `     and ${variablesStep(template.envFile)}`);
  println(io.stdout, `  3. ${fill(template.run)}`);
  println(
    io.stdout,
    `  4. Open ${template.startClaimUrl} to start a claim; the case.completed event arrives verified.`,
  );
  if (template.note) {
    println(io.stdout);
    println(io.stdout, `Note: ${template.note}`);
  }
  return 0;
}

/** Next.js projects with a `src/app` directory get the route there. */
function defaultOut(template: Template, cwd: string): string {
  if (
    template.framework === 'nextjs' &&
    !existsSync(join(cwd, 'app')) &&
    existsSync(join(cwd, 'src', 'app'))
  ) {
    return join('src', template.defaultOut);
  }
  return template.defaultOut;
}

function quoteForShell(path: string): string {
  return /^[\w./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}
