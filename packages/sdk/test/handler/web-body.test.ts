import { describe, expect, it } from 'vitest';
import { BODY_TOO_LARGE, readWebBody } from '../../src/entries/adapter.js';

const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
  new Request('http://127.0.0.1/webhooks/klarefi', {
    method: 'POST',
    body,
    headers,
    duplex: 'half',
  } as RequestInit);

// A stream with no declared length, as a chunked upload arrives.
function chunked(chunks: string[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
      controller.close();
    },
  });
}

const text = (read: unknown) => new TextDecoder().decode(read as Uint8Array);

describe('readWebBody', () => {
  it('reads a body with a declared length whole, exactly as sent', async () => {
    const body = '{"ok":true,"name":"Zoë"}';
    const read = await readWebBody(post(body, { 'content-length': String(Buffer.byteLength(body)) }), 100);
    expect(text(read)).toBe(body);
  });

  it('refuses a declared length over the limit without reading the body', async () => {
    const request = post('x'.repeat(20), { 'content-length': '20' });
    expect(await readWebBody(request, 10)).toBe(BODY_TOO_LARGE);
    expect(request.bodyUsed).toBe(false);
  });

  it('refuses a body larger than the length its header declares, when that is over the limit', async () => {
    expect(await readWebBody(post('x'.repeat(100), { 'content-length': '10' }), 50)).toBe(BODY_TOO_LARGE);
  });

  it('reads a chunked body up to the limit and refuses one past it', async () => {
    expect(text(await readWebBody(post(chunked(['ab', 'cd'])), 4))).toBe('abcd');
    expect(await readWebBody(post(chunked(['ab', 'cd', 'e'])), 4)).toBe(BODY_TOO_LARGE);
  });

  it('treats a content-length that is not a number as undeclared: the stream, bounded by the limit', async () => {
    expect(await readWebBody(post(chunked(['abc', 'def']), { 'content-length': 'abc' }), 4)).toBe(
      BODY_TOO_LARGE,
    );
  });

  it('reads no body as zero bytes', async () => {
    const read = await readWebBody(new Request('http://127.0.0.1/', { method: 'POST' }), 10);
    expect(read).toBeInstanceOf(Uint8Array);
    expect((read as Uint8Array).byteLength).toBe(0);
  });
});
