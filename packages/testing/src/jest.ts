/**
 * @module
 * `useKlarefi()` for jest (its global `beforeAll`, `beforeEach`, `afterAll`):
 * `import { useKlarefi } from '@klarefi/testing/jest'`. Works the same under `bun:test`.
 */
import { KlarefiConfigError } from '@klarefi/sdk';
import { type LazyOptions, type RunnerHooks, useKlarefiWith } from './hooks.js';
import type { KlarefiTest } from './start.js';

export type { LazyOptions } from './hooks.js';

/**
 * Starts a Klarefi emulator for this test file: in `beforeAll`, reset before each test, closed in
 * `afterAll`. Pass a function for options that are known only once the app is listening.
 */
export function useKlarefi(options?: LazyOptions): KlarefiTest {
  const globals = globalThis as unknown as Partial<RunnerHooks>;
  const { beforeAll, beforeEach, afterAll } = globals;
  if (typeof beforeAll !== 'function' || typeof beforeEach !== 'function' || typeof afterAll !== 'function') {
    throw new KlarefiConfigError(
      "useKlarefi() from '@klarefi/testing/jest' needs jest's global beforeAll, beforeEach and afterAll: call it at the top of a test file run by jest (with vitest, import '@klarefi/testing/vitest').",
    );
  }
  return useKlarefiWith({ beforeAll, beforeEach, afterAll }, options);
}
