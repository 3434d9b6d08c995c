import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEV_API_KEY, DEV_WEBHOOK_SECRET } from '@klarefi/emulator';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type LiveCli, requireBuiltCli, runCli, startCli, startReceiver } from './helpers.js';

beforeAll(requireBuiltCli);

const running: LiveCli[] = [];
afterEach(async () => {
  for (const cli of running.splice(0)) {
    if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGKILL');
    await cli.exited;
  }
});

function dev(args: string[], env?: Record<string, string>): LiveCli {
  const cli = startCli(['dev', ...args], env ? { env } : {});
  running.push(cli);
  return cli;
}

interface DevInfo {
  url: string;
  apiKey: string;
  webhookSecret: string;
  dashboardUrl: string;
  forwardTo: string[];
}

describe('klarefi dev', () => {
  it('--json prints one object with the connection details, serves the API, and stops on SIGTERM with 0', async () => {
    const cli = dev(['--port', '0', '--json']);
    const info = JSON.parse(await cli.waitForLine((l) => l.startsWith('{'), 'the JSON line')) as DevInfo;
    expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(info.apiKey).toBe(DEV_API_KEY);
    expect(info.webhookSecret).toBe(DEV_WEBHOOK_SECRET);
    expect(info.dashboardUrl.startsWith(info.url)).toBe(true);
    expect(info.forwardTo).toEqual(['http://127.0.0.1:3000/webhooks/klarefi']);

    const health = await fetch(`${info.url}/api/v1/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const dashboard = await fetch(info.dashboardUrl);
    expect(dashboard.status).toBe(200);

    cli.child.kill('SIGTERM');
    const result = await cli.exited;
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    await expect(fetch(`${info.url}/api/v1/health`)).rejects.toThrow();
  });

  it('prints the key, secret, dashboard and export lines, and logs deliveries to --forward-to', async () => {
    const receiver = await startReceiver(DEV_WEBHOOK_SECRET);
    try {
      const cli = dev(['--port', '0', '--forward-to', receiver.url]);
      await cli.waitForLine((l) => l.includes('Press Ctrl-C to stop'), 'the end of the banner');
      const out = () => cli.lines.join('\n');
      const url = (out().match(/export KLAREFI_API_BASE_URL=(\S+)/) ?? [])[1] as string;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(out()).toContain(`export KLAREFI_API_KEY=${DEV_API_KEY}`);
      expect(out()).toContain(`export KLAREFI_WEBHOOK_SECRET=${DEV_WEBHOOK_SECRET}`);
      expect(out()).toContain(`Test API key     ${DEV_API_KEY}`);
      expect(out()).toContain(`Webhook secret   ${DEV_WEBHOOK_SECRET}`);
      expect(out()).toMatch(/Dashboard\s+http:\/\/127\.0\.0\.1:\d+\//);
      expect(out()).toContain(receiver.url);

      // The whole loop a developer runs: the printed key creates a session, the emulator signs the
      // event with the printed secret, the receiver verifies it, and dev logs the delivery.
      const created = await runCli(['sessions', 'create', '--case-type', 'motor_claim', '--json'], {
        env: { KLAREFI_API_KEY: DEV_API_KEY, KLAREFI_API_BASE_URL: url },
      });
      expect(created.stderr).toBe('');
      expect(created.code).toBe(0);
      const session = JSON.parse(created.stdout) as { session_id: string };
      const first = await receiver.nth(1);
      expect(first.error).toBeUndefined();
      expect(first.event?.event_type).toBe('v1.intake.session_created');
      expect(first.event?.case_id ?? first.event?.session_id).toBe(session.session_id);
      await cli.waitForLine((l) => l.includes('-->'), 'a --> delivery line');
      await cli.waitForLine((l) => l.includes('<--') && l.includes('200'), 'a <-- 200 line');

      cli.child.kill('SIGINT');
      expect((await cli.exited).code).toBe(0);
    } finally {
      await receiver.close();
    }
  });

  it('keeps the same key and secret across restarts, and takes --api-key and --secret', async () => {
    const first = dev(['--port', '0', '--json']);
    const a = JSON.parse(await first.waitForLine((l) => l.startsWith('{'), 'JSON')) as DevInfo;
    first.child.kill('SIGTERM');
    await first.exited;
    const second = dev(['--port', '0', '--json']);
    const b = JSON.parse(await second.waitForLine((l) => l.startsWith('{'), 'JSON')) as DevInfo;
    expect([b.apiKey, b.webhookSecret]).toEqual([a.apiKey, a.webhookSecret]);

    const custom = dev([
      '--port',
      '0',
      '--json',
      '--api-key',
      'sk_test_custom_123',
      '--secret',
      'whsec_custom_456',
    ]);
    const c = JSON.parse(await custom.waitForLine((l) => l.startsWith('{'), 'JSON')) as DevInfo;
    expect([c.apiKey, c.webhookSecret]).toEqual(['sk_test_custom_123', 'whsec_custom_456']);
    const me = await fetch(`${c.url}/api/v1/me`, { headers: { authorization: 'Bearer sk_test_custom_123' } });
    expect(me.status).toBe(200);
  });

  it('--case-types adds case types from a file, and --data-file keeps sessions across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'klarefi-dev-'));
    try {
      const caseTypes = join(dir, 'case-types.json');
      const bikeClaim = {
        id: 'bike_claim',
        name: { en: 'Bike claim', nl: 'Fietsschade' },
        questions: [
          { id: 'incident_date', kind: 'date', label: { en: 'Date', nl: 'Datum' }, required: true },
        ],
      };
      writeFileSync(caseTypes, JSON.stringify([bikeClaim]));
      const args = [
        '--port',
        '0',
        '--json',
        '--case-types',
        caseTypes,
        '--data-file',
        join(dir, 'state', 'dev.json'),
      ];

      const first = dev(args);
      const a = JSON.parse(await first.waitForLine((l) => l.startsWith('{'), 'JSON')) as DevInfo;
      const created = await runCli(['sessions', 'create', '--case-type', 'bike_claim', '--json'], {
        env: { KLAREFI_API_KEY: a.apiKey, KLAREFI_API_BASE_URL: a.url },
      });
      expect(created.stderr).toBe('');
      const { session_id } = JSON.parse(created.stdout) as { session_id: string };
      first.child.kill('SIGTERM');
      expect((await first.exited).code).toBe(0);

      const second = dev(args);
      const b = JSON.parse(await second.waitForLine((l) => l.startsWith('{'), 'JSON')) as DevInfo;
      const sessions = await (await fetch(`${b.url}/_emulator/sessions`)).text();
      expect(sessions).toContain(session_id);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says clearly that the port is in use, exit 1, no stack trace', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const result = await runCli(['dev', '--port', String(port)]);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `klarefi: Port ${port} is already in use. Stop the other process or pass --port ${port + 1}.\n`,
      );
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it('refuses a live key without printing it', async () => {
    const result = await runCli(['dev', '--port', '0', '--api-key', 'sk_live_realsecret123']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--api-key must be a test key');
    expect(result.stderr).not.toContain('realsecret123');
  });

  it('names --forward-to when it is not a URL', async () => {
    const result = await runCli(['dev', '--forward-to', 'localhost:3000/webhooks']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--forward-to must be');
  });

  it('names --case-types when the file does not exist', async () => {
    const result = await runCli(['dev', '--port', '0', '--case-types', 'no-such-file.json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--case-types file not found');
  });
});
