import { listenOnFreePort } from '@klarefi/conformance';
import { ClaimStore, exampleConfig } from '@klarefi/example-kit';
import { doctor } from 'klarefi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandler } from '../src/function.js';
import { localInvoker } from '../src/invoker.js';

const SECRET = 'whsec_example_aws_lambda_doctor';
let url = '';
let close: () => Promise<void> = async () => {};

beforeAll(async () => {
  const config = exampleConfig({ KLAREFI_WEBHOOK_SECRET: SECRET, PORT: '0' });
  // Behind the local API Gateway (HTTP API, v2 events) that `start` runs.
  const server = await listenOnFreePort(localInvoker(createHandler(config, new ClaimStore())));
  url = server.url;
  close = server.close;
});
afterAll(() => close());

describe('examples/aws-lambda under klarefi doctor', () => {
  it('passes every check of the receiver battery', async () => {
    const report = await doctor(`${url}/webhooks/klarefi`, { secret: SECRET });
    expect(report.checks.filter((c) => c.verdict === 'fail').map((c) => c.id)).toEqual([]);
  });
});
