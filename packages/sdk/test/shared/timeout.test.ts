import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { withTimeout } from '../../src/entries/adapter.js';

describe('withTimeout', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves with the answer in time and leaves no timer behind', async () => {
    await expect(withTimeout(Promise.resolve(7), 1_000, 'slow')).resolves.toBe(7);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('passes a failure in time through and clears its timer', async () => {
    const failure = new Error('refused');
    await expect(withTimeout(Promise.reject(failure), 1_000, 'slow')).rejects.toBe(failure);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects with a TimeoutError (code ETIMEDOUT) carrying the message once the time is up', async () => {
    const waiting = withTimeout(new Promise(() => {}), 1_000, 'Redis did not answer SET within 1000 ms.');
    const outcome = expect(waiting).rejects.toMatchObject({
      name: 'TimeoutError',
      code: 'ETIMEDOUT',
      message: 'Redis did not answer SET within 1000 ms.',
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await outcome;
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects with the caller’s own error, and a late failure is no unhandled rejection', async () => {
    let fail: (error: Error) => void = () => {};
    const late = new Promise<never>((_, reject) => {
      fail = reject;
    });
    const own = new Error('budget');
    const waiting = withTimeout(late, 10, () => own);
    const outcome = expect(waiting).rejects.toBe(own);
    await vi.advanceTimersByTimeAsync(10);
    await outcome;
    vi.useRealTimers();
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    fail(new Error('late'));
    await new Promise((resolve) => setImmediate(resolve));
    process.off('unhandledRejection', unhandled);
    expect(unhandled).not.toHaveBeenCalled();
  });
});
