import { parseArgs } from 'node:util';
import { UsageError } from './io.js';

/** The flag definitions `node:util` parseArgs takes. */
export type FlagSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;

type FlagValues<S extends FlagSpec> = {
  [K in keyof S]?: S[K]['type'] extends 'string'
    ? S[K]['multiple'] extends true
      ? string[]
      : string
    : S[K]['multiple'] extends true
      ? boolean[]
      : boolean;
};

/** Flags every command accepts. */
export const COMMON_FLAGS = { help: { type: 'boolean', short: 'h' } } as const satisfies FlagSpec;

/**
 * Parses `argv` strictly against `spec` and turns parseArgs' errors into a {@link UsageError}
 * that names the flag and points to `klarefi <command> --help`.
 */
export function parseFlags<S extends FlagSpec>(
  argv: string[],
  spec: S,
  command: string,
  maxPositionals = 0,
): { flags: FlagValues<S & typeof COMMON_FLAGS>; positionals: string[] } {
  const options = { ...COMMON_FLAGS, ...spec };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: joinNegativeValues(argv, options),
      options,
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError(describeParseError(error), command);
  }
  const positionals = parsed.positionals;
  if (positionals.length > maxPositionals && !parsed.values.help) {
    const extra = positionals[maxPositionals];
    throw new UsageError(`Unexpected argument '${extra}' for \`klarefi ${command}\`.`, command);
  }
  return { flags: parsed.values as FlagValues<S & typeof COMMON_FLAGS>, positionals };
}

/**
 * `--ttl-hours -5` reaches parseArgs as a flag followed by what looks like a short flag, which it
 * refuses as ambiguous; a negative number after a string flag is its value, so the range check can
 * answer instead.
 */
function joinNegativeValues(argv: string[], options: FlagSpec): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const next = argv[i + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    if (name && options[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

function describeParseError(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const flag = /'(-{1,2}[^' ]+)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag) return `Unknown flag '${flag}'.`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && flag) {
    if (/argument missing/.test(message)) return `Flag '${flag}' needs a value, e.g. ${flag}=VALUE.`;
    if (/ambiguous/.test(message)) {
      return `Flag '${flag}' needs a value; to pass one that starts with '-', write ${flag}=VALUE.`;
    }
    return `Flag '${flag}' does not take a value.`;
  }
  return message;
}

/** The last value of a string flag given once or several times. */
export function lastValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[value.length - 1] : value;
}

/** Checks that `value` is an absolute http(s) URL; the message names `source` (a flag or a variable). */
export function requireHttpUrl(value: string, source: string, command: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${source} must be an absolute http:// or https:// URL (got '${value}').`, command);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${source} must be an http:// or https:// URL (got '${url.protocol}').`, command);
  }
  return url;
}

/** Parses a whole number within bounds; the message names the flag. */
export function parseWholeNumber(
  value: string,
  flag: string,
  min: number,
  max: number,
  command: string,
): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max} (got '${value}').`, command);
  }
  return n;
}
