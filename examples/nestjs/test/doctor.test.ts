import { exampleConfig } from '@klarefi/example-kit';
import { main } from 'klarefi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningExample, startExample } from './example.js';

const SECRET = 'whsec_example_nestjs_doctor';
let running: RunningExample;

beforeAll(async () => {
  running = await startExample(exampleConfig({ KLAREFI_WEBHOOK_SECRET: SECRET }));
});
afterAll(() => running?.app.close());

describe('examples/nestjs under klarefi doctor', () => {
  // main.ts raises Nest's 100 kB JSON limit on Express to 1 MiB, so a 900 KB delivery is verified.
  it('passes every check of the receiver battery, the 900 KB body included', async () => {
    let out = '';
    const code = await main(['doctor', `${running.url}/webhooks/klarefi`, '--secret', SECRET, '--json'], {
      stdout: { write: (text: string) => (out += text) },
      stderr: { write: (text: string) => (out += text) },
      env: {},
    });
    const report = JSON.parse(out) as {
      checks: Array<{ id: string; verdict: string; answers: Array<{ status: number | null }> }>;
    };
    const failed = report.checks.filter((c) => c.verdict === 'fail');
    expect({ code, failed: failed.map((c) => c.id) }).toEqual({ code: 0, failed: [] });
    expect(out).not.toContain(SECRET);
  });
});
