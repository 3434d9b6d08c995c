import { describe, expect, it } from 'vitest';
import type { ConformanceResponse } from '../driver.js';
import { sampleEnvelope } from '../events.js';
import {
  expectRefused,
  expectRefusedNonObjectBody,
  type Harness,
  PINNED_NOW_S,
  pinnedClock,
} from '../harness.js';
import { hmacHex, nowSeconds, signatureHeader, signedDelivery } from '../signing.js';
import { sendSigned } from './webhook-header.js';

const LIMIT = 300;

/** Signature mismatches, methods, sizes, bodies, the order of the checks, and paths. */
export function webhookRefusalCases(h: Harness): void {
  const compact = () => JSON.stringify(sampleEnvelope());
  const signedWith = (secret: string) => {
    const body = compact();
    return { body, signature: signatureHeader(body, secret) };
  };

  describe('webhook: refused signatures', () => {
    const cases: Array<[string, () => { body: string; signature: string }]> = [
      [
        'a tampered body',
        () => {
          const event = sampleEnvelope();
          const signed = JSON.stringify(event);
          return {
            body: signed.replace('"completed"', '"failed"'),
            signature: signatureHeader(signed, h.secret),
          };
        },
      ],
      [
        'a pretty-printed body re-serialised compactly',
        () => {
          const event = sampleEnvelope();
          return {
            body: JSON.stringify(event),
            signature: signatureHeader(JSON.stringify(event, null, 2), h.secret),
          };
        },
      ],
      [
        'a compact body re-serialised pretty-printed',
        () => {
          const event = sampleEnvelope();
          return {
            body: JSON.stringify(event, null, 2),
            signature: signatureHeader(JSON.stringify(event), h.secret),
          };
        },
      ],
      ['a body signed with the wrong secret', () => signedWith(`whsec_wrong_${h.secret.slice(-8)}`)],
      [
        'a body signed with the old secret while only the new one is configured',
        () => signedWith(h.oldSecret),
      ],
      [
        'two v1 signatures, neither from a configured secret',
        () => {
          const body = compact();
          return { body, signature: signatureHeader(body, [h.oldSecret, `${h.secret}_other`]) };
        },
      ],
      [
        'an HMAC over the body alone (timestamp not signed)',
        () => {
          const body = compact();
          return { body, signature: `t=${nowSeconds()},v1=${hmacHex(h.secret, body)}` };
        },
      ],
      [
        'a valid v1 moved to another timestamp',
        () => {
          const body = compact();
          const t = nowSeconds();
          return { body, signature: `t=${t - 1},v1=${hmacHex(h.secret, `${t}.`, body)}` };
        },
      ],
      [
        'an HMAC keyed with the secret without its whsec_ prefix',
        () => {
          const body = compact();
          const t = nowSeconds();
          return { body, signature: `t=${t},v1=${hmacHex(h.secret.replace(/^whsec_/, ''), `${t}.`, body)}` };
        },
      ],
    ];
    for (const [label, build] of cases) {
      it(`refuses ${label} with 401 no_matching_signature`, async () => {
        const app = await h.open();
        const { body, signature } = build();
        expectRefused(h, await sendSigned(app, body, signature), 401, 'no_matching_signature');
      });
    }
  });

  describe('webhook: refused methods', () => {
    for (const method of ['GET', 'PUT']) {
      it(`refuses ${method} with 405 and allow: POST`, async () => {
        const app = await h.open();
        const delivery = signedDelivery(sampleEnvelope(), h.secret);
        const res: ConformanceResponse =
          method === 'GET'
            ? await app.request({ method, path: '/webhooks/klarefi', headers: delivery.headers })
            : await h.deliver(app, delivery, '/webhooks/klarefi', method);
        expectRefused(h, res, 405, 'method_not_allowed');
        expect(res.headers.allow).toMatch(/\bPOST\b/);
      });
    }
  });

  describe('webhook: refused sizes', () => {
    const oversize = () => JSON.stringify(sampleEnvelope('v1.case.completed', { note: 'x'.repeat(LIMIT) }));
    it(`refuses a body over webhook.maxBodyBytes (${LIMIT}) with 413 payload_too_large`, async () => {
      const app = await h.open({ webhook: { maxBodyBytes: LIMIT } });
      expectRefused(h, await h.deliver(app, signedDelivery(oversize(), h.secret)), 413, 'payload_too_large');
    });

    it('refuses a declared content-length over the limit with 413', async () => {
      const app = await h.open({ webhook: { maxBodyBytes: LIMIT } });
      const delivery = signedDelivery(oversize(), h.secret);
      const headers = { ...delivery.headers, 'content-length': String(Buffer.byteLength(delivery.body)) };
      expectRefused(h, await h.deliver(app, { body: delivery.body, headers }), 413, 'payload_too_large');
    });

    it('counts bytes, not characters: a multi-byte body over the limit is refused', async () => {
      const app = await h.open({ webhook: { maxBodyBytes: LIMIT } });
      const body = JSON.stringify({
        event_type: 'v1.case.completed',
        delivery_id: 'whd_bytes',
        note: 'é'.repeat(200),
      });
      expect(body.length).toBeLessThanOrEqual(LIMIT);
      expectRefused(
        h,
        await sendSigned(app, body, signatureHeader(body, h.secret)),
        413,
        'payload_too_large',
      );
    });
  });

  // What a framework's JSON body parser lets through to the adapter: an object or an array.
  const isJsonContainer = (body: string): boolean => {
    try {
      return typeof JSON.parse(body) === 'object' && JSON.parse(body) !== null;
    } catch {
      return false;
    }
  };

  describe('webhook: refused bodies after a valid signature', () => {
    const bodies: Array<[string, string, number, string]> = [
      ['invalid JSON', '{"event_type": "v1.case.completed",', 400, 'invalid_json'],
      ['a JSON array', JSON.stringify([sampleEnvelope()]), 400, 'invalid_json'],
      ['a JSON string', '"v1.case.completed"', 400, 'invalid_json'],
      ['JSON null', 'null', 400, 'invalid_json'],
      ['an empty body', '', 400, 'invalid_json'],
      [
        'an object with no event type',
        JSON.stringify({ delivery_id: 'whd_untyped', data: {} }),
        400,
        'invalid_event',
      ],
      [
        'an object whose event_type is not a string',
        JSON.stringify({ event_type: 42, delivery_id: 'whd_num' }),
        400,
        'invalid_event',
      ],
    ];
    for (const [label, body, status, code] of bodies) {
      it(`refuses ${label} with ${status} ${code}`, async () => {
        const app = await h.open();
        const res = await sendSigned(app, body, signatureHeader(body, h.secret));
        if (isJsonContainer(body)) expectRefused(h, res, status, code);
        else expectRefusedNonObjectBody(h, res, status, code);
      });
    }
  });

  describe('webhook: the order of the checks', () => {
    it('checks the method before anything else (PUT without a header: 405)', async () => {
      const app = await h.open();
      expectRefused(
        h,
        await sendSigned(app, compact(), undefined, { method: 'PUT' }),
        405,
        'method_not_allowed',
      );
    });

    it('checks the size before the header (oversize, unsigned: 413)', async () => {
      const app = await h.open({ webhook: { maxBodyBytes: LIMIT } });
      expectRefusedNonObjectBody(
        h,
        await sendSigned(app, 'x'.repeat(LIMIT + 1), undefined),
        413,
        'payload_too_large',
      );
    });

    it('checks the header before the body (malformed header on invalid JSON: 400 malformed_header)', async () => {
      const app = await h.open();
      expectRefusedNonObjectBody(
        h,
        await sendSigned(app, '{oops', `t=${nowSeconds()}`),
        400,
        'malformed_header',
      );
    });

    it('checks the timestamp before the HMAC (stale and wrongly signed: 401 timestamp_outside_tolerance)', async () => {
      const app = await h.open({ webhook: pinnedClock });
      const body = compact();
      const res = await sendSigned(app, body, signatureHeader(body, h.oldSecret, PINNED_NOW_S - 3600));
      expectRefused(h, res, 401, 'timestamp_outside_tolerance');
    });

    it('checks the HMAC before parsing (invalid JSON with a wrong signature: 401)', async () => {
      const app = await h.open();
      expectRefusedNonObjectBody(
        h,
        await sendSigned(app, '{oops', signatureHeader('{oops', h.oldSecret)),
        401,
        'no_matching_signature',
      );
    });
  });

  describe('webhook: paths', () => {
    it('does not serve the default path when webhook.path is custom', async () => {
      const app = await h.open({ webhook: { path: '/hooks/claims' } });
      const res = await h.deliver(app, signedDelivery(sampleEnvelope(), h.secret));
      expect(res.status).toBe(404);
      expect(h.calls).toEqual([]);
    });
  });
}
