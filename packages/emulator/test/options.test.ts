import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KlarefiConfigError } from '@klarefi/sdk';
import { describe, expect, it } from 'vitest';
import { buildEmulator } from '../src/app.js';
import {
  type CaseTypeDefinition,
  createEmulatorApp,
  DEV_API_KEY,
  DEV_WEBHOOK_SECRET,
  startEmulator,
} from '../src/index.js';

const bike: CaseTypeDefinition = {
  id: 'bike_claim',
  name: { en: 'Bicycle claim', nl: 'Fietsschade' },
  questions: [
    { id: 'frame_number', kind: 'text', label: { en: 'Frame number', nl: 'Framenummer' }, required: true },
    { id: 'theft_date', kind: 'date', label: { en: 'Date of theft', nl: 'Datum van diefstal' }, step: 2 },
  ],
};

function configError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(KlarefiConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a KlarefiConfigError');
}

describe('options', () => {
  it('refuses a live key, and says the emulator is for test keys without repeating the key', async () => {
    const key = 'sk_live_abcdef1234567890';
    const message = configError(() => createEmulatorApp({ apiKey: key }));
    expect(message).toMatch(/test keys/);
    expect(message).toMatch(/apiKey/);
    expect(message).not.toContain(key);
    await expect(startEmulator({ apiKey: key })).rejects.toBeInstanceOf(KlarefiConfigError);
  });

  it.each([
    [{ apiKey: 'pk_test_123456' }, /apiKey must start with sk_test_/],
    [{ webhookSecret: 'secret' }, /webhookSecret must be a signing secret starting with whsec_/],
    [{ port: 70000 }, /port must be a whole number from 0 to 65535/],
    [{ endpoints: [{ url: 'not a url' }] }, /endpoints\[0\]\.url must be an absolute http/],
    [{ endpoints: [{ url: 'ftp://x.test/' }] }, /endpoints\[0\]\.url must use http/],
    [
      { endpoints: [{ url: 'http://127.0.0.1:1/', events: ['case.completed'] }] },
      /not an event type like "v1\.case\.completed"/,
    ],
    [
      { endpoints: [{ url: 'http://127.0.0.1:1/', secret: 'nope' }] },
      /endpoints\[0\]\.secret must be a signing secret/,
    ],
    [
      { endpoints: [{ url: 'http://127.0.0.1:1/', failure: { status: 42 } }] },
      /failure\.status must be an HTTP status/,
    ],
    [
      { endpoints: [{ url: 'http://127.0.0.1:1/', failure: {} }] },
      /failure needs a status, a delayMs, or both/,
    ],
    [{ retrySchedule: 'fast' }, /retrySchedule must be 'dev', 'service', or an array/],
    [{ retrySchedule: [10, -1] }, /retrySchedule must be/],
    [{ deliveryTimeoutMs: 0 }, /deliveryTimeoutMs must be a whole number ≥ 1/],
    [{ rateLimitPerMinute: 1.5 }, /rateLimitPerMinute must be a whole number/],
    [
      { additionalKeys: [{ apiKey: 'sk_test_readonly', scopes: ['cases:write'] }] },
      /additionalKeys\[0\]\.scopes/,
    ],
  ])('%j is refused: %s', (options, pattern) => {
    expect(configError(() => createEmulatorApp(options as never))).toMatch(pattern);
  });

  it('exports stable dev credentials that are valid options', async () => {
    expect(DEV_API_KEY.startsWith('sk_test_')).toBe(true);
    expect(DEV_WEBHOOK_SECRET.startsWith('whsec_')).toBe(true);
    const emu = await startEmulator({ apiKey: DEV_API_KEY, webhookSecret: DEV_WEBHOOK_SECRET });
    expect(emu.apiKey).toBe(DEV_API_KEY);
    expect(emu.webhookSecret).toBe(DEV_WEBHOOK_SECRET);
    expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emu.dashboardUrl).toBe(`${emu.url}/_emulator`);
    await emu.close();
  });

  it('generates a random test key and secret by default', async () => {
    const a = createEmulatorApp();
    const b = createEmulatorApp();
    expect(a.apiKey).toMatch(/^sk_test_/);
    expect(a.webhookSecret).toMatch(/^whsec_/);
    expect(a.apiKey).not.toBe(b.apiKey);
    expect(Object.keys(a).sort()).toEqual([
      'addEndpoint',
      'apiKey',
      'app',
      'clock',
      'close',
      'deliveries',
      'faults',
      'previousWebhookSecret',
      'webhookSecret',
    ]);
    expect(a.previousWebhookSecret).toMatch(/^whsec_/);
    expect(a.previousWebhookSecret).not.toBe(a.webhookSecret);
    await Promise.all([a.close(), b.close()]);
  });

  it('reports a busy port clearly', async () => {
    const first = await startEmulator();
    const port = Number(new URL(first.url).port);
    await expect(startEmulator({ port })).rejects.toThrow(/already in use/);
    await first.close();
  });
});

