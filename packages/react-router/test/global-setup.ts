import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Where the fixture app is, and its production build once `react-router build` ran. */
export const FIXTURE = fileURLToPath(new URL('./fixture/', import.meta.url));

// The fixture app is built once per test run (not per test file): a production build, served by
// React Router's own request handler in the tests.
export default function buildFixture(): void {
  const bin = fileURLToPath(new URL('../node_modules/@react-router/dev/bin.js', import.meta.url));
  const result = spawnSync(process.execPath, [bin, 'build'], { cwd: FIXTURE, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`react-router build of the test fixture failed:\n${result.stdout}\n${result.stderr}`);
  }
}
