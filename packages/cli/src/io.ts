/** Where a command writes. `process.stdout` and `process.stderr` fit. */
export interface Output {
  write(text: string): unknown;
}

/**
 * Everything a command touches outside its arguments, so that tests can run `main()` in-process.
 * Each field falls back to the real process when left out.
 */
export interface CliIO {
  /** Normal output. @default process.stdout */
  stdout?: Output;
  /** Errors, warnings and progress. @default process.stderr */
  stderr?: Output;
  /** Environment variables (`KLAREFI_API_KEY`, `KLAREFI_API_BASE_URL`, `KLAREFI_WEBHOOK_SECRET`). @default process.env */
  env?: Record<string, string | undefined>;
  /** What `webhooks verify` reads the body from when no `--body-file` is given. @default process.stdin */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  /** The directory relative paths (`--out`, `--case-types`, `--data-file`) start from. @default process.cwd() */
  cwd?: string;
  /**
   * Stops a long-running command (`klarefi dev`) when aborted.
   * @default aborted on the first SIGINT or SIGTERM
   */
  signal?: AbortSignal;
  /** The `fetch` that calls the API and delivers triggered webhooks. @default globalThis.fetch */
  fetch?: typeof fetch;
}

/** {@link CliIO} with every default filled in. */
export interface ResolvedIO {
  stdout: Output;
  stderr: Output;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  cwd: string;
  signal: AbortSignal | undefined;
  fetch: typeof fetch;
}

/** Fills in the process defaults for what a test did not inject. */
export function resolveIO(io: CliIO = {}): ResolvedIO {
  return {
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    stdin: io.stdin ?? process.stdin,
    env: io.env ?? process.env,
    cwd: io.cwd ?? process.cwd(),
    signal: io.signal,
    fetch: io.fetch ?? globalThis.fetch,
  };
}

/** Writes one line. */
export function println(out: Output, line = ''): void {
  out.write(`${line}\n`);
}

/**
 * Bad usage: an unknown command or flag, a missing or malformed value. Exit code 2.
 * The message names the flag or variable to fix.
 */
export class UsageError extends Error {
  override name = 'UsageError';
  /** The command whose `--help` the message points to, e.g. `sessions create`. */
  readonly command: string | undefined;

  constructor(message: string, command?: string) {
    super(message);
    this.command = command;
  }
}

/** The command ran and failed (an API error, a refused connection, a file in the way). Exit code 1. */
export class CommandError extends Error {
  override name = 'CommandError';
}

const KEY_SHAPED = /\b(sk_test_|sk_live_|whsec_)[A-Za-z0-9_\-+/=]+/g;

/**
 * Removes anything that looks like an API key or a webhook secret, and every value in `known`,
 * from a message about to be printed as an error.
 */
export function redact(message: string, known: ReadonlyArray<string | undefined> = []): string {
  let out = message;
  for (const value of known) {
    if (value && value.length >= 4) out = out.split(value).join('[redacted]');
  }
  return out.replace(KEY_SHAPED, '$1[redacted]');
}

/** `text` on one line, cut after at most `max` characters at a word boundary, with "…" when cut. */
export function excerptOf(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  // A body without spaces (one long JSON token) is cut where it is; otherwise at the last word.
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, '')}…`;
}

/** Signing secrets start with `whsec_`; anything else is most likely an API key or a typo. */
export function warnIfNotSigningSecret(secret: string, io: { stderr: Output }): void {
  if (!secret.trim().startsWith('whsec_')) {
    println(
      io.stderr,
      "Warning: the secret does not start with whsec_; Klarefi's signing secrets do. Check that it is the endpoint's signing secret, not an API key.",
    );
  }
}
