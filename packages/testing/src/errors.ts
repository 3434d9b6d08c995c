import { KlarefiError } from '@klarefi/sdk';

/** What went wrong, for code that branches on it. */
export type KlarefiTestErrorCode =
  /** The hosted form refused the answers; `fieldErrors` holds its messages. */
  | 'invalid_answers'
  /** The session's signed URL has expired (the form answers 410). */
  | 'session_expired'
  /** The form was already submitted. */
  | 'already_submitted'
  /** The signed URL is unknown or its token is wrong. */
  | 'invalid_link'
  /** The hosted form answered something a claimant could not go on from. */
  | 'unexpected_page'
  /** A wait ran out; the message lists what did arrive. */
  | 'timeout';

/**
 * A failure of the test fixture itself (a claim the form refused, a wait that ran out), as opposed
 * to a `KlarefiConfigError` for options it cannot work with.
 */
export class KlarefiTestError extends KlarefiError {
  override name = 'KlarefiTestError';

  constructor(
    readonly code: KlarefiTestErrorCode,
    message: string,
    /** For `invalid_answers`: each refused field (the question id) and the form's message for it. */
    readonly fieldErrors: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}
