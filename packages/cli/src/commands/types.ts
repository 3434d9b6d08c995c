import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { parseFlags } from '../args.js';
import { CONFIG_FILES, findConfig, loadConfig } from '../case-types/config.js';
import { generatePython } from '../case-types/generate-python.js';
import { generateTypeScript } from '../case-types/generate-ts.js';
import { CommandError, println, type ResolvedIO, UsageError } from '../io.js';

const COMMAND = 'types';

const FLAGS = {
  config: { type: 'string' },
  out: { type: 'string' },
  lang: { type: 'string' },
  check: { type: 'boolean' },
} as const;

const LANGS = {
  ts: { out: 'klarefi-env.d.ts', generate: generateTypeScript },
  python: { out: 'klarefi_types.py', generate: generatePython },
} as const;

/**
 * `klarefi types`: writes the declaration file that registers the case types of
 * `klarefi.config.*` with the SDK (or, with `--lang python`, their `TypedDict`s). `--check` writes
 * nothing and exits 1 when the file is missing or stale.
 */
export async function runTypes(argv: string[], io: ResolvedIO): Promise<number> {
  const { flags } = parseFlags(argv, FLAGS, COMMAND);
  const lang = flags.lang ?? 'ts';
  if (lang !== 'ts' && lang !== 'python') {
    throw new UsageError(`--lang must be ts or python (got '${lang}').`, COMMAND);
  }
  const configFile = flags.config ? resolve(io.cwd, flags.config) : findConfig(io.cwd);
  if (!configFile) {
    throw new UsageError(
      `No case types to generate from: create ${CONFIG_FILES[0]} (or ${CONFIG_FILES.at(-1)}) here, or pass --config <file>.`,
      COMMAND,
    );
  }
  if (!existsSync(configFile)) throw new UsageError(`--config file not found: ${configFile}`, COMMAND);
  const config = await loadConfig(configFile);
  const { out: defaultOut, generate } = LANGS[lang];
  const out = resolve(io.cwd, flags.out ?? defaultOut);
  const shown = relative(io.cwd, out) || out;
  // The source is named relative to the output, so the bytes do not depend on where you run it.
  const source = relative(dirname(out), configFile).split('\\').join('/');
  const text = generate(config.caseTypes, source);
  const current = existsSync(out) ? readFileSync(out, 'utf8') : undefined;
  const count = `${config.caseTypes.length} case type${config.caseTypes.length === 1 ? '' : 's'}`;

  if (flags.check) {
    if (current === text) {
      println(io.stdout, `${shown} is up to date (${count}).`);
      return 0;
    }
    const again = `npx klarefi types${lang === 'python' ? ' --lang python' : ''}`;
    throw new CommandError(
      current === undefined
        ? `${shown} is missing. Run \`${again}\` and commit it.`
        : `${shown} is stale: ${source} changed since it was generated. Run \`${again}\` and commit it.`,
    );
  }
  if (current !== text) {
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, text, 'utf8');
  }
  println(io.stdout, `${current === text ? 'Unchanged' : 'Wrote'} ${shown} (${count} from ${source}).`);
  return 0;
}