describe('case types', () => {
  it('adds custom case types from options and from a JSON file, the file first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'klarefi-ct-'));
    const file = join(dir, 'types.json');
    writeFileSync(file, JSON.stringify([{ ...bike, id: 'scooter_claim' }, bike]));
    const override = { ...bike, name: { en: 'Bike (custom)', nl: 'Fiets (eigen)' } };
    const { core } = buildEmulator({ caseTypesFile: file, caseTypes: [override] });
    const close = () => core.close();
    expect([...core.options.caseTypes.keys()]).toEqual([
      'motor_claim',
      'travel_claim',
      'home_contents_claim',
      'scooter_claim',
      'bike_claim',
    ]);
    expect(core.options.caseTypes.get('bike_claim')?.name.en).toBe('Bike (custom)');
    await close();
  });

  it.each([
    [[{ ...bike, id: 'Bike Claim' }], /caseTypes\[0\]\.id must be lower case/],
    [
      [{ ...bike, name: { en: 'Bike' } }],
      /caseTypes\[0\] \("bike_claim"\)\.name\.nl must be a non-empty string/,
    ],
    [[{ ...bike, questions: [] }], /questions must be a non-empty array/],
    [
      [{ ...bike, questions: [{ ...bike.questions[0], kind: 'number' }] }],
      /questions\[0\]\.kind must be one of text, date/,
    ],
    [[{ ...bike, questions: [bike.questions[0], bike.questions[0]] }], /"frame_number" is used twice/],
    [
      [{ ...bike, questions: [{ ...bike.questions[0], step: 0 }] }],
      /step must be a whole number from 1 to 20/,
    ],
    [
      [{ ...bike, documents: { label: { en: 'x', nl: '' } } }],
      /documents\.label\.nl must be a non-empty string/,
    ],
  ])('refuses %j', (caseTypes, pattern) => {
    expect(configError(() => createEmulatorApp({ caseTypes: caseTypes as never }))).toMatch(pattern);
  });

  it('names the file when caseTypesFile is missing, not JSON, or not an array', () => {
    const dir = mkdtempSync(join(tmpdir(), 'klarefi-ct-'));
    expect(configError(() => createEmulatorApp({ caseTypesFile: join(dir, 'nope.json') }))).toMatch(
      /caseTypesFile: cannot read .*nope\.json \(ENOENT\)/,
    );
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ not json');
    expect(configError(() => createEmulatorApp({ caseTypesFile: bad }))).toMatch(
      /bad\.json is not valid JSON/,
    );
    writeFileSync(bad, '{}');
    expect(configError(() => createEmulatorApp({ caseTypesFile: bad }))).toMatch(/must hold a JSON array/);
    writeFileSync(bad, JSON.stringify([{ ...bike, questions: 'x' }]));
    expect(configError(() => createEmulatorApp({ caseTypesFile: bad }))).toMatch(
      /caseTypesFile .*bad\.json: \[0\]/,
    );
  });
});
