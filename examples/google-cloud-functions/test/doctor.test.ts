import * as functions from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { listenOnFreePort } from '@klarefi/conformance';
import { ClaimStore, exampleConfig } from '@klarefi/example-kit';
import { doctor } from 'klarefi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';

const SECRET = 'whsec_example_google_cloud_functions_doctor';
let url = '';
let close: () => Promise<void> = async () => {};

beforeAll(async () => {
  const config = exampleConfig({ KLAREFI_WEBHOOK_SECRET: SECRET, PORT: '0' });
  // The function as src/index.ts registers it, served by the Functions Framework's own server.
  functions.http('klarefi_doctor', createApp(config, new ClaimStore()));
  const server = await listenOnFreePort(getTestServer('klarefi_doctor'));
  url = server.url;
  close = server.close;
});
afterAll(() => close());

describe('examples/google-cloud-functions under klarefi doctor', () => {
  it('passes every check of the receiver battery', async () => {
    const report = await doctor(`${url}/webhooks/klarefi`, { secret: SECRET });
    expect(report.checks.filter((c) => c.verdict === 'fail').map((c) => c.id)).toEqual([]);
  });
});
