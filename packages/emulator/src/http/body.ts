import type { Context } from 'hono';
import type { CaseTypeDefinition } from '../case-types/types.js';
import type { EmulatorCore } from '../core.js';
import { invalid } from './errors.js';

/** A parsed JSON object body. */
export type Body = Record<string, unknown>;

/** Reads the request body as a JSON object; an empty body is `{}`. */
export async function readJsonBody(c: Context): Promise<Body> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalid('invalid_json', 'The request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalid('invalid_body', 'The request body must be a JSON object.');
  }
  return parsed as Body;
}

/** An optional string field (≤ `max` characters), `null` when absent. */
export function optionalString(body: Body, field: string, max = 255): string | null {
  const value = body[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.length === 0 || value.length > max) {
    throw invalid(`invalid_${field}`, `${field} must be a non-empty string of at most ${max} characters.`);
  }
  return value;
}

/** The `case_type_id` field: required and one of the emulator's case types. */
export function caseTypeField(core: EmulatorCore, body: Body): CaseTypeDefinition {
  const id = body.case_type_id;
  if (id === undefined || id === null || id === '') {
    throw invalid('missing_case_type_id', 'case_type_id is required, e.g. "motor_claim".');
  }
  if (typeof id !== 'string') throw invalid('invalid_case_type_id', 'case_type_id must be a string.');
  const caseType = core.options.caseTypes.get(id);
  if (!caseType) {
    const known = [...core.options.caseTypes.keys()].join(', ');
    throw invalid(
      'unknown_case_type',
      `case_type_id "${id.slice(0, 64)}" is not configured. Known case types: ${known}. Add your own with the caseTypes option or \`klarefi dev --case-types file.json\`.`,
    );
  }
  return caseType;
}

/** Refuses a per-request `webhook_url`: endpoints are registered, never passed per request. */
export function refuseWebhookUrl(body: Body): void {
  if (body.webhook_url !== undefined) {
    throw invalid(
      'webhook_url_not_supported',
      'webhook_url is not accepted per request: webhook endpoints are registered with the emulator (endpoints option or `klarefi dev --forward-to`).',
    );
  }
}
