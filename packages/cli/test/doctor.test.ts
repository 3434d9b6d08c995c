import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { doctor } from '../src/index.js';
import { requireBuiltCli, runCli } from './helpers.js';
import {
  firstV1OnlyVerify,
  noWindowVerify,
  type ReceiverOptions,
  reserialisingVerify,
  sdkVerify,
  startTestReceiver,
  type TestReceiver,
} from './receivers.js';

const SECRET = 'whsec_doctor_test_current_secret';
const OLD_SECRET = 'whsec_doctor_test_previous_secret';

interface JsonCheck {
  id: string;
  verdict: 'pass' | 'fail' | 'note';
  detail: string | null;
  cause: string | null;
  answers: Array<{ status: number | null; meaning: string; duration_ms: number }>;
}
interface JsonReport {
  ok: boolean;
  secrets: number;
  checks: JsonCheck[];
}

const open: TestReceiver[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});
beforeAll(() => requireBuiltCli());

async function receiver(options: ReceiverOptions): Promise<TestReceiver> {
  const r = await startTestReceiver(options);
  open.push(r);
  return r;
}

async function doctorJson(url: string, args: string[] = ['--secret', SECRET]) {
  const result = await runCli(['doctor', url, ...args, '--json']);
  const report = JSON.parse(result.stdout) as JsonReport;
  const check = (id: string) => report.checks.find((c) => c.id === id) as JsonCheck;
  const failed = report.checks.filter((c) => c.verdict === 'fail').map((c) => c.id);
  return { result, report, check, failed };
}

describe('klarefi doctor against a correct receiver', () => {
  it('passes every check, reports the clock in sync, and exits 0', async () => {
    const r = await receiver({ verify: sdkVerify(SECRET) });
    const result = await runCli(['doctor', r.url, '--secret', SECRET, '--probe-url', r.probeUrl]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Result: OK: 20 passed, 0 failed, 0 notes/);
    expect(result.stdout).toMatch(/a window of about ±\d{3} s; its clock matches this one/);
    expect(result.stdout).toContain('--probe-url: 1 run(s)');
    expect(result.stdout).not.toContain(SECRET);
    // Every delivery_id the doctor sent ran the handler once.
    expect([...r.runs.values()].every((n) => n === 1)).toBe(true);
  });

  it('without --probe-url, says what it cannot see about the retries (a note, not a failure)', async () => {
    const r = await receiver({ verify: sdkVerify(SECRET) });
    const { result, check } = await doctorJson(r.url);
    expect(result.code).toBe(0);
    expect(check('retry.sequential')).toMatchObject({ verdict: 'note' });
    expect(check('retry.sequential').detail).toMatch(/cannot be seen from outside: pass --probe-url/);
  });

  it('checks both secrets of a rotation; a receiver holding only the new one fails rotation.each-secret', async () => {
    const both = await receiver({ verify: sdkVerify([SECRET, OLD_SECRET]) });
    const ok = await doctorJson(both.url, ['--secret', SECRET, '--secret', OLD_SECRET]);
    expect(ok.failed).toEqual([]);
    expect(ok.report.secrets).toBe(2);
    expect(ok.check('rotation.each-secret').verdict).toBe('pass');

    const one = await receiver({ verify: sdkVerify(SECRET) });
    const bad = await doctorJson(one.url, ['--secret', SECRET, '--secret', OLD_SECRET]);
    expect(bad.failed).toEqual(['rotation.each-secret']);
    expect(bad.check('rotation.each-secret').cause).toMatch(/holds only one of them/);
    expect(bad.result.stdout).not.toContain(OLD_SECRET);
  });
});

