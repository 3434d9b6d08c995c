/**
 * @module
 * `useKlarefi()` for vitest: `import { useKlarefi } from '@klarefi/testing/vitest'`.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type LazyOptions, useKlarefiWith } from './hooks.js';
import type { KlarefiTest } from './start.js';

export type { LazyOptions } from './hooks.js';

/**
 * Starts a Klarefi emulator for this test file: in `beforeAll`, reset before each test, closed in
 * `afterAll`. Pass a function for options that are known only once the app is listening.
 *
 * @example
 * const klarefi = useKlarefi(() => ({ forwardTo: `${appUrl}/webhooks/klarefi` }));
 */
export function useKlarefi(options?: LazyOptions): KlarefiTest {
  return useKlarefiWith({ beforeAll, beforeEach, afterAll }, options);
}
