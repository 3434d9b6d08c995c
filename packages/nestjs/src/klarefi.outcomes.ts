import { Logger } from '@nestjs/common';
import type { WebhookOutcome } from '@klarefi/sdk';
import { describeOutcome, outcomeLevel } from '@klarefi/sdk/adapter';

// A Logger instance writes through whatever logger the app was created with, at call time.
const logger = new Logger('Klarefi');
const METHOD = { info: 'log', warn: 'warn', error: 'error' } as const;

/** Outcomes go to Nest's `Logger` (context `Klarefi`) unless the app gave `webhook.onOutcome`. */
export function logWithNest(outcome: WebhookOutcome): void {
  const method = METHOD[outcomeLevel(outcome)];
  // Building the line costs more than Nest's own check, so skip it when the app's log levels
  // leave this one out. `fatal` is on whenever levels were set at all; unset, Nest prints every level.
  if (Logger.isLevelEnabled('fatal') && !Logger.isLevelEnabled(method)) return;
  logger[method](describeOutcome(outcome));
}
