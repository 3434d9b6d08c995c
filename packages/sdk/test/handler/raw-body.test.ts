import { describe, expect, it } from 'vitest';
import { createKlarefiCore } from '../../src/entries/adapter.js';
import { generateTestHeader } from '../../src/webhooks/node.js';
import { refusalOf, webhookRequest } from './request.js';

type HeaderSource = Headers | Record<string, string | undefined>;

const SECRET = 'whsec_raw_body_rule';
const HELP = 'Framework X: read the body with x.raw() before the JSON parser.';
const core = createKlarefiCore({ webhookSecret: SECRET, startClaim: false, webhook: { dedupe: false } });

async function refusal(
  rawBody: unknown,
  headers: HeaderSource,
  rawBodyHelp?: string,
): Promise<{ status: number; code: string; message: string }> {
  const header = generateTestHeader({ payload: '', secret: SECRET });
  let signed: HeaderSource;
  if (headers instanceof Headers) {
    signed = new Headers(headers);
    signed.set('x-klarefi-signature', header);
  } else signed = { ...headers, 'x-klarefi-signature': header };
  const answer = await core.handleWebhook(
    webhookRequest({ method: 'POST', headers: signed, rawBody, rawBodyHelp, request: null }),
  );
  if (answer.status < 400) throw new Error('expected a refusal');
  return refusalOf(answer);
}

describe('the raw-body rule, decided by the core for every adapter', () => {
  it.each([
    ['undefined', undefined],
    ['an empty parsed object (body-parser 1)', {}],
    ['null', null],
  ])(
    'reads %s without a declared body as zero bytes: the signature over "" verifies',
    async (_label, rawBody) => {
      for (const headers of [{}, { 'content-length': '0' }, new Headers()]) {
        const error = await refusal(rawBody, headers);
        expect({ status: error.status, code: error.code }).toEqual({ status: 400, code: 'invalid_json' });
      }
    },
  );

  it.each([
    ['a declared content-length', { 'content-length': '42' }],
    ['a chunked transfer-encoding', { 'transfer-encoding': 'chunked' }],
    ['Web headers with a content-length', new Headers({ 'content-length': '42' })],
  ])(
    'answers 500 raw_body_unavailable with the adapter help when the body is gone despite %s',
    async (_l, headers) => {
      for (const rawBody of [undefined, { event_type: 'v1.case.completed' }]) {
        const error = await refusal(rawBody, headers, HELP);
        expect({ status: error.status, code: error.code, message: error.message }).toEqual({
          status: 500,
          code: 'raw_body_unavailable',
          message: HELP,
        });
      }
    },
  );

  it('explains a parsed body in general terms when the adapter gives no help of its own', async () => {
    const error = await refusal({ event_type: 'v1.case.completed' }, { 'content-length': '42' });
    expect(error.code).toBe('raw_body_unavailable');
    expect(error.message).toContain('it looks like a parsed JSON body');
    expect(error.message).toContain('raw request body');
  });

  it('uses bytes and text as given, whatever the headers say', async () => {
    for (const rawBody of ['', new Uint8Array(0), new ArrayBuffer(0)]) {
      const error = await refusal(rawBody, { 'content-length': '42' });
      expect(error.code).toBe('invalid_json');
    }
  });
});
