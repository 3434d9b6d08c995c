import { KlarefiConfigError } from '@klarefi/sdk';
import { type KlarefiTest, type KlarefiTestOptions, startKlarefiTest } from './start.js';

/** The lifecycle hooks of a test runner. */
export interface RunnerHooks {
  beforeAll(fn: () => Promise<void> | void, timeout?: number): void;
  beforeEach(fn: () => Promise<void> | void): void;
  afterAll(fn: () => Promise<void> | void, timeout?: number): void;
}

/** Options, or a function returning them when the hooks run (after the app under test has started). */
export type LazyOptions = KlarefiTestOptions | (() => KlarefiTestOptions | Promise<KlarefiTestOptions>);

/** Bounds start-up and shutdown in the hooks; the emulator starts in well under a second. */
const HOOK_TIMEOUT_MS = 15_000;

/**
 * A `KlarefiTest` started in `beforeAll`, reset before each test (faults removed, deliveries so far
 * forgotten) and closed in `afterAll`. Reading it before `beforeAll` ran throws an error that says so.
 */
export function useKlarefiWith(hooks: RunnerHooks, options: LazyOptions = {}): KlarefiTest {
  let current: KlarefiTest | undefined;
  hooks.beforeAll(async () => {
    current = await startKlarefiTest(typeof options === 'function' ? await options() : options);
  }, HOOK_TIMEOUT_MS);
  hooks.beforeEach(() => current?.reset());
  hooks.afterAll(async () => {
    await current?.close();
    current = undefined;
  }, HOOK_TIMEOUT_MS);
  return new Proxy({} as KlarefiTest, {
    get(_, name) {
      if (!current) {
        throw new KlarefiConfigError(
          `useKlarefi(): read klarefi.${String(name)} inside a test or a hook; the emulator starts in beforeAll and stops in afterAll.`,
        );
      }
      const value = current[name as keyof KlarefiTest];
      return typeof value === 'function' ? value.bind(current) : value;
    },
  });
}
