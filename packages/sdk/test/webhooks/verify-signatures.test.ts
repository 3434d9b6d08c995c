import { Buffer } from 'node:buffer';
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { constructEvent } from '../../src/webhooks/node.js';
import { constructEventAsync } from '../../src/webhooks/web-crypto.js';
import {
  BODY,
  DECOY,
  ENVELOPE,
  expectConfigError,
  expectRefusal,
  guardSecretsInMessages,
  hmacHex,
  IMPLS,
  NOW,
  NOW_S,
  OLD_SECRET,
  OTHER_SECRET,
  SECRET,
  signed,
  utf8,
} from './helpers.js';

guardSecretsInMessages();

const SIG = hmacHex(SECRET, NOW_S, BODY);
const OLD_SIG = hmacHex(OLD_SECRET, NOW_S, BODY);

describe.each(IMPLS)('$name: signatures', (impl) => {
  it('refuses a body with one byte changed', async () => {
    const bytes = utf8(BODY);
    for (const index of [0, Math.floor(bytes.length / 2), bytes.length - 1]) {
      const tampered = bytes.slice();
      tampered[index] = (tampered[index] as number) ^ 0x01;
      await expectRefusal(impl.construct(tampered, signed(BODY), SECRET, NOW), 'no_matching_signature');
    }
    await expectRefusal(
      impl.construct(BODY.replace('completed', 'complete!'), signed(BODY), SECRET, NOW),
      'no_matching_signature',
    );
  });

  it('refuses a body with a byte appended or removed', async () => {
    await expectRefusal(impl.construct(`${BODY} `, signed(BODY), SECRET, NOW), 'no_matching_signature');
    await expectRefusal(
      impl.construct(BODY.slice(0, -1), signed(BODY), SECRET, NOW),
      'no_matching_signature',
    );
  });

  it('covers the timestamp: a signature for another t does not verify', async () => {
    const header = `t=${NOW_S},v1=${hmacHex(SECRET, NOW_S - 1, BODY)}`;
    await expectRefusal(impl.construct(BODY, header, SECRET, NOW), 'no_matching_signature');
  });

  it('needs the "." separator between t and body', async () => {
    const noDot = createHmac('sha256', SECRET).update(`${NOW_S}${BODY}`).digest('hex');
    await expectRefusal(impl.construct(BODY, `t=${NOW_S},v1=${noDot}`, SECRET, NOW), 'no_matching_signature');
  });

  it('refuses a header signed with another secret', async () => {
    const error = await expectRefusal(
      impl.construct(BODY, signed(BODY, OTHER_SECRET), SECRET, NOW),
      'no_matching_signature',
    );
    expect(error.message).toMatch(/configured secret\b/);
    expect(error.message).not.toMatch(/whitespace/);
    expect(error.message).not.toMatch(/does not start with "whsec_"/);
  });

  it('accepts a valid v1 next to a decoy, in either order', async () => {
    expect(await impl.construct(BODY, `t=${NOW_S},v1=${DECOY},v1=${SIG}`, SECRET, NOW)).toEqual(ENVELOPE);
    expect(await impl.construct(BODY, `t=${NOW_S},v1=${SIG},v1=${DECOY}`, SECRET, NOW)).toEqual(ENVELOPE);
    const decoys = Array.from({ length: 20 }, (_, i) => `v1=${i.toString(16).padStart(64, 'e')}`).join(',');
    expect(await impl.construct(BODY, `t=${NOW_S},${decoys},v1=${SIG}`, SECRET, NOW)).toEqual(ENVELOPE);
  });

  it('refuses when every v1 is a decoy', async () => {
    await expectRefusal(impl.construct(BODY, `t=${NOW_S},v1=${DECOY}`, SECRET, NOW), 'no_matching_signature');
    await expectRefusal(
      impl.construct(BODY, `t=${NOW_S},v1=${DECOY},v1=${'0'.repeat(64)}`, SECRET, NOW),
      'no_matching_signature',
    );
  });

  it('verifies a header signed with the old secret when the receiver holds [new, old] (rotation)', async () => {
    const oldHeader = signed(BODY, OLD_SECRET);
    expect(await impl.construct(BODY, oldHeader, [SECRET, OLD_SECRET], NOW)).toEqual(ENVELOPE);
    expect(await impl.construct(BODY, oldHeader, [OLD_SECRET, SECRET], NOW)).toEqual(ENVELOPE);
    const error = await expectRefusal(
      impl.construct(BODY, oldHeader, [SECRET], NOW),
      'no_matching_signature',
    );
    expect(error.message).toMatch(/configured secret\b/);
  });

  it('verifies a header carrying one v1 per secret with either secret alone (sender-side rotation)', async () => {
    const both = `t=${NOW_S},v1=${SIG},v1=${OLD_SIG}`;
    expect(await impl.construct(BODY, both, SECRET, NOW)).toEqual(ENVELOPE);
    expect(await impl.construct(BODY, both, OLD_SECRET, NOW)).toEqual(ENVELOPE);
    expect(await impl.construct(BODY, both, [OTHER_SECRET, OLD_SECRET], NOW)).toEqual(ENVELOPE);
    const error = await expectRefusal(
      impl.construct(BODY, both, [OTHER_SECRET], NOW),
      'no_matching_signature',
    );
    expect(error.message).not.toMatch(/secrets/);
    const several = await expectRefusal(
      impl.construct(BODY, signed(BODY, 'whsec_unrelated'), [SECRET, OLD_SECRET], NOW),
      'no_matching_signature',
    );
    expect(several.message).toMatch(/configured secrets/);
  });

  it.each([
    ['a trailing newline', `${SECRET}\n`],
    ['a trailing space', `${SECRET} `],
    ['a leading space', ` ${SECRET}`],
    ['a trailing CRLF', `${SECRET}\r\n`],
  ])('hints at whitespace when the secret has %s, without echoing it', async (_label, spaced) => {
    const error = await expectRefusal(
      impl.construct(BODY, signed(BODY), spaced, NOW),
      'no_matching_signature',
      [spaced],
    );
    expect(error.message).toMatch(/whitespace/);
    const inList = await expectRefusal(
      impl.construct(BODY, signed(BODY, OTHER_SECRET), [OLD_SECRET, spaced], NOW),
      'no_matching_signature',
    );
    expect(inList.message).toMatch(/whitespace/);
  });

  it('treats any secret string as the key; a mismatch hints when it lacks the whsec_ prefix', async () => {
    const plain = 'k1arefi-plain-key-8842';
    expect(await impl.construct(BODY, signed(BODY, plain), plain, NOW)).toEqual(ENVELOPE);
    const error = await expectRefusal(
      impl.construct(BODY, signed(BODY), plain, NOW),
      'no_matching_signature',
      [plain],
    );
    expect(error.message).toMatch(/does not start with "whsec_"/);
  });

  it('uses the UTF-8 bytes of a non-ASCII secret', async () => {
    const secret = 'whsec_ключ_ø_🔑';
    expect(await impl.construct(BODY, signed(BODY, secret), secret, NOW)).toEqual(ENVELOPE);
    const latin1Key = createHmac('sha256', Buffer.from(secret, 'latin1'))
      .update(`${NOW_S}.${BODY}`)
      .digest('hex');
    await expectRefusal(
      impl.construct(BODY, `t=${NOW_S},v1=${latin1Key}`, secret, NOW),
      'no_matching_signature',
      [secret],
    );
  });

  it.each([
    ['an empty string', ''],
    ['only whitespace', ' \n\t'],
    ['an empty list', []],
    ['a list with an empty entry', [SECRET, '']],
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['a list with a number', [SECRET, 42]],
  ])('refuses %s as the secret with a KlarefiConfigError', async (_label, secret) => {
    const error = await expectConfigError(impl.construct(BODY, signed(BODY), secret, NOW));
    expect(error.message).toMatch(/KLAREFI_WEBHOOK_SECRET|whsec_/);
  });
});

describe('sync and async entry points', () => {
  it('constructEvent returns the event itself and throws synchronously', () => {
    const event = constructEvent(BODY, signed(BODY), SECRET, NOW);
    expect(event).not.toBeInstanceOf(Promise);
    expect(event).toEqual(ENVELOPE);
    expect(() => constructEvent(BODY, undefined, SECRET, NOW)).toThrowError(/X-Klarefi-Signature/);
  });

  it('constructEventAsync never throws synchronously, even for bad arguments', async () => {
    let pending: Promise<unknown> | undefined;
    expect(() => {
      pending = constructEventAsync(null as never, undefined, '', { toleranceSeconds: 0 });
    }).not.toThrow();
    await expect(pending).rejects.toBeInstanceOf(Error);
  });
});
