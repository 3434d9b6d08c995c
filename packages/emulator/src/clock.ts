import { KlarefiConfigError } from '@klarefi/sdk';

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * A duration in milliseconds from a number of milliseconds or a text such as `'72h'`, `'90m'`,
 * `'1d 2h'`, `'30s'` or `'250ms'`. Throws `KlarefiConfigError` naming `what` when it is neither.
 */
export function parseDuration(value: number | string, what = 'duration'): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value >= 0) return value;
  } else if (typeof value === 'string') {
    const parts = value.trim().toLowerCase().split(/\s+/);
    let total = 0;
    for (const part of parts) {
      const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(part);
      if (!m) {
        total = Number.NaN;
        break;
      }
      total += Number(m[1]) * (UNITS[m[2] as string] as number);
    }
    if (Number.isFinite(total)) return Math.round(total);
  }
  throw new KlarefiConfigError(
    `${what} must be milliseconds ≥ 0 or a duration such as '72h', '90m', '30s', '1d 2h' (got ${JSON.stringify(value)}).`,
  );
}

/** The emulator's clock: the configured `now` plus however far it has been moved. */
export interface EmulatorClock {
  /** Milliseconds since the epoch, as the emulator sees them. */
  now(): number;
  /**
   * Moves the clock forward by `duration` (`'72h'`, `'30m'` or milliseconds), at once: sessions expire,
   * retries that fall due are sent, and signatures carry the new time. The clock never moves back.
   */
  advance(duration: number | string): void;
  /** How far the clock has been moved, in milliseconds. */
  readonly offsetMs: number;
}

/** A movable clock over `base`; `onAdvance` runs after every move (the deliverer reschedules). */
export function createClock(base: () => number, onAdvance: () => void): EmulatorClock {
  let offset = 0;
  return {
    now: () => base() + offset,
    advance(duration) {
      offset += parseDuration(duration, 'clock.advance(duration)');
      onAdvance();
    },
    get offsetMs() {
      return offset;
    },
  };
}
