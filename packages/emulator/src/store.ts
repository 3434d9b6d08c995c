import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { KlarefiConfigError } from '@klarefi/sdk';
import type { Features } from '@klarefi/sdk';
import { randomHex } from './ids.js';

/** A document of a case: an upload from the hosted form, the form's answers, or a `/process` URL. */
export interface DocumentRecord {
  doc_id: string;
  /** `upload`, `form_answers` (the transcript the answers' evidence points into) or `url`. */
  source: 'upload' | 'form_answers' | 'url';
  filename: string;
  content_type: string;
  size_bytes: number;
  uploaded_at: string;
  /** The text, when the document is text; evidence offsets point into it. */
  text: string | null;
  url?: string;
}

/** A hosted intake session. Its id is also the id of its case. */
export interface SessionRecord {
  session_id: string;
  token: string;
  case_type_id: string;
  /** The form language chosen from `locale`. */
  language: 'en' | 'nl';
  locale: string | null;
  return_url: string | null;
  external_case_id: string | null;
  external_applicant_id: string | null;
  external_customer_id: string | null;
  trace_id: string | null;
  idempotency_key: string;
  ttl_hours: number;
  created_at: string;
  expires_at: string;
  status: 'open' | 'submitted';
  submitted_at: string | null;
  answers: Record<string, string>;
  uploads: DocumentRecord[];
}

/** A case, as read through `GET /cases/{id}`. */
export interface CaseRecord {
  case_id: string;
  org_id: string;
  case_type_id: string;
  status: string;
  session_id: string | null;
  external_case_id: string | null;
  external_applicant_id: string | null;
  external_customer_id: string | null;
  idempotency_key: string | null;
  trace_id: string | null;
  features: Features;
  documents: DocumentRecord[];
  created_at: string;
  updated_at: string;
  /** The cursor of the case's latest event. */
  last_cursor: number;
}

/** A recorded event, before it is wrapped into a delivery's envelope. */
export interface EventRecord {
  event_id: string;
  event_type: string;
  /** The event's position in its case's event list; `null` for events without a case. */
  cursor: number | null;
  created_at: string;
  occurred_at: string;
  org_id: string;
  case_id: string | null;
  session_id: string | null;
  external_case_id: string | null;
  external_applicant_id: string | null;
  external_customer_id: string | null;
  idempotency_key: string | null;
  trace_id: string | null;
  data: Record<string, unknown>;
}

/** One try at delivering an event to an endpoint. */
export interface AttemptRecord {
  attempt: number;
  started_at: string;
  /** The HTTP status, or `null` when no answer came (refused connection, timeout). */
  status: number | null;
  ok: boolean;
  latency_ms: number;
  /** The start of the receiver's answer, at most 200 characters. */
  response_excerpt: string;
  error: string | null;
  /** True when the answer came from the endpoint's failure injection, not the receiver. */
  injected: boolean;
  /** A resend from the dashboard rather than a scheduled attempt. */
  manual: boolean;
  /**
   * The `code` of the JSON error body the receiver answered a non-2xx with (`invalid_signature`, …),
   * `null` when there was none. Missing in data files written before it existed.
   */
  receiver_code?: string | null;
  /** The faults applied to this attempt (`duplicate:concurrent`, `body:bom`, …); missing in old files. */
  faults?: string[];
  /** The receiver's answer headers, lower-cased; missing when there was no answer. */
  response_headers?: Record<string, string>;
  /** `2` for the second copy a `duplicate` fault sent in the same try; absent otherwise. */
  copy?: 2;
  /** The `X-Klarefi-Signature` header this attempt was sent with. */
  signature_header?: string;
}

/** One event's delivery to one endpoint: a stable `delivery_id` and every attempt. */
export interface DeliveryRecord {
  delivery_id: string;
  event_id: string;
  event_type: string;
  case_id: string | null;
  endpoint_url: string;
  /** The exact bytes sent on every attempt (a fresh signature each time). */
  body: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: AttemptRecord[];
  /** When the next scheduled attempt is due (ms since the epoch), `null` when none is. */
  next_attempt_at: number | null;
  created_at: string;
  acknowledged_at: string | null;
  acknowledgement_id: string | null;
}

/** What an idempotency key was first used for. */
export interface IdempotencyRecord {
  fingerprint: string;
  response: Record<string, unknown>;
}

/** Everything the emulator remembers; this is what `dataFile` holds. */
export interface EmulatorState {
  version: 1;
  /** Generated (not user-given) credentials, so a restart with the same `dataFile` keeps them. */
  generated: { apiKey?: string; webhookSecret?: string };
  sessions: Record<string, SessionRecord>;
  cases: Record<string, CaseRecord>;
  events: EventRecord[];
  deliveries: Record<string, DeliveryRecord>;
  idempotency: Record<string, IdempotencyRecord>;
  /** Per endpoint URL, how many injected failures have been used. */
  injectedFailures: Record<string, number>;
}

/** The state and a way to persist it. */
export interface Store {
  state: EmulatorState;
  /** Marks the state as changed; it is written (once per tick) when a `dataFile` is set. */
  changed(): void;
  /** Writes pending changes now. */
  flush(): void;
}

function emptyState(): EmulatorState {
  return {
    version: 1,
    generated: {},
    sessions: {},
    cases: {},
    events: [],
    deliveries: {},
    idempotency: {},
    injectedFailures: {},
  };
}

function load(file: string): EmulatorState {
  if (!existsSync(file)) return emptyState();
  let parsed: Partial<EmulatorState>;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<EmulatorState>;
  } catch (error) {
    throw new KlarefiConfigError(
      `dataFile ${file} is not valid JSON (${(error as Error).message}). Delete it or choose another dataFile.`,
    );
  }
  if (parsed === null || typeof parsed !== 'object' || parsed.version !== 1) {
    throw new KlarefiConfigError(
      `dataFile ${file} is not emulator state (version 1). Delete it or choose another dataFile.`,
    );
  }
  return { ...emptyState(), ...parsed };
}

/**
 * The record stored under `id`, never one inherited from `Object.prototype`: ids come from URLs, and
 * `__proto__` or `constructor` must read as "not found".
 */
export function own<T>(records: Record<string, T>, id: string): T | undefined {
  return Object.hasOwn(records, id) ? records[id] : undefined;
}

/** Creates the store, reading `dataFile` when it exists. */
export function createStore(dataFile: string | undefined): Store {
  const state = dataFile ? load(dataFile) : emptyState();
  let dirty = false;

  function flush(): void {
    if (!dirty || !dataFile) return;
    dirty = false;
    mkdirSync(dirname(dataFile), { recursive: true, mode: 0o700 });
    // Write then rename, so a crash mid-write never leaves a half-written state file behind. The
    // file holds the test key, the signing secret and claimants' answers: readable by its owner only.
    const temp = `${dataFile}.${process.pid}.${randomHex(4)}.tmp`;
    writeFileSync(temp, JSON.stringify(state), { mode: 0o600 });
    renameSync(temp, dataFile);
  }

  function changed(): void {
    if (!dataFile || dirty) return;
    dirty = true;
    queueMicrotask(flush);
  }

  return { state, changed, flush };
}
