import type { KlarefiOptions, WebhookOutcome } from '@klarefi/sdk';
import { describeOutcome, outcomeLevel, outcomeLogFields, withDefaultOutcomeLog } from '@klarefi/sdk/adapter';
import type { FastifyRequest } from 'fastify';

// Fastify's logger interface (pino's) carries a string `level`; with logging off, Fastify's
// stand-in has none, so the line is not even built.
function logToRequest(outcome: WebhookOutcome, request: FastifyRequest): void {
  const log = request.log;
  if (typeof log.level !== 'string' || log.level === 'silent') return;
  log[outcomeLevel(outcome)](outcomeLogFields(outcome), describeOutcome(outcome));
}

/**
 * Outcomes go to the request's own logger (with its `reqId`; silent unless the app has a
 * logger) unless the app gave `webhook.onOutcome`.
 */
export function withRequestLog<TTx>(
  options: KlarefiOptions<FastifyRequest, TTx>,
): KlarefiOptions<FastifyRequest, TTx> {
  return withDefaultOutcomeLog(options, logToRequest);
}