describe('klarefi doctor diagnoses broken receivers', () => {
  it('one that verifies JSON.stringify(req.body): the byte-exact cases fail as re-serialisation', async () => {
    const r = await receiver({ verify: reserialisingVerify(SECRET) });
    const { result, failed, check } = await doctorJson(r.url);
    expect(result.code).toBe(1);
    expect(failed).toEqual(['bytes.whitespace', 'bytes.escapes', 'bytes.numbers']);
    expect(check('good.envelope').verdict).toBe('pass');
    expect(check('bytes.whitespace').cause).toMatch(/verifies a re-serialised body/);
    const text = await runCli(['doctor', r.url, '--secret', SECRET]);
    expect(text.stdout).toContain(
      'Diagnosis\n  - The receiver verifies a re-serialised body (a parsed-then-stringified JSON object), not the bytes that were sent, so it refuses any body its serialiser would write differently. (bytes.whitespace, bytes.escapes, bytes.numbers)\n',
    );
    expect(check('bytes.escapes').answers[0]).toMatchObject({
      status: 401,
      meaning: expect.stringMatching(/^refused for good: Klarefi does not retry a 4xx/),
      duration_ms: expect.any(Number),
    });
  });

  it('one without a timestamp window: stale and future deliveries accepted, the window missing on both sides', async () => {
    const r = await receiver({ verify: noWindowVerify(SECRET) });
    const { result, failed, check } = await doctorJson(r.url);
    expect(result.code).toBe(1);
    expect(failed).toEqual(['refuse.stale', 'refuse.future', 'clock.window']);
    expect(check('refuse.stale').cause).toMatch(/no timestamp window/);
    expect(check('clock.window').detail).toMatch(/more than 60 min before to more than 60 min after/);
  });

  it('one that checks only the first v1: the rotation header with an unknown v1 first is refused', async () => {
    const r = await receiver({ verify: firstV1OnlyVerify(SECRET) });
    const { failed, check } = await doctorJson(r.url);
    expect(failed).toEqual(['rotation.unknown-first']);
    expect(check('rotation.unknown-first').cause).toMatch(/checks only the first v1/);
  });

  it('one that answers 400 to a valid delivery: the event is lost, and the text report says why', async () => {
    const r = await receiver({ verify: sdkVerify(SECRET), acceptStatus: 400 });
    const result = await runCli(['doctor', r.url, '--secret', SECRET]);
    expect(result.code).toBe(1);
    const good = result.stdout.split('\n').findIndex((l) => l.includes('FAIL  current envelope'));
    expect(good).toBeGreaterThan(0);
    const block = result.stdout
      .split('\n')
      .slice(good, good + 5)
      .join('\n');
    expect(block).toContain('expected: 2xx to every copy');
    expect(block).toContain('saw: 400 unprocessable: refused for good: Klarefi does not retry a 4xx');
    expect(block).toMatch(/cause: A correctly signed delivery was not acknowledged/);
    // The later accept cases point back to the good path instead of guessing.
    expect(result.stdout).toContain('cause: The good path fails too: fix that first.');
  });

  it('one without a dedupe, seen through --probe-url: the handler ran twice', async () => {
    const r = await receiver({ verify: sdkVerify(SECRET), dedupe: false });
    const { failed, check } = await doctorJson(r.url, ['--secret', SECRET, '--probe-url', r.probeUrl]);
    expect(failed).toEqual(['retry.sequential', 'retry.concurrent']);
    expect(check('retry.sequential').detail).toMatch(/the handler ran 2 time\(s\)/);
  });

  it('one whose clock is 20 min behind: every fresh delivery refused, the clock named as the cause', async () => {
    const r = await receiver({ verify: sdkVerify(SECRET, () => Date.now() - 20 * 60_000) });
    const { check } = await doctorJson(r.url);
    expect(check('good.envelope').verdict).toBe('fail');
    const clock = check('clock.window');
    expect(clock.verdict).toBe('fail');
    expect(clock.cause).toMatch(/clock is about 20 min behind this machine's/);
  });

  it('one whose clock is 2 min ahead: passes, with a note on the skew', async () => {
    const r = await receiver({ verify: sdkVerify(SECRET, () => Date.now() + 120_000) });
    const { result, check } = await doctorJson(r.url);
    expect(result.code).toBe(0);
    expect(check('clock.window')).toMatchObject({ verdict: 'note' });
    expect(check('clock.window').detail).toMatch(/its clock is about 1[12]\d s ahead/);
  });
});

describe('klarefi doctor: safe by default', () => {
  it('refuses a receiver that is not on this machine unless --allow-remote', async () => {
    const result = await runCli([
      'doctor',
      'https://claims.example.com/webhooks/klarefi',
      '--secret',
      SECRET,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/claims\.example\.com is not this machine.*--allow-remote/s);
  });

  it('says when nothing listens, without a report of failures', async () => {
    const r = await receiver({ verify: sdkVerify(SECRET) });
    const url = r.url;
    await r.close();
    open.length = 0;
    const result = await runCli(['doctor', url.replace('127.0.0.1', 'localhost'), '--secret', SECRET]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Cannot reach .*ECONNREFUSED.*Is the receiver running there\?/);
  });

  it('needs a secret, and never prints one, not even with --verbose', async () => {
    const r = await receiver({ verify: sdkVerify(SECRET) });
    const missing = await runCli(['doctor', r.url]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Set KLAREFI_WEBHOOK_SECRET');
    const verbose = await runCli(['doctor', r.url, '--verbose'], { env: { KLAREFI_WEBHOOK_SECRET: SECRET } });
    expect(verbose.code).toBe(0);
    expect(verbose.stdout).toMatch(
      /--> POST http:\/\/127\.0\.0\.1:\d+\/webhooks\/klarefi \d+ bytes, x-klarefi-signature: t=\d+,v1=[0-9a-f]{64}/,
    );
    expect(verbose.stdout).toMatch(/<-- 401 \d+ ms/);
    expect(`${verbose.stdout}${verbose.stderr}`).not.toContain(SECRET);
  });
});

describe('doctor() from the klarefi package', () => {
  it('resolves with the report the --json output prints, for a test suite to assert on', async () => {
    const r = await receiver({ verify: sdkVerify(SECRET) });
    const report = await doctor(r.url, { secret: SECRET, probeUrl: r.probeUrl });
    expect(report.ok).toBe(true);
    expect(report.checks.filter((c) => c.verdict === 'fail')).toEqual([]);
    expect(report.checks.map((c) => c.id)).toContain('budget.answer-time');
    const broken = await receiver({ verify: reserialisingVerify(SECRET) });
    const failing = await doctor(broken.url, { secret: [SECRET] });
    expect(failing.ok).toBe(false);
  });

  it('refuses a remote URL and a missing secret with errors that say what to pass', async () => {
    await expect(doctor('https://claims.example.com/webhooks/klarefi', { secret: SECRET })).rejects.toThrow(
      /not this machine.*--allow-remote/s,
    );
    await expect(doctor('http://127.0.0.1:9/webhooks/klarefi', { secret: [] })).rejects.toThrow(
      /doctor\(\): set `secret` to the receiver's signing secret/,
    );
  });
});
