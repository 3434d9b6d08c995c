import { KlarefiArgumentError } from '../errors/api.js';
import { generateIdempotencyKey } from './idempotency.js';
import {
  type IdempotentRequestOptions,
  type KlarefiClientOptions,
  type RequestOptions,
  type ResolvedClientOptions,
  resolveClientOptions,
} from './options.js';
import { type ApiRequest, type CallSettings, sendRequest } from './request.js';
import type {
  AcknowledgeDeliveryParams,
  Case,
  CaseEvent,
  CaseEventsPage,
  CaseEventsParams,
  CasePackage,
  CreateSessionParams,
  DeliveryAcknowledgement,
  DocumentErasure,
  Health,
  Me,
  ProcessDocumentParams,
  ProcessingJob,
  SendTestWebhookParams,
  Session,
  TestWebhookResult,
} from './types.js';
import {
  checkIdempotencyKey,
  optionalNumber,
  optionalStrings,
  pathParam,
  requireObject,
  requireString,
  resolveCallSettings,
} from './validate.js';

const REFERENCE_FIELDS = [
  'external_case_id',
  'external_applicant_id',
  'external_customer_id',
  'trace_id',
] as const;
const CASE_TYPE_HINT = 'a case type configured in the Klarefi dashboard, e.g. "motor_claim"';
const CASE_ID_HINT = 'the session_id that createSession returned';
const CURSOR_HINT = 'a whole number ≥ 0 (a next_cursor from an earlier page)';
const isCursor = (value: number): boolean => Number.isInteger(value) && value >= 0;
const isPositive = (value: number): boolean => Number.isFinite(value) && value > 0;

/**
 * The Klarefi API client. Create one per API key at start-up and share it: it holds no
 * per-request state. Failed calls are retried (connection errors, timeouts, 408, 409, 429, 5xx)
 * with backoff; creates carry one idempotency key across all their retries.
 *
 * @throws {KlarefiConfigError} at construction, when an option is missing or malformed.
 * @example
 * const klarefi = new KlarefiClient({ apiKey: process.env.KLAREFI_API_KEY });
 * const session = await klarefi.createSession({ case_type_id: 'motor_claim', ttl_hours: 24, locale: 'nl' });
 * return Response.redirect(session.signed_url, 303);
 */
export class KlarefiClient {
  /** `"test"` for an `sk_test_` key, `"live"` for an `sk_live_` key. */
  readonly environment: 'test' | 'live';
  /** The API origin in use, without a trailing slash. */
  readonly baseUrl: string;
  /** The per-attempt timeout in milliseconds. */
  readonly timeoutMs: number;
  /** How many times a failed call is retried. */
  readonly maxRetries: number;
  // Private, so the key is neither enumerable nor shown by JSON.stringify or util.inspect.
  readonly #config: ResolvedClientOptions;

  constructor(options: KlarefiClientOptions) {
    this.#config = resolveClientOptions(options);
    this.environment = this.#config.environment;
    this.baseUrl = this.#config.baseUrl;
    this.timeoutMs = this.#config.timeoutMs;
    this.maxRetries = this.#config.maxRetries;
  }

  /**
   * Creates a hosted intake session (`POST /api/v1/sessions`). Redirect the claimant to its
   * `signed_url`. A replay of an earlier key answers with `idempotent_replay: true`.
   */
  async createSession(params: CreateSessionParams, options: IdempotentRequestOptions = {}): Promise<Session> {
    const method = 'createSession';
    const body = requireObject(params, `${method}: params`);
    requireString(body, 'case_type_id', method, CASE_TYPE_HINT);
    optionalStrings(body, ['locale', 'return_url', ...REFERENCE_FIELDS], method);
    optionalNumber(body, 'ttl_hours', method, isPositive, 'a positive number of hours');
    return this.#create<Session>(method, '/sessions', body, options);
  }

  /** Reads a case with its extracted features (`GET /api/v1/cases/{caseId}`). */
  async getCase(caseId: string, options: RequestOptions = {}): Promise<Case> {
    const path = `/cases/${pathParam(caseId, 'caseId', 'getCase', CASE_ID_HINT)}`;
    return this.#send<Case>('getCase', { method: 'GET', path }, options);
  }

