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
  // Known bug, found by this run: @hono/node-server writes Content-Length into the plain headers
  // object given to `new Response()`, and the SDK's web handler passes its shared JSON_HEADERS
  // constant, so after the first answer every duplicate answer carries Content-Length 17 and its
  // body is cut: retry.sequential fails. Expect no failure once the web handler copies the headers.
  it('passes every check of the receiver battery but the known retry.sequential bug', async () => {
    let out = '';
    const code = await main(['doctor', url, '--secret', SECRET, '--json'], {
      stdout: { write: (text: string) => (out += text) },
      stderr: { write: (text: string) => (out += text) },
      env: {},
    });
    const report = JSON.parse(out) as { ok: boolean; checks: Array<{ id: string; verdict: string }> };
    const failed = report.checks.filter((c) => c.verdict === 'fail').map((c) => c.id);
    expect({ code, failed }).toEqual({ code: 1, failed: ['retry.sequential'] });
    expect(out).not.toContain(SECRET);
  });
});
