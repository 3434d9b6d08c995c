import type { KlarefiAnswer } from '../../src/handler/answer.js';
import type { WebhookRequest } from '../../src/handler/webhook.js';

type Headers_ = Headers | Record<string, string | undefined>;

/** A webhook request as the core pulls it, from plain test data. */
export function webhookRequest<T>(input: {
  method: string;
  headers: Headers_;
  rawBody: unknown;
  rawBodyHelp?: string;
  request: T;
}): WebhookRequest<T> {
  const { headers } = input;
  return {
    method: input.method,
    header: (name) => (headers instanceof Headers ? headers.get(name) : headers[name]),
    readBody: async () => input.rawBody as never,
    rawBodyHelp: input.rawBodyHelp,
    request: input.request,
  };
}

/** A refusal answer's status, code and message. */
export function refusalOf(answer: KlarefiAnswer): { status: number; code: string; message: string } {
  const { error } = JSON.parse(answer.body ?? '{}') as { error: { code: string; message: string } };
  return { status: answer.status, code: error.code, message: error.message };
}
