import { Buffer } from 'node:buffer';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import {
  BODY,
  ENVELOPE,
  expectRefusal,
  guardSecretsInMessages,
  IMPLS,
  NOW,
  SECRET,
  SEED,
  signed,
  utf8,
} from './helpers.js';

guardSecretsInMessages();

const BOM = [0xef, 0xbb, 0xbf];

function concat(...parts: (number[] | Uint8Array)[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}

/** A view of BODY's bytes in the middle of a larger buffer full of other bytes. */
function embeddedView(): Uint8Array {
  const bytes = utf8(BODY);
  const backing = new Uint8Array(bytes.length + 64).fill(0x41);
  backing.set(bytes, 32);
  return new Uint8Array(backing.buffer, 32, bytes.length);
}

function reorderKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reorderKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reorderKeys(v)]),
  );
}

describe.each(IMPLS)('$name: bodies', (impl) => {
  const bytes = utf8(BODY);
  const bodies: [string, unknown][] = [
    ['a string', BODY],
    ['a Buffer', Buffer.from(BODY)],
    ['a Uint8Array', bytes],
    ['an ArrayBuffer', bytes.slice().buffer],
    ['a Uint8Array viewing part of a larger buffer', embeddedView()],
  ];

  it.each(bodies)('verifies and parses %s', async (_label, body) => {
    const event = await impl.construct(body, signed(BODY), SECRET, NOW);
    expect(event).toEqual(ENVELOPE);
  });

  it('verifies the seed body shape', async () => {
    const body = JSON.stringify(SEED);
    expect(await impl.construct(body, signed(body), SECRET, NOW)).toEqual(SEED);
  });

  it('verifies a body with a UTF-8 BOM signed as bytes, and parses it', async () => {
    const withBom = concat(BOM, bytes);
    const header = signed(withBom);
    expect(await impl.construct(withBom, header, SECRET, NOW)).toEqual(ENVELOPE);
    expect(await impl.construct(Buffer.from(withBom), header, SECRET, NOW)).toEqual(ENVELOPE);
    // The same bytes arriving as a string keep the BOM as U+FEFF.
    expect(await impl.construct(`\uFEFF${BODY}`, header, SECRET, NOW)).toEqual(ENVELOPE);
  });

  it('covers the BOM with the signature: the body without it does not verify', async () => {
    await expectRefusal(
      impl.construct(bytes, signed(concat(BOM, bytes)), SECRET, NOW),
      'no_matching_signature',
    );
    await expectRefusal(
      impl.construct(concat(BOM, bytes), signed(bytes), SECRET, NOW),
      'no_matching_signature',
    );
  });

  it('verifies a body with invalid UTF-8 that was signed as bytes', async () => {
    const body = concat(utf8('{"id":"evt_1","note":"'), [0xff, 0xfe, 0xc3], utf8('"}'));
    const event = (await impl.construct(body, signed(body), SECRET, NOW)) as Record<string, unknown>;
    expect(event.id).toBe('evt_1');
    expect(event.note).toMatch(/^\uFFFD+$/);
    // A signature over the decoded text (what a TextDecoder-first verifier would compute) must not match.
    const decoded = new TextDecoder().decode(body);
    await expectRefusal(impl.construct(body, signed(decoded), SECRET, NOW), 'no_matching_signature');
  });

  it('verifies pretty-printed and key-reordered JSON when signed as sent', async () => {
    const pretty = JSON.stringify(ENVELOPE, null, 2);
    const reordered = JSON.stringify(reorderKeys(ENVELOPE));
    expect(reordered).not.toBe(BODY);
    expect(await impl.construct(pretty, signed(pretty), SECRET, NOW)).toEqual(ENVELOPE);
    expect(await impl.construct(reordered, signed(reordered), SECRET, NOW)).toEqual(ENVELOPE);
  });

  it('refuses re-serialised JSON with the raw-body hint', async () => {
    const reserialised = JSON.stringify(JSON.parse(BODY), null, 2);
    const error = await expectRefusal(
      impl.construct(reserialised, signed(BODY), SECRET, NOW),
      'no_matching_signature',
    );
    expect(error.message).toMatch(/raw request body/);
    expect(error.message).toMatch(/re-serialised JSON/);
    await expectRefusal(
      impl.construct(JSON.stringify(reorderKeys(ENVELOPE)), signed(BODY), SECRET, NOW),
      'no_matching_signature',
    );
  });

  it('verifies a 2 MB body', async () => {
    const big = JSON.stringify({
      ...ENVELOPE,
      data: { ...ENVELOPE.data, blob: 'x'.repeat(2 * 1024 * 1024) },
    });
    const event = (await impl.construct(Buffer.from(big), signed(big), SECRET, NOW)) as unknown as {
      data: { blob: string };
    };
    expect(event.data.blob).toHaveLength(2 * 1024 * 1024);
  });

  // Jest's node environment and iframes hand over bytes whose Uint8Array/ArrayBuffer belong to
  // another realm, so `instanceof` is false although they are bytes.
  it('verifies bytes from another realm (vm context, as under Jest)', async () => {
    const list = JSON.stringify([...bytes]);
    const foreignView = vm.runInNewContext(`new Uint8Array(${list})`);
    const foreignBuffer = vm.runInNewContext(`new Uint8Array(${list}).buffer`);
    expect(foreignView instanceof Uint8Array).toBe(false);
    expect(await impl.construct(foreignView, signed(BODY), SECRET, NOW)).toEqual(ENVELOPE);
    expect(await impl.construct(foreignBuffer, signed(BODY), SECRET, NOW)).toEqual(ENVELOPE);
  });
});

