/**
 * `pending`, or a rejection once `ms` have passed without an answer; the timer is cleared either
 * way, so it never holds a process open. The rejection is `timeoutError()` or, given a message,
 * an `Error` named `TimeoutError` with `code: 'ETIMEDOUT'`. What `pending` does later is ignored:
 * a late failure never becomes an unhandled rejection.
 * @example
 * await withTimeout(redis.send(args), 5_000, 'Redis did not answer SET within 5000 ms.');
 */
export function withTimeout<T>(
  pending: PromiseLike<T>,
  ms: number,
  timeoutError: string | (() => Error),
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        typeof timeoutError === 'string'
          ? Object.assign(new Error(timeoutError), { name: 'TimeoutError', code: 'ETIMEDOUT' })
          : timeoutError(),
      );
    }, ms);
    Promise.resolve(pending).then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