  /**
   * Reads one page of a case's event log (`GET /api/v1/cases/{caseId}/events`). Pass the page's
   * `next_cursor` as `after_cursor` to read on, or use {@link KlarefiClient.listAllCaseEvents}.
   */
  async getCaseEvents(
    caseId: string,
    params: CaseEventsParams = {},
    options: RequestOptions = {},
  ): Promise<CaseEventsPage> {
    const method = 'getCaseEvents';
    const id = pathParam(caseId, 'caseId', method, CASE_ID_HINT);
    const query = requireObject(params, `${method}: params`, true);
    optionalNumber(query, 'after_cursor', method, isCursor, CURSOR_HINT);
    return this.#eventsPage(id, query.after_cursor as number | undefined, this.#settings(options, method));
  }

  /**
   * Every event of a case, across all pages, in order: follows `next_cursor` until it is `null`
   * (or stops advancing). Arguments are checked at once; pages are fetched as you iterate.
   * @example
   * for await (const event of klarefi.listAllCaseEvents(caseId)) console.log(event.event_type);
   */
  listAllCaseEvents(
    caseId: string,
    params: CaseEventsParams = {},
    options: RequestOptions = {},
  ): AsyncGenerator<CaseEvent, void, undefined> {
    const method = 'listAllCaseEvents';
    const id = pathParam(caseId, 'caseId', method, CASE_ID_HINT);
    const query = requireObject(params, `${method}: params`, true);
    optionalNumber(query, 'after_cursor', method, isCursor, CURSOR_HINT);
    return this.#allEvents(id, query.after_cursor as number | undefined, this.#settings(options, method));
  }

  /** Reads a case's review-ready package (`GET /api/v1/cases/{caseId}/package`). */
  async getCasePackage(caseId: string, options: RequestOptions = {}): Promise<CasePackage> {
    const path = `/cases/${pathParam(caseId, 'caseId', 'getCasePackage', CASE_ID_HINT)}/package`;
    return this.#send<CasePackage>('getCasePackage', { method: 'GET', path }, options);
  }

  /**
   * Submits a document for processing (`POST /api/v1/process`). Webhook endpoints are set in the
   * dashboard; a per-request `webhook_url` is refused before sending.
   */
  async processDocument(
    params: ProcessDocumentParams,
    options: IdempotentRequestOptions = {},
  ): Promise<ProcessingJob> {
    const method = 'processDocument';
    const body = requireObject(params, `${method}: params`);
    requireString(body, 'document_url', method, 'a public https:// URL of the document');
    requireString(body, 'case_type_id', method, CASE_TYPE_HINT);
    optionalStrings(body, REFERENCE_FIELDS, method);
    if (body.webhook_url !== undefined) {
      throw new KlarefiArgumentError(
        `${method}: webhook_url is not supported per request; register webhook endpoints in the Klarefi dashboard.`,
      );
    }
    return this.#create<ProcessingJob>(method, '/process', body, options);
  }

  /**
   * Erases a document and what was derived from it (`DELETE /api/v1/documents/{docId}`).
   * `status_code` is `200` when erasure finished and `202` when more batches remain: call again.
   */
  async deleteDocument(docId: string, options: RequestOptions = {}): Promise<DocumentErasure> {
    const method = 'deleteDocument';
    const path = `/documents/${pathParam(docId, 'docId', method, 'a doc_id from processDocument or a case')}`;
    const response = await sendRequest<DocumentErasure>(
      this.#config,
      { method: 'DELETE', path },
      this.#settings(options, method),
    );
    return { ...response.data, status_code: response.status as DocumentErasure['status_code'] };
  }

