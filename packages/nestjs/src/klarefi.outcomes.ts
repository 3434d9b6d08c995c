import { Logger } from '@nestjs/common';
import { describeOutcome, outcomeLevel, type WebhookOptions, type WebhookOutcome } from '@klarefi/sdk';

// A Logger instance writes through whatever logger the app was created with, at call time.
const logger = new Logger('Klarefi');
const METHOD = { info: 'log', warn: 'warn', error: 'error' } as const;

function logWithNest(outcome: WebhookOutcome): void {
  logger[METHOD[outcomeLevel(outcome)]](describeOutcome(outcome));
}

/** Outcomes go to Nest's `Logger` (context `Klarefi`) unless the app gave `webhook.onOutcome`. */
export function withNestLogger<T>(webhook: WebhookOptions<T> | undefined): WebhookOptions<T> | undefined {
  if (webhook?.onOutcome !== undefined || (webhook !== undefined && typeof webhook !== 'object'))
    return webhook;
  return { ...webhook, onOutcome: logWithNest };
}
