import { type OptionChecker, optionChecker } from '../shared/options.js';

/**
 * Time as the client sees it. Meant for tests: replace `sleep` to skip the waits between
 * retries, and `now` to pin how `Retry-After` dates and `X-RateLimit-Reset` are read.
 * The per-attempt timeout (`timeoutMs`) always runs on the platform's timers.
 */
export interface KlarefiClock {
  /**
   * Milliseconds since the epoch.
   * @default Date.now
   */
  now?: () => number;
  /**
   * Waits `ms` milliseconds between attempts; must reject when `signal` aborts.
   * @default a `setTimeout` that the signal cancels
   */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Validates the `clock` option and fills in the real clock. Throws {@link KlarefiConfigError}. */
export function checkClock(value: unknown): Required<KlarefiClock> {
  const check: OptionChecker = optionChecker('KlarefiClient');
  if (value !== undefined && (typeof value !== 'object' || value === null)) {
    check.invalid('clock', value, 'an object { now?, sleep? }');
  }
  const clock = (value ?? {}) as Record<string, unknown>;
  check.optionalFunction('clock.now', clock.now, '() => milliseconds');
  check.optionalFunction('clock.sleep', clock.sleep, '(ms, signal?) => Promise<void>');
  return {
    now: (clock.now as (() => number) | undefined) ?? Date.now,
    sleep: (clock.sleep as Required<KlarefiClock>['sleep'] | undefined) ?? sleep,
  };
}

/** Waits `ms` milliseconds; rejects with the signal's reason when it aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
