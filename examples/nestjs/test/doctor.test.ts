import { exampleConfig } from '@klarefi/example-kit';
import { doctor } from 'klarefi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExample } from './example.js';

const SECRET = 'whsec_example_nestjs_doctor';
let url = '';
let close: () => Promise<void> = async () => {};

beforeAll(async () => {
  const config = exampleConfig({ KLAREFI_WEBHOOK_SECRET: SECRET, PORT: '0' });
  const running = await startExample(config);
  url = running.url;
  close = () => running.app.close();
});
afterAll(() => close());

describe('examples/nestjs under klarefi doctor', () => {
  it('passes every check of the receiver battery, the 900 KB body included (main.ts raises the 100 kB JSON limit of Nest to 1 MiB)', async () => {
    const report = await doctor(`${url}/webhooks/klarefi`, { secret: SECRET });
    expect(report.checks.filter((c) => c.verdict === 'fail').map((c) => c.id)).toEqual([]);
  });
});
