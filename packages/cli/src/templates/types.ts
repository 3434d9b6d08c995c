/** How the person who ran `webhooks init` installs the packages and runs the CLI. */
export interface Setup {
  /** Run from a clone of this repository: the packages come from its packed tarballs. */
  fromClone: boolean;
  /** The install commands, one per line, ready to paste. */
  install: string[];
  /** The command that installs the Redis dedupe store and its client. */
  redisInstall: string;
  /** The command that runs this CLI: `npx klarefi`, or `node <clone>/packages/cli/dist/bin.js`. */
  klarefi: string;
}

/** A starter receiver that `klarefi webhooks init` can write. */
export interface Template {
  /** The `--framework` value. */
  framework: string;
  /** Where the file goes when `--out` is not given, relative to the working directory. */
  defaultOut: string;
  /** The packages to install, as `npm install` takes them. */
  packages: string[];
  /** The packages to install with `npm install -D`. */
  devPackages: string[];
  /** How to start the app once the variables are exported. `{file}` is the written path. */
  run: string;
  /** Where the running app receives webhooks, for `klarefi dev --forward-to`. */
  webhookUrl: string;
  /** Where the running app starts a claim. */
  startClaimUrl: string;
  /** Where the `KLAREFI_*` variables go instead of the shell, when the platform reads them from a file. */
  envFile?: string;
  /** An extra line the user must know, if any. */
  note?: string;
  /** The file's contents for the given set-up. */
  source(setup: Setup): string;
}

/** The comment block every template starts with. */
export function header(
  framework: string,
  setup: Setup,
  run: string,
  webhookUrl: string,
  /** {@link Template.envFile}. */
  envFile?: string,
): string {
  const install = setup.install.map(
    (line, i) => `//   ${i === 0 ? '1. Install:  ' : '             '}${line}`,
  );
  return `// A Klarefi starter for ${framework}, written by \`klarefi webhooks init\`.
//
${install.join('\n')}
//   2. In another terminal:  ${setup.klarefi} dev --forward-to ${webhookUrl}
//      and ${variablesStep(envFile)}.
//   3. Run:  ${run}
//
// Against Klarefi itself, set your own key and the endpoint's signing secret instead.
`;
}

/** Step 2's second half: where the variables `klarefi dev` prints go. */
export function variablesStep(envFile: string | undefined): string {
  const variables = 'the KLAREFI_API_KEY, KLAREFI_API_BASE_URL and KLAREFI_WEBHOOK_SECRET it prints';
  return envFile ? `put ${variables} in ${envFile}` : `export ${variables}`;
}

/**
 * Stops with one line, not a stack trace, when a variable is missing; the adapter itself reads them
 * (and refuses the development key sent anywhere but a local URL).
 */
export const ENV_CHECK = `if (!process.env.KLAREFI_API_KEY || !process.env.KLAREFI_WEBHOOK_SECRET) {
  console.error('Set KLAREFI_API_KEY and KLAREFI_WEBHOOK_SECRET first (\`klarefi dev\` prints test values).');
  process.exit(1);
}`;

/** The line the root README's blocks and the starters share where the options leave the secrets out. */
export const FROM_ENV =
  '// apiKey, baseUrl, webhookSecret: from KLAREFI_API_KEY, KLAREFI_API_BASE_URL, KLAREFI_WEBHOOK_SECRET';

/** The imports of the Redis dedupe store, commented out; the test suite type-checks them uncommented. */
export const redisImports = (
  setup: Setup,
) => `// Several processes receiving webhooks? Share one dedupe store, so each delivery runs once: set
// KLAREFI_REDIS_URL, run \`${setup.redisInstall}\` and uncomment the lines ending in "// redis".
// import { Redis } from 'ioredis'; // redis
// import { RedisDedupeStore } from '@klarefi/redis'; // redis`;

/** The option that makes the webhook route use the Redis dedupe store. */
export const REDIS_DEDUPE =
  'dedupe: new RedisDedupeStore({ client: new Redis(process.env.KLAREFI_REDIS_URL!) })';

/** The comment above `claim()` in every starter's `case.completed` handler. */
export const claimComment = (setup: Setup) =>
  `// The case's values, typed by your case types once \`${setup.klarefi} types\` wrote klarefi-env.d.ts.`;

/**
 * The `case.completed` handler of the starters: the claim's values (read from the event, or from
 * the case when the event lacks them), not the raw features. `indent` is the handler's own, and
 * `log` the logging call, e.g. `request.context.log` on Azure.
 */
export function completedHandler(
  setup: Setup,
  indent: string,
  log = 'console.log',
  context = 'claim',
): string {
  return [
    `'case.completed': async (event, { ${context} }) => {`,
    `  ${log}('claim completed', event.case_id);`,
    `  ${claimComment(setup)}`,
    '  const c = await claim();',
    `  ${log}(c.caseTypeId, c.values);`,
    '},',
  ]
    .map((line, i) => (i === 0 ? line : indent + line))
    .join('\n');
}