describe.each(IMPLS)('$name: payload type', (impl) => {
  const refused: [string, unknown][] = [
    ['a parsed object', JSON.parse(BODY)],
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
    ['a boolean', true],
    ['an array', [1, 2]],
  ];

  it.each(refused)('refuses %s with the raw-body explanation', async (_label, body) => {
    const error = await expectRefusal(
      impl.construct(body, signed(BODY), SECRET, NOW),
      'invalid_payload_type',
    );
    for (const framework of ['Express', 'Fastify', 'Hono', 'NestJS'])
      expect(error.message).toContain(framework);
    expect(error.message).toMatch(/raw request body/);
  });

  it('says a parsed object looks like a parsed JSON body, in plain English', async () => {
    const error = await expectRefusal(
      impl.construct(JSON.parse(BODY), signed(BODY), SECRET, NOW),
      'invalid_payload_type',
    );
    expect(error.message).toContain('was an object (it looks like a parsed JSON body)');
  });

  it('refuses the payload type before looking at the header', async () => {
    await expectRefusal(impl.construct({ id: 1 }, undefined, SECRET, NOW), 'invalid_payload_type');
    await expectRefusal(impl.construct(null, 'garbage', SECRET, NOW), 'invalid_payload_type');
  });
});

describe.each(IMPLS)('$name: JSON after a valid signature', (impl) => {
  it('refuses invalid JSON with invalid_json, keeping the parser error as cause', async () => {
    const body = '{"event_type":"v1.case.completed",';
    const error = await expectRefusal(impl.construct(body, signed(body), SECRET, NOW), 'invalid_json');
    expect(error.cause).toBeInstanceOf(SyntaxError);
    expect(error.message).toMatch(/signature is valid/);
  });

  it.each(['[1,2,3]', '[]', '42', 'null', '"case.completed"', 'true', ''])(
    'refuses %j, which is not a JSON object',
    async (body) => {
      await expectRefusal(impl.construct(body, signed(body), SECRET, NOW), 'invalid_json');
      await expectRefusal(impl.construct(utf8(body), signed(body), SECRET, NOW), 'invalid_json');
    },
  );

  it('checks the signature before parsing: a tampered invalid body is a signature error', async () => {
    await expectRefusal(
      impl.construct('{"broken":', signed('{"ok":1}'), SECRET, NOW),
      'no_matching_signature',
    );
  });

  it('checks the header before parsing: unsigned invalid JSON is a header error', async () => {
    await expectRefusal(impl.construct('{"broken":', undefined, SECRET, NOW), 'missing_header');
  });
});
