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

describe('klarefi dev for test tools (the pytest plugin)', () => {
  it('--forward-to none starts without endpoints; one added over HTTP gets the previous-secret fault', async () => {
    const previous = 'whsec_cli_previous_secret_01';
    const cli = startCli([
      'dev',
      '--port',
      '0',
      '--json',
      '--forward-to',
      'none',
      '--previous-secret',
      previous,
    ]);
    running.push(cli);
    const info = JSON.parse(await cli.waitForLine((l) => l.startsWith('{'), 'the JSON line')) as {
      url: string;
      apiKey: string;
      forwardTo: string[];
    };
    expect(info.forwardTo).toEqual([]);
    const receiver = await startReceiver(previous);
    try {
      const post = (path: string, body: unknown) =>
        fetch(`${info.url}${path}`, { method: 'POST', body: JSON.stringify(body) });
      expect((await post('/_emulator/endpoints', { url: receiver.url })).status).toBe(201);
      expect((await post('/_emulator/faults', { signWith: 'previous-secret' })).status).toBe(201);
      await fetch(`${info.url}/api/v1/webhooks/test`, {
        method: 'POST',
        headers: { authorization: `Bearer ${info.apiKey}` },
      });
      const received = await receiver.nth(1);
      expect(received.error).toBeUndefined();
      expect(received.event?.event_type).toBe('v1.webhook.test');
    } finally {
      await receiver.close();
    }
  });

  it('refuses none next to a URL, and a previous secret without whsec_', async () => {
    const both = await runCli(['dev', '--forward-to', 'none', '--forward-to', 'http://127.0.0.1:1/x']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--forward-to none means no endpoint/);
    const bad = await runCli(['dev', '--previous-secret', 'nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--previous-secret must be a webhook signing secret/);
  });
});
