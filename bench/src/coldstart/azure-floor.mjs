// The floor for an Azure Functions cold start: the v4 HTTP handler a careful integrator writes by
// hand with node:crypto. The same checks as src/floor.ts over the request's own body bytes.
import { Buffer } from 'node:buffer';
import { createHmac, timingSafeEqual } from 'node:crypto';

export function floorAzure(secret) {
  return async function handler(request) {
    const body = Buffer.from(await request.arrayBuffer());
    let t = '';
    let v1 = '';
    for (const part of String(request.headers.get('x-klarefi-signature')).split(',')) {
      if (part.startsWith('t=')) t = part.slice(2);
      else if (part.startsWith('v1=')) v1 = part.slice(3);
    }
    if (!(Math.abs(Math.floor(Date.now() / 1000) - Number(t)) <= 300)) return { status: 401 };
    const expected = createHmac('sha256', secret).update(`${t}.`).update(body).digest();
    const given = Buffer.from(v1, 'hex');
    if (given.length !== expected.length || !timingSafeEqual(expected, given)) return { status: 401 };
    JSON.parse(body.toString('utf8'));
    return { status: 200, headers: { 'content-type': 'application/json' }, body: '{"received":true}' };
  };
}
