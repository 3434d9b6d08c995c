import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KNOWN_EVENT_TYPES } from '@klarefi/sdk/adapter';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, type Receiver, requireBuiltCli, runCli, startReceiver } from './helpers.js';

beforeAll(requireBuiltCli);

const SECRET = 'whsec_cli_trigger_test_secret';
const receivers: Receiver[] = [];
afterEach(async () => {
  for (const receiver of receivers.splice(0)) await receiver.close();
});

async function receiver(status = 200, secret = SECRET): Promise<Receiver> {
  const r = await startReceiver(secret, status);
  receivers.push(r);
  return r;
}

const trigger = (args: string[], env?: Record<string, string>) =>
  runCli(['webhooks', 'trigger', ...args], env ? { env } : {});

const DOCUMENTED = KNOWN_EVENT_TYPES;

describe('klarefi webhooks trigger', () => {
  it('sends a signed v1.case.completed that constructEvent accepts, and prints --> and <-- lines', async () => {
    const r = await receiver();
    const result = await trigger(['case.completed', '--forward-to', r.url, '--secret', SECRET]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const got = await r.nth(1);
    expect(got.error).toBeUndefined();
    expect(got.headers['content-type']).toBe('application/json');
    const event = got.event as Record<string, unknown>;
    expect(event.event_type).toBe('v1.case.completed');
    expect(event.delivery_id).toMatch(/^whd_/);
    expect(event.event_id).toMatch(/^evt_/);
    expect((event.data as { case_status: string }).case_status).toBe('completed');
    const [sent, answered, excerpt] = result.stdout.trim().split('\n');
    expect(sent).toBe(`--> v1.case.completed ${event.delivery_id}`);
    expect(answered).toMatch(new RegExp(`^<-- 200 ${r.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\d+ms$`));
    expect(excerpt?.trim()).toBe('{"received":true}');
  });

  it('reads the secret from KLAREFI_WEBHOOK_SECRET and uses --case-id', async () => {
    const r = await receiver();
    const result = await trigger(
      ['v1.case.needs_review', '--forward-to', r.url, '--case-id', 'case-from-cli'],
      {
        KLAREFI_WEBHOOK_SECRET: SECRET,
      },
    );
    expect(result.code).toBe(0);
    const got = await r.nth(1);
    expect(got.event?.event_type).toBe('v1.case.needs_review');
    expect(got.event?.case_id).toBe('case-from-cli');
  });

  it('--legacy sends the legacy body shape, still signed', async () => {
    const r = await receiver();
    const result = await trigger(['case.completed', '--legacy', '--forward-to', r.url, '--secret', SECRET]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^--> case\.completed \(legacy body: no delivery_id\)/);
    const event = (await r.nth(1)).event as Record<string, unknown>;
    expect(Object.keys(event).sort()).toEqual(['case_id', 'data', 'event', 'org_id', 'timestamp']);
    expect(event.event).toBe('case.completed');
    expect(event.delivery_id).toBeUndefined();
    expect((event.data as { features?: unknown }).features).toBeTypeOf('object');
  });

  it('can send every documented event type, each verifying', async () => {
    const r = await receiver();
    for (const [i, type] of DOCUMENTED.entries()) {
      const result = await trigger([type, '--forward-to', r.url, '--secret', SECRET]);
      expect(result.code, `${type}: ${result.stderr}`).toBe(0);
      const got = await r.nth(i + 1);
      expect(got.error).toBeUndefined();
      expect(got.event?.event_type).toBe(type);
      expect(got.event?.semantic_event_type).toBe(type.slice(3));
    }
  }, 60_000);

  it('--json prints one object with the outcome', async () => {
    const r = await receiver();
    const result = await trigger(['case.completed', '--forward-to', r.url, '--secret', SECRET, '--json']);
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ ok: true, event_type: 'v1.case.completed', url: r.url, status: 200 });
    expect(out.delivery_id).toBe((await r.nth(1)).event?.delivery_id);
    expect(out.duration_ms).toBeTypeOf('number');
  });

  it('exit 1 when the receiver answers 500', async () => {
    const r = await receiver(500);
    const result = await trigger(['case.completed', '--forward-to', r.url, '--secret', SECRET]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`<-- 500 ${r.url}`);
    expect(result.stderr).toContain('answered 500, not 2xx');
  });

  it('exit 1 when the receiver rejects the signature, with a hint and without the secret', async () => {
    const r = await receiver(200, 'whsec_the_receivers_other_secret');
    const result = await trigger(['case.completed', '--forward-to', r.url, '--secret', SECRET]);
    expect(result.code).toBe(1);
    expect((await r.nth(1)).error).toBeTruthy();
    expect(result.stdout).toContain('<-- 401');
    expect(result.stderr).toContain('KLAREFI_WEBHOOK_SECRET');
    expect(result.stdout + result.stderr).not.toContain(SECRET);
  });

  it('cuts a long answer at a word boundary, with …', async () => {
    const words = Array.from({ length: 120 }, (_, i) => `word${i}`).join(' ');
    const server = createServer((_req, res) => {
      res.writeHead(401, { 'content-type': 'text/plain' });
      res.end(`Unauthorized: ${words}`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/klarefi`;
      const result = await trigger(['case.completed', '--forward-to', url, '--secret', SECRET]);
      expect(result.code).toBe(1);
      const excerpt = result.stdout.trim().split('\n')[2]?.trim() ?? '';
      expect(excerpt.length).toBeLessThanOrEqual(301);
      expect(excerpt).toMatch(/ word\d+…$/);
      // The last word shown is a whole word of the body, not a piece of one.
      const last = /(word\d+)…$/.exec(excerpt)?.[1] as string;
      expect(words.split(' ')).toContain(last);
      expect(words).toContain(`${last} word`);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('warns about a secret without whsec_, and still signs with it', async () => {
    const secret = 'cli_trigger_secret_without_prefix';
    const r = await receiver(200, secret);
    const result = await trigger(['case.completed', '--forward-to', r.url, '--secret', secret]);
    expect(result.code).toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('Warning: the secret does not start with whsec_');
    expect(result.stderr).not.toContain(secret);
  });

  it('a redirect is not a success', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(302, { location: '/elsewhere' });
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/klarefi`;
      const result = await trigger(['case.completed', '--forward-to', url, '--secret', SECRET]);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('<-- 302');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('exit 1 when nothing listens at --forward-to', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/webhooks/klarefi`;
    const result = await trigger(['case.completed', '--forward-to', url, '--secret', SECRET]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('connection refused');
    expect(result.stderr).toContain('--forward-to');
  });

  it('--list prints every documented type', async () => {
    const result = await trigger(['--list']);
    expect(result.code).toBe(0);
    for (const type of DOCUMENTED) expect(result.stdout).toContain(type);
  });

  it('an unknown event: exit 2 and the documented types', async () => {
    const result = await trigger([
      'case.exploded',
      '--forward-to',
      'http://127.0.0.1:1/x',
      '--secret',
      SECRET,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unknown event type 'case.exploded'");
    for (const type of DOCUMENTED) expect(result.stderr).toContain(type);
  });

  it('names what is missing: the event, --forward-to, the secret', async () => {
    const cases = [
      [[], 'Missing the event type'],
      [['case.completed', '--secret', SECRET], 'Missing --forward-to'],
      [
        ['case.completed', '--forward-to', 'http://127.0.0.1:1/x'],
        'Set KLAREFI_WEBHOOK_SECRET (or pass --secret',
      ],
    ] as const;
    for (const [args, message] of cases) {
      const result = await trigger([...args]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(message);
      expect(result.stderr).toContain('klarefi webhooks trigger --help');
    }
  });
});
