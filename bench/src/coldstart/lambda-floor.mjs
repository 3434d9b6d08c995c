// The floor for a Lambda cold start: the webhook handler a careful integrator writes by hand with
// node:crypto for an HTTP API (payload 2.0) event. The same checks as src/floor.ts: header split,
// timestamp window, HMAC over `t.` + the decoded body, constant-time compare, JSON.parse.
import { Buffer } from 'node:buffer';
import { createHmac, timingSafeEqual } from 'node:crypto';

const refuse = (statusCode) => ({ statusCode, headers: {}, body: '', isBase64Encoded: false });

export function floorLambda(secret) {
  return async function handler(event) {
    const body = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
    let t = '';
    let v1 = '';
    for (const part of String(event.headers?.['x-klarefi-signature']).split(',')) {
      if (part.startsWith('t=')) t = part.slice(2);
      else if (part.startsWith('v1=')) v1 = part.slice(3);
    }
    if (!(Math.abs(Math.floor(Date.now() / 1000) - Number(t)) <= 300)) return refuse(401);
    const expected = createHmac('sha256', secret).update(`${t}.`).update(body).digest();
    const given = Buffer.from(v1, 'hex');
    if (given.length !== expected.length || !timingSafeEqual(expected, given)) return refuse(401);
    JSON.parse(body.toString('utf8'));
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"received":true}',
      isBase64Encoded: false,
    };
  };
}
