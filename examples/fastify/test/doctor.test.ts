import { ClaimStore, exampleConfig } from '@klarefi/example-kit';
import { doctor } from 'klarefi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';

const SECRET = 'whsec_example_fastify_doctor';
let url = '';
let close: () => Promise<void> = async () => {};

beforeAll(async () => {
  const config = exampleConfig({ KLAREFI_WEBHOOK_SECRET: SECRET, PORT: '0' });
  const app = createApp(config, new ClaimStore());
  url = await app.listen({ port: 0, host: '127.0.0.1' });
  close = () => app.close();
});
afterAll(() => close());

describe('examples/fastify under klarefi doctor', () => {
  it('passes every check of the receiver battery', async () => {
    const report = await doctor(`${url}/webhooks/klarefi`, { secret: SECRET });
    expect(report.checks.filter((c) => c.verdict === 'fail').map((c) => c.id)).toEqual([]);
  });
});
