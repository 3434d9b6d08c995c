import { Buffer } from 'node:buffer';
import { createHmac, timingSafeEqual } from 'node:crypto';

const TOLERANCE_SECONDS = 300;

/**
 * The floor: what a careful integrator writes by hand with node:crypto. Header split, timestamp
 * window, HMAC over `t.` + body, constant-time compare, JSON.parse. Nothing less is safe, so
 * nothing less is the baseline. Throws on any failed check.
 */
export function floorVerify(body: Buffer, header: string | string[] | undefined, secret: string): unknown {
  floorCheck(body, header, secret);
  return JSON.parse(body.toString('utf8'));
}

/** {@link floorVerify} without the JSON.parse, for frameworks that already parsed the body. */
export function floorCheck(body: Buffer, header: string | string[] | undefined, secret: string): void {
  let t = '';
  let v1 = '';
  for (const part of String(header).split(',')) {
    if (part.startsWith('t=')) t = part.slice(2);
    else if (part.startsWith('v1=')) v1 = part.slice(3);
  }
  if (!(Math.abs(Math.floor(Date.now() / 1000) - Number(t)) <= TOLERANCE_SECONDS))
    throw new Error('timestamp outside tolerance');
  const expected = createHmac('sha256', secret).update(`${t}.`).update(body).digest();
  const given = Buffer.from(v1, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(expected, given)) throw new Error('bad signature');
}