  /** Asks Klarefi to send a `v1.webhook.test` event to your endpoints (`POST /api/v1/webhooks/test`). */
  async sendTestWebhook(
    params: SendTestWebhookParams = {},
    options: IdempotentRequestOptions = {},
  ): Promise<TestWebhookResult> {
    const method = 'sendTestWebhook';
    const body = requireObject(params, `${method}: params`, true);
    const settings = this.#settings(options, method);
    const request: ApiRequest = { method: 'POST', path: '/webhooks/test', body: { ...body } };
    if (settings.idempotencyKey !== undefined) request.idempotencyKey = settings.idempotencyKey;
    return (await sendRequest<TestWebhookResult>(this.#config, request, settings)).data;
  }

  /** Acknowledges a webhook delivery (`POST /api/v1/webhooks/deliveries/{deliveryId}/ack`). */
  async acknowledgeDelivery(
    deliveryId: string,
    params: AcknowledgeDeliveryParams = {},
    options: IdempotentRequestOptions = {},
  ): Promise<DeliveryAcknowledgement> {
    const method = 'acknowledgeDelivery';
    const id = pathParam(deliveryId, 'deliveryId', method, 'the delivery_id of the webhook event');
    const body = requireObject(params, `${method}: params`, true);
    optionalStrings(body, ['acknowledgement_id'], method);
    const settings = this.#settings(options, method);
    const request: ApiRequest = { method: 'POST', path: `/webhooks/deliveries/${id}/ack`, body: { ...body } };
    if (settings.idempotencyKey !== undefined) request.idempotencyKey = settings.idempotencyKey;
    return (await sendRequest<DeliveryAcknowledgement>(this.#config, request, settings)).data;
  }

  /** Reads the organisation and environment of the key (`GET /api/v1/me`). */
  async getMe(options: RequestOptions = {}): Promise<Me> {
    return this.#send<Me>('getMe', { method: 'GET', path: '/me' }, options);
  }

  /** Checks that the API is up (`GET /api/v1/health`); sent without the key. */
  async getHealth(options: RequestOptions = {}): Promise<Health> {
    return this.#send<Health>('getHealth', { method: 'GET', path: '/health', authenticate: false }, options);
  }

  #settings(options: unknown, method: string): CallSettings & { idempotencyKey: string | undefined } {
    return resolveCallSettings(options, this.#config, method);
  }

  async #send<T>(method: string, request: ApiRequest, options: unknown): Promise<T> {
    return (await sendRequest<T>(this.#config, request, this.#settings(options, method))).data;
  }

  async #create<T>(
    method: string,
    path: string,
    body: Record<string, unknown>,
    options: unknown,
  ): Promise<T> {
    const settings = this.#settings(options, method);
    const fromBody = checkIdempotencyKey(body.idempotency_key, 'params.idempotency_key', method);
    if (
      fromBody !== undefined &&
      settings.idempotencyKey !== undefined &&
      fromBody !== settings.idempotencyKey
    ) {
      throw new KlarefiArgumentError(
        `${method}: params.idempotency_key and options.idempotencyKey differ; give one of them (the API would use the body's).`,
      );
    }
    const idempotencyKey = fromBody ?? settings.idempotencyKey ?? generateIdempotencyKey();
    const request: ApiRequest = { method: 'POST', path, body: { ...body }, idempotencyKey };
    return (await sendRequest<T>(this.#config, request, settings)).data;
  }

  async #eventsPage(id: string, cursor: number | undefined, settings: CallSettings): Promise<CaseEventsPage> {
    const request: ApiRequest = {
      method: 'GET',
      path: `/cases/${id}/events`,
      query: { after_cursor: cursor },
    };
    return (await sendRequest<CaseEventsPage>(this.#config, request, settings)).data;
  }

  async *#allEvents(
    id: string,
    start: number | undefined,
    settings: CallSettings,
  ): AsyncGenerator<CaseEvent, void, undefined> {
    let cursor = start;
    for (;;) {
      const page = await this.#eventsPage(id, cursor, settings);
      yield* Array.isArray(page.events) ? page.events : [];
      const next = page.next_cursor;
      // A cursor that does not advance would page forever.
      if (next === null || next === undefined || next === cursor) return;
      cursor = next;
    }
  }
}
