import { Logger } from '@nestjs/common';
import type { WebhookOutcome } from '@klarefi/sdk';
import { describeOutcome, outcomeLevel } from '@klarefi/sdk/adapter';

// A Logger instance writes through whatever logger the app was created with, at call time.
const logger = new Logger('Klarefi');
const METHOD = { info: 'log', warn: 'warn', error: 'error' } as const;

/** Outcomes go to Nest's `Logger` (context `Klarefi`) unless the app gave `webhook.onOutcome`. */
export function logWithNest(outcome: WebhookOutcome): void {
  logger[METHOD[outcomeLevel(outcome)]](describeOutcome(outcome));
}
