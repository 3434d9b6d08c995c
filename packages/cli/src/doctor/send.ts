import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { BatteryDelivery } from '@klarefi/sdk/testing';
import { excerptOf, type Output, println } from '../io.js';

/** Klarefi waits this long for an answer before it counts the attempt as failed and retries. */
export const ANSWER_BUDGET_MS = 30_000;

/** What the receiver answered to one delivery. */
export interface Answer {
  /** The HTTP status; `null` when there was no answer. */
  status: number | null;
  /** The `code` of a JSON error body (`{"error":{"code":…}}` or `{"code":…}`), when there is one. */
  code: string | null;
  /** From sending to the end of the answer's body, in milliseconds. */
  ms: number;
  /** The answer's body on one line, cut short. */
  excerpt: string;
  /** Why there was no answer. */
  error: string | null;
}

/** How one delivery reaches the receiver. */
export interface Sender {
  send(delivery: BatteryDelivery): Promise<Answer>;
}

/** What Klarefi does with an answer: the receiver's status as the service reads it. */
export function meaningOf(answer: Pick<Answer, 'status'>): string {
  const { status } = answer;
  if (status === null) return 'no answer: Klarefi retries';
  if (status >= 200 && status < 300) return 'acknowledged';
  if (isRetryable(status)) return 'Klarefi retries it';
  if (status >= 300 && status < 400) return 'a redirect, which Klarefi does not follow: retried as a failure';
  return 'refused for good: Klarefi does not retry a 4xx, so a valid event answered so is lost';
}

/** 408, 409, 425, 429 and every 5xx tell the service to come back later. */
export function isRetryable(status: number | null): boolean {
  return status === null || status >= 500 || [408, 409, 425, 429].includes(status);
}

/** `true` for a 2xx. */
export function isAcknowledged(answer: Pick<Answer, 'status'>): boolean {
  return answer.status !== null && answer.status >= 200 && answer.status < 300;
}

function errorCodeOf(text: string): string | null {
  if (!text.trimStart().startsWith('{')) return null;
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown } | string; code?: unknown };
    const code =
      typeof body.error === 'object' && body.error !== null ? body.error.code : (body.code ?? body.error);
    return typeof code === 'string' && code !== '' ? code.slice(0, 80) : null;
  } catch {
    return null;
  }
}

function describeFetchError(error: unknown): string {
  const name = (error as { name?: string }).name;
  if (name === 'TimeoutError' || name === 'AbortError')
    return `no answer within ${ANSWER_BUDGET_MS / 1000} s`;
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  return code && !message.includes(code) ? `${code} (${message})` : message;
}

/** One line describing a delivery, for `--verbose`: never the secret, only what was sent. */
export function describeDelivery(d: BatteryDelivery): string {
  const header = d.headers['x-klarefi-signature'];
  const sig = header === undefined ? 'no signature header' : `x-klarefi-signature: ${header}`;
  const text = new TextDecoder().decode(d.body.subarray(0, 160));
  return `${d.body.length} bytes, ${sig}\n      body: ${excerptOf(text, 120)}`;
}

/** Status and body text of one POST, over a connection of its own. */
function post(
  url: URL,
  headers: Record<string, string>,
  body: Uint8Array,
): Promise<{ status: number; text: string }> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    // A fresh connection per delivery (agent: false), as a deliverer opens one: a keep-alive socket
    // the receiver closed after an earlier refusal would otherwise fail the next, unrelated check.
    const req = request(url, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(body.length) },
      agent: false,
      signal: AbortSignal.timeout(ANSWER_BUDGET_MS),
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * POSTs deliveries to `url`, timing each answer. With `log`, every delivery and answer is printed
 * as it happens (`--verbose`).
 */
export function httpSender(url: string, userAgent: string, log?: Output): Sender {
  const target = new URL(url);
  return {
    async send(delivery) {
      if (log) println(log, `  --> POST ${url} ${describeDelivery(delivery)}`);
      const started = performance.now();
      let answer: Answer;
      try {
        const res = await post(target, { ...delivery.headers, 'user-agent': userAgent }, delivery.body);
        const ms = Math.round(performance.now() - started);
        answer = {
          status: res.status,
          code: errorCodeOf(res.text),
          ms,
          excerpt: excerptOf(res.text, 200),
          error: null,
        };
      } catch (error) {
        const ms = Math.round(performance.now() - started);
        answer = { status: null, code: null, ms, excerpt: '', error: describeFetchError(error) };
      }
      if (log) {
        const what = answer.status ?? `no answer (${answer.error})`;
        println(log, `  <-- ${what} ${answer.ms} ms${answer.excerpt ? ` ${answer.excerpt}` : ''}`);
      }
      return answer;
    },
  };
}
