import { HttpException } from '@nestjs/common';
import type { KlarefiHttpError, KlarefiHttpErrorCode } from '@klarefi/sdk';

/**
 * A refusal of the start-claim or webhook route as a Nest `HttpException`, so your exception
 * filters see it. Nest's default filter answers it exactly as Klarefi's other adapters do: the
 * core's status and JSON body `{ "error": { "code", "message" } }`. Headers that belong to the
 * answer (`allow` on a 405, `retry-after` on a 409) are already set on the response. The
 * core's `KlarefiHttpError` is the `cause`.
 * @example
 * @Catch(KlarefiHttpException)
 * export class KlarefiFilter implements ExceptionFilter {
 *   catch(exception: KlarefiHttpException, host: ArgumentsHost) { log(exception.code); ... }
 * }
 */
export class KlarefiHttpException extends HttpException {
  override name = 'KlarefiHttpException';
  /** Why the request was refused, e.g. `no_matching_signature`. */
  readonly code: KlarefiHttpErrorCode;
  /** The answer's headers (`content-type`, and `allow` or `retry-after` where they apply). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(error: KlarefiHttpError) {
    super(error.toJSON(), error.status, { cause: error });
    this.message = error.message;
    this.code = error.code;
    this.headers = error.headers;
  }
}
