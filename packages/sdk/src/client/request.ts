import { createApiError, describeStatus, isRecord, parseJson, type RawAnswer } from './api-error.js';
import { KlarefiAbortError, KlarefiConnectionError, KlarefiTimeoutError } from '../errors/api.js';
import type { ResolvedClientOptions } from './options.js';
import { isRetryableStatus, retryDelayMs } from './retry.js';
import { createScrubber, sanitizeCause } from './scrub.js';
import { API_PREFIX, CLIENT_HEADER_VALUE } from './version.js';

/** One logical API call, before retries. */
export interface ApiRequest {
  method: 'GET' | 'POST' | 'DELETE';
  /** The path below `/api/v1`, path parameters already encoded, e.g. `/cases/abc`. */
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: Record<string, unknown>;
  /** Send the `Authorization` header. @default true */
  authenticate?: boolean;
  /** The `Idempotency-Key` header, the same on every attempt. */
  idempotencyKey?: string;
}

/** The per-call settings, already validated. */
export interface CallSettings {
  timeoutMs: number;
  maxRetries: number;
  signal: AbortSignal | undefined;
}

/** A successful answer: status, headers and the parsed JSON object. */
export interface ApiResponse<T> {
  status: number;
  headers: Headers;
  data: T;
}

type Attempt =
  | { kind: 'answer'; response: Response; text: string }
  | { kind: 'timeout' }
  | { kind: 'network'; error: unknown }
  | { kind: 'aborted' };

/**
 * Sends a request, retrying connection errors, timeouts and retryable statuses with backoff, and
 * returns the parsed 2xx body or throws the typed error. Every message is scrubbed of the key.
 */
export async function sendRequest<T>(
  config: ResolvedClientOptions,
  request: ApiRequest,
  settings: CallSettings,
): Promise<ApiResponse<T>> {
  const scrub = createScrubber(config.apiKey);
  const path = `${API_PREFIX}${request.path}${queryString(request.query)}`;
  const where = `${request.method} ${path}`;
  const url = `${config.baseUrl}${path}`;
  const { signal } = settings;
  for (let attempt = 0; ; attempt += 1) {
    if (signal?.aborted) throw abortError(where, signal, config.apiKey);
    const init: RequestInit = {
      method: request.method,
      headers: buildHeaders(config.apiKey, request, attempt),
      // The key must never follow a redirect to another host; a redirect is reported instead.
      redirect: 'manual',
    };
    if (request.body !== undefined) init.body = JSON.stringify(request.body);
    const outcome = await attemptOnce(config, url, init, settings);
    if (outcome.kind === 'aborted') throw abortError(where, signal, config.apiKey);
    const canRetry = attempt < settings.maxRetries;
    if (outcome.kind === 'answer') {
      const { response, text } = outcome;
      const answer: RawAnswer = {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
        text,
        method: request.method,
        path,
      };
      if (response.status >= 200 && response.status < 300) {
        return {
          status: response.status,
          headers: response.headers,
          data: parseSuccess<T>(answer, scrub, config.clock.now()),
        };
      }
      if (!(canRetry && isRetryableStatus(response.status))) {
        throw createApiError(answer, scrub, config.clock.now());
      }
    } else if (!canRetry) {
      throw failureError(outcome, where, attempt + 1, settings.timeoutMs, config);
    }
    const delay = retryDelayMs(
      attempt,
      outcome.kind === 'answer' ? outcome.response : undefined,
      config.clock.now(),
      Math.random(),
    );
    try {
      await config.clock.sleep(delay, signal);
    } catch (error) {
      if (signal?.aborted) throw abortError(where, signal, config.apiKey);
      throw error;
    }
  }
}

function buildHeaders(apiKey: string, request: ApiRequest, attempt: number): Record<string, string> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'X-Klarefi-Client': CLIENT_HEADER_VALUE,
    'X-Klarefi-Retry-Count': String(attempt),
  };
  if (request.authenticate !== false) headers.Authorization = `Bearer ${apiKey}`;
  if (request.body !== undefined) headers['Content-Type'] = 'application/json';
  if (request.idempotencyKey !== undefined) headers['Idempotency-Key'] = request.idempotencyKey;
  return headers;
}

async function attemptOnce(
  config: ResolvedClientOptions,
  url: string,
  init: RequestInit,
  settings: CallSettings,
): Promise<Attempt> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, settings.timeoutMs);
  const relay = (): void => controller.abort();
  settings.signal?.addEventListener('abort', relay, { once: true });
  try {
    // Raced against the abort so that a fetch which ignores its signal still ends on time.
    const response = await untilAborted(
      config.fetch(url, { ...init, signal: controller.signal }),
      controller.signal,
    );
    const text = await untilAborted(response.text(), controller.signal);
    return { kind: 'answer', response, text };
  } catch (error) {
    if (settings.signal?.aborted) return { kind: 'aborted' };
    if (timedOut) return { kind: 'timeout' };
    return { kind: 'network', error };
  } finally {
    clearTimeout(timer);
    settings.signal?.removeEventListener('abort', relay);
  }
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function parseSuccess<T>(answer: RawAnswer, scrub: (text: string) => string, now: number): T {
  if (answer.text.trim() === '') return {} as T;
  const parsed = parseJson(answer.text);
  if (parsed.ok && isRecord(parsed.value)) return parsed.value as T;
  const status = describeStatus(answer.status, answer.statusText);
  const body = parsed.ok ? 'a JSON body that is not an object' : 'a non-JSON body';
  throw createApiError(
    answer,
    scrub,
    now,
    `Klarefi API answered ${status} with ${body} (${answer.method} ${answer.path}); ` +
      'check that baseUrl points at the Klarefi API',
  );
}

function failureError(
  outcome: { kind: 'timeout' } | { kind: 'network'; error: unknown },
  where: string,
  attempts: number,
  timeoutMs: number,
  config: ResolvedClientOptions,
): Error {
  const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
  if (outcome.kind === 'timeout') {
    return new KlarefiTimeoutError(
      `Klarefi API did not answer within ${timeoutMs} ms (${where}, ${tries}); raise timeoutMs or check the network`,
      timeoutMs,
    );
  }
  const scrub = createScrubber(config.apiKey);
  const cause = sanitizeCause(outcome.error, config.apiKey);
  return new KlarefiConnectionError(
    scrub(
      `Could not reach the Klarefi API at ${config.baseUrl} (${where}, ${tries}): ${describeCause(cause)}`,
    ),
    { cause },
  );
}

/** `fetch failed (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:1)`: the error and its root cause. */
function describeCause(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== undefined && current !== null; depth += 1) {
    const record = current as { message?: unknown; code?: unknown; cause?: unknown };
    const message = typeof record.message === 'string' ? record.message : String(current);
    parts.push(typeof record.code === 'string' ? `${record.code}: ${message}` : message);
    current = typeof current === 'object' ? record.cause : undefined;
  }
  return parts.length > 1 ? `${parts[0]} (${parts.slice(1).join('; ')})` : (parts[0] ?? 'unknown error');
}

function abortError(where: string, signal: AbortSignal | undefined, apiKey: string): KlarefiAbortError {
  return new KlarefiAbortError(`The call was aborted by its signal (${where}); it was not retried`, {
    cause: sanitizeCause(signal?.reason, apiKey),
  });
}

function queryString(query: ApiRequest['query']): string {
  if (query === undefined) return '';
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) search.set(name, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}
