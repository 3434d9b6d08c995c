import { ClaimStore, exampleConfig } from '@klarefi/example-kit';
import { doctor } from 'klarefi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, listen } from '../src/app.js';

const SECRET = 'whsec_example_elysia_doctor';
let url = '';
let close: () => Promise<void> = async () => {};

beforeAll(async () => {
  const config = exampleConfig({ KLAREFI_WEBHOOK_SECRET: SECRET, PORT: '0' });
  const server = await listen(createApp(config, new ClaimStore()), 0, '127.0.0.1');
  url = `http://127.0.0.1:${server.port}`;
  close = server.stop;
});
afterAll(() => close());

describe('examples/elysia under klarefi doctor', () => {
  it('passes every check of the receiver battery', async () => {
    const report = await doctor(`${url}/webhooks/klarefi`, { secret: SECRET });
    expect(report.checks.filter((c) => c.verdict === 'fail').map((c) => c.id)).toEqual([]);
  });
});
