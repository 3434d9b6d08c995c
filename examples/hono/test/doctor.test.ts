import { ClaimStore, exampleConfig } from '@klarefi/example-kit';
import { main } from 'klarefi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from '../src/app.js';

const SECRET = 'whsec_example_hono_doctor';
let url = '';
let close: () => Promise<void> = async () => {};

beforeAll(async () => {
  const config = exampleConfig({ KLAREFI_WEBHOOK_SECRET: SECRET, PORT: '0' });
  const server = serve({ fetch: createApp(config, new ClaimStore()).fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/klarefi`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});
afterAll(() => close());

describe('examples/hono under klarefi doctor', () => {
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
