// Builds workspace packages (and what they depend on) for running them from this clone: through
// turbo, so what did not change comes from its cache, and by default without declaration files,
// which take most of a build's time and which running does not need. A line per package being
// built says what the wait is for; the build's own output is shown only when it fails.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const turbo = fileURLToPath(new URL('../node_modules/.bin/turbo', import.meta.url));

/** The flag every package's `build` script (tsup) gets for JavaScript only. */
export const JS_ONLY = '--no-dts';

/**
 * Runs `turbo run build` for `filters` (turbo `--filter` values, e.g. `klarefi...`). With `progress`,
 * `log` gets one line per package that is not up to date and one at the end; it always gets the
 * build's output when the build fails.
 * @param {object} options
 * @param {string[]} options.filters
 * @param {(line: string) => void} options.log
 * @param {string} [options.what] what is built, for the messages
 * @param {boolean} [options.progress] a line per package built and one at the end (default true)
 * @param {boolean} [options.declarations] build the `.d.ts` files too (default false)
 * @returns {Promise<boolean>} whether the build succeeded
 */
export function buildForRun({ filters, log, what = 'the packages', progress = true, declarations = false }) {
  const started = Date.now();
  const args = ['run', 'build', ...filters.map((f) => `--filter=${f}`), '--output-logs=new-only'];
  // turbo hashes these arguments: a JavaScript-only build never stands in for a full one.
  if (!declarations) args.push('--', JS_ONLY);
  const child = spawn(turbo, args, {
    cwd: root,
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', FORCE_COLOR: '0', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let pending = '';
  let built = 0;
  const onLine = (line) => {
    const task = /^(\S+):build: cache (miss|bypass)/.exec(line);
    if (!task) return;
    built++;
    if (progress) log(`  building ${task[1]}${declarations ? '' : ' (JavaScript only)'}…`);
  };
  const onData = (chunk) => {
    output += chunk;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  return new Promise((resolve) => {
    child.on('error', (error) => {
      log(`Could not run turbo (${error.message}). Install first: npx -y pnpm@10.34.9 install`);
      resolve(false);
    });
    child.on('close', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (code !== 0) {
        log(
          `${output.trim()}\nThe build of ${what} failed (turbo exited with ${code}); its output is above.`,
        );
        resolve(false);
        return;
      }
      if (progress) log(built ? `Built ${what} in ${seconds} s.` : `Built ${what} earlier: up to date.`);
      resolve(true);
    });
  });
}
