import { ClaimStore, exampleConfig } from '@klarefi/example-kit';
import { main } from 'klarefi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';

const SECRET = 'whsec_example_fastify_doctor';
let url = '';
let close: () => Promise<void> = async () => {};

beforeAll(async () => {
  const config = exampleConfig({ KLAREFI_WEBHOOK_SECRET: SECRET, PORT: '0' });
  const app = createApp(config, new ClaimStore());
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  url = `${address}/webhooks/klarefi`;
  close = () => app.close();
});
afterAll(() => close());

describe('examples/fastify under klarefi doctor', () => {
  it('passes every check of the receiver battery', async () => {
    let out = '';
    const code = await main(['doctor', url, '--secret', SECRET, '--json'], {
      stdout: { write: (text: string) => (out += text) },
      stderr: { write: (text: string) => (out += text) },
      env: {},
    });
    const report = JSON.parse(out) as { ok: boolean; checks: Array<{ id: string; verdict: string }> };
    const failed = report.checks.filter((c) => c.verdict === 'fail').map((c) => c.id);
    expect({ code, failed }).toEqual({ code: 0, failed: [] });
    expect(out).not.toContain(SECRET);
  });
});
