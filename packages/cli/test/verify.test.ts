import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleEvent } from '@klarefi/emulator';
import { createSignatureHeader } from '@klarefi/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuiltCli, runCli } from './helpers.js';

const SECRET = 'whsec_cli_verify_test_secret';
let dir: string;

beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), 'klarefi-verify-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A delivery as Klarefi sends it: the body and its real signature header, signed now or at `t`. */
function delivery(t?: number) {
  const event = sampleEvent('v1.case.completed');
  const body = JSON.stringify(event);
  const header = createSignatureHeader({ payload: body, secrets: SECRET, ...(t ? { timestamp: t } : {}) });
  return { body, header, deliveryId: String(event.delivery_id) };
}

function bodyFile(name: string, content: string): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

const verify = (args: string[], options: { input?: string | Buffer; env?: Record<string, string> } = {}) =>
  runCli(['webhooks', 'verify', ...args], options);

describe('klarefi webhooks verify', () => {
  it('a valid delivery from --body-file: exit 0, the event type and the delivery id', async () => {
    const d = delivery();
    const file = bodyFile('valid.json', d.body);
    const result = await verify(['--secret', SECRET, '--header', d.header, '--body-file', file]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Valid: v1.case.completed, delivery ${d.deliveryId}`);
    expect(result.stdout).toMatch(/signed at \d{4}-\d\d-\d\dT/);
  });

  it('reads the body from stdin and the secret from KLAREFI_WEBHOOK_SECRET', async () => {
    const d = delivery();
    const result = await verify(['--header', `X-Klarefi-Signature: ${d.header}`], {
      input: d.body,
      env: { KLAREFI_WEBHOOK_SECRET: SECRET },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(d.deliveryId);
  });

  it('the wrong secret: exit 1, no_matching_signature, its explanation and usual cause', async () => {
    const d = delivery();
    const other = 'whsec_another_endpoints_secret';
    const result = await verify(['--secret', other, '--header', d.header], { input: d.body });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines[0]).toBe('Invalid: no_matching_signature');
    expect(lines[1]).toContain('No X-Klarefi-Signature signature matches');
    expect(lines[2]).toContain("Usual cause: The secret is not this endpoint's signing secret");
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toContain(other);
  });

  it('a body saved with a final line break: says so', async () => {
    const d = delivery();
    const result = await verify(['--secret', SECRET, '--header', d.header], { input: `${d.body}\n` });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Invalid: no_matching_signature');
    expect(result.stderr).toContain('ends with a line break that the delivery did not have');
  });

  it('an old capture: timestamp_outside_tolerance, then valid as of its own --now', async () => {
    const t = Math.floor(Date.now() / 1000) - 3600;
    const d = delivery(t);
    const file = bodyFile('old.json', d.body);
    const old = await verify(['--secret', SECRET, '--header', d.header, '--body-file', file]);
    expect(old.code).toBe(1);
    expect(old.stderr).toContain('Invalid: timestamp_outside_tolerance');
    expect(old.stderr).toContain('outside the 300 s tolerance');
    expect(old.stderr).toContain(`pass --now ${t}`);

    const asOfThen = await verify([
      '--secret',
      SECRET,
      '--header',
      d.header,
      '--body-file',
      file,
      '--now',
      String(t),
    ]);
    expect(asOfThen.code, asOfThen.stderr).toBe(0);
    const iso = new Date((t + 10) * 1000).toISOString();
    const isoNow = await verify([
      '--secret',
      SECRET,
      '--header',
      d.header,
      '--body-file',
      file,
      '--now',
      iso,
    ]);
    expect(isoNow.code, isoNow.stderr).toBe(0);
    const wide = await verify([
      '--secret',
      SECRET,
      '--header',
      d.header,
      '--body-file',
      file,
      '--tolerance',
      '7200',
    ]);
    expect(wide.code, wide.stderr).toBe(0);
  });

  it('a malformed header and a signed body that is not JSON', async () => {
    const d = delivery();
    const cut = await verify(['--secret', SECRET, '--header', d.header.slice(0, 30)], { input: d.body });
    expect(cut.code).toBe(1);
    expect(cut.stderr).toContain('Invalid: malformed_header');
    expect(cut.stderr).toContain('Usual cause: The value was changed when it was copied');

    const text = 'POST /webhooks/klarefi HTTP/1.1';
    const header = createSignatureHeader({ payload: text, secrets: SECRET });
    const notJson = await verify(['--secret', SECRET, '--header', header], { input: text });
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toContain('Invalid: invalid_json');
    expect(notJson.stderr).toContain('the body file probably holds more than the body');
  });

  it('warns about a secret without whsec_ (and still checks with it)', async () => {
    const secret = 'cli_verify_plain_secret';
    const body = JSON.stringify(sampleEvent('v1.case.completed'));
    const header = createSignatureHeader({ payload: body, secrets: secret });
    const result = await verify(['--secret', secret, '--header', header], { input: body });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Warning: the secret does not start with whsec_');
    expect(result.stderr).not.toContain(secret);
  });

  it('bad usage exits 2 and names what to fix', async () => {
    const d = delivery();
    const cases: Array<[string[], string | undefined, string]> = [
      [['--header', d.header], d.body, 'Set KLAREFI_WEBHOOK_SECRET (or pass --secret'],
      [['--secret', SECRET], d.body, 'Missing --header'],
      [
        ['--secret', SECRET, '--header', d.header, '--body-file', join(dir, 'absent.json')],
        undefined,
        '--body-file cannot be read (ENOENT)',
      ],
      [['--secret', SECRET, '--header', d.header], '', 'The body is empty'],
      [
        ['--secret', SECRET, '--header', d.header, '--now', 'yesterday'],
        d.body,
        '--now must be unix seconds',
      ],
      [
        ['--secret', SECRET, '--header', d.header, '--tolerance', '-5'],
        d.body,
        '--tolerance must be a whole number',
      ],
    ];
    for (const [args, input, message] of cases) {
      const result = await verify(args, input === undefined ? {} : { input });
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(2);
      expect(result.stderr).toContain(message);
      expect(result.stderr).toContain('klarefi webhooks verify --help');
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('a body stored pretty-printed: not the bytes that were signed, the offset of the first difference and why', async () => {
    const d = delivery();
    const stored = JSON.stringify(JSON.parse(d.body), null, 2);
    const result = await verify(['--secret', SECRET, '--header', d.header], { input: stored });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Invalid: no_matching_signature');
    expect(result.stderr).toContain(
      'This body is not the bytes that were signed: it differs at offset 1 (whitespace).',
    );
    expect(result.stderr).toContain('The signed bytes have "\\"event_id\\":\\"evt_');
    expect(result.stderr).toContain('was parsed and written out again');
  });

  it('a body decoded as Latin-1 and saved as UTF-8: the offset of the first non-ASCII byte', async () => {
    const body = JSON.stringify({ ...JSON.parse(delivery().body), note: 'Zoë' });
    const header = createSignatureHeader({ payload: body, secrets: SECRET });
    const stored = Buffer.from(Buffer.from(body).toString('latin1'), 'utf8');
    const result = await verify(['--secret', SECRET, '--header', header], { input: stored });
    expect(result.code).toBe(1);
    const offset = Buffer.from(body).findIndex((byte) => byte >= 0x80);
    expect(offset).toBeGreaterThan(0);
    expect(result.stderr).toContain(`it differs at offset ${offset} (non-ASCII text)`);
    expect(result.stderr).toContain('decoded as Latin-1');
  });

  it('the wrong secret on the exact bytes: no offset is claimed', async () => {
    const d = delivery();
    const result = await verify(['--secret', 'whsec_not_this_endpoint', '--header', d.header], {
      input: d.body,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).not.toContain('differs at offset');
  });
});
