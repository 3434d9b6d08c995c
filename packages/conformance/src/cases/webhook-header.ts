import { describe, it } from 'vitest';
import type { ConformanceApp, ConformanceResponse } from '../driver.js';
import { sampleEnvelope } from '../events.js';
import { expectRefused, type Harness, PINNED_NOW_S, pinnedClock } from '../harness.js';
import { hmacHex, nowSeconds, signatureHeader } from '../signing.js';

/** POSTs `body` to the webhook path with `signature` as the header (none when `undefined`). */
export function sendSigned(
  app: ConformanceApp,
  body: string | Uint8Array,
  signature: string | undefined,
  init: { method?: string; path?: string; headers?: Record<string, string> } = {},
): Promise<ConformanceResponse> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...init.headers };
  if (signature !== undefined) headers['x-klarefi-signature'] = signature;
  return app.request({
    method: init.method ?? 'POST',
    path: init.path ?? '/webhooks/klarefi',
    headers,
    body,
  });
}

type HeaderCase = [
  label: string,
  header: (t: number, v1: string) => string | undefined,
  status: number,
  code: string,
];

const HEADER_DEFECTS: HeaderCase[] = [
  ['no X-Klarefi-Signature header', () => undefined, 400, 'missing_header'],
  ['an empty X-Klarefi-Signature header', () => '', 400, 'missing_header'],
  ['a header without t', (_t, v1) => `v1=${v1}`, 400, 'malformed_header'],
  ['a header with two t', (t, v1) => `t=${t},t=${t},v1=${v1}`, 400, 'malformed_header'],
  ['a negative t', (t, v1) => `t=-${t},v1=${v1}`, 400, 'malformed_header'],
  ['a t with a fraction', (t, v1) => `t=${t}.5,v1=${v1}`, 400, 'malformed_header'],
  ['a t with letters', (t, v1) => `t=${t}abc,v1=${v1}`, 400, 'malformed_header'],
  ['a header without v1', (t) => `t=${t}`, 400, 'malformed_header'],
  ['a header with only v0', (t, v1) => `t=${t},v0=${v1}`, 400, 'malformed_header'],
  ['a header with only an unknown v2', (t, v1) => `t=${t},v2=${v1}`, 400, 'malformed_header'],
  ['a short v1 (63 hex digits)', (t, v1) => `t=${t},v1=${v1.slice(1)}`, 400, 'malformed_header'],
  ['an uppercase v1', (t, v1) => `t=${t},v1=${v1.toUpperCase()}`, 400, 'malformed_header'],
  ['a v1 with a non-hex character', (t, v1) => `t=${t},v1=${v1.slice(0, -1)}g`, 400, 'malformed_header'],
  ['a header with an empty element', (t, v1) => `t=${t},v1=${v1},`, 400, 'malformed_header'],
  [
    'a header over 8 KiB (valid t and v1, padded)',
    (t, v1) => `t=${t},v1=${v1},v0=${'a'.repeat(8200)}`,
    400,
    'malformed_header',
  ],
  ['a garbage header', () => 'not a signature at all', 400, 'malformed_header'],
];

type ClockCase = [label: string, offset: number, tolerance: number | undefined];

const CLOCK_DEFECTS: ClockCase[] = [
  ['a stale timestamp (1 h old)', -3600, undefined],
  ['a future timestamp (1 h ahead)', 3600, undefined],
  ['a timestamp 301 s old (just outside the 300 s tolerance)', -301, undefined],
  ['a timestamp 301 s ahead (just outside the 300 s tolerance)', 301, undefined],
  ['a timestamp 61 s old with webhook.toleranceSeconds 60', -61, 60],
];

/** Header defects and timestamps outside the tolerance: refused before the HMAC. */
export function webhookHeaderCases(h: Harness): void {
  describe('webhook: refused headers', () => {
    for (const [label, header, status, code] of HEADER_DEFECTS) {
      it(`refuses ${label} with ${status} ${code}`, async () => {
        const app = await h.open();
        const body = JSON.stringify(sampleEnvelope());
        const t = nowSeconds();
        const res = await sendSigned(app, body, header(t, hmacHex(h.secret, `${t}.`, body)));
        expectRefused(h, res, status, code);
      });
    }
  });

  describe('webhook: refused timestamps', () => {
    for (const [label, offset, toleranceSeconds] of CLOCK_DEFECTS) {
      it(`refuses ${label} with 401 timestamp_outside_tolerance`, async () => {
        const app = await h.open({ webhook: { ...pinnedClock, toleranceSeconds } });
        const body = JSON.stringify(sampleEnvelope());
        const res = await sendSigned(app, body, signatureHeader(body, h.secret, PINNED_NOW_S + offset));
        expectRefused(h, res, 401, 'timestamp_outside_tolerance');
      });
    }
  });
}
