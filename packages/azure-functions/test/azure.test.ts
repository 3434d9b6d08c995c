import { InvocationContext } from '@azure/functions';
import { sampleEnvelope, signedDelivery } from '@klarefi/conformance';
import { KlarefiConfigError } from '@klarefi/sdk';
import { describe, expect, it } from 'vitest';
import { klarefiAzure } from '../src/index.js';
import { azureRequest } from './driver.js';

const SECRET = 'whsec_azure_test_secret_0123456789';
const context = () => new InvocationContext({ functionName: 'klarefi', invocationId: 'inv-1' });

describe('klarefiAzure', () => {
  it('serves the routes under the host prefix and a route prefix, and 404 elsewhere', async () => {
    const handler = klarefiAzure({ webhookSecret: SECRET, startClaim: false });
    const { body, headers } = signedDelivery(sampleEnvelope(), SECRET);
    const post = { method: 'POST', path: '/klarefi/webhooks/klarefi', headers, body };
    expect(await handler(azureRequest(post), context())).toMatchObject({ status: 200 });
    const other = await handler(azureRequest({ method: 'GET', path: '/klarefi/health' }), context());
    expect(other).toMatchObject({ status: 404 });
  });

  it("hands handlers the invocation's HttpRequest and InvocationContext", async () => {
    const seen: string[] = [];
    const handler = klarefiAzure({
      webhookSecret: SECRET,
      startClaim: false,
      onEvent: (_event, { request }) => {
        seen.push(request.context.invocationId, request.request.headers.get('content-type') ?? '');
      },
    });
    const { body, headers } = signedDelivery(sampleEnvelope(), SECRET);
    await handler(azureRequest({ method: 'POST', path: '/webhooks/klarefi', headers, body }), context());
    expect(seen).toEqual(['inv-1', 'application/json']);
  });

  it('passes a throwing session() hook on to the Functions host', async () => {
    const handler = klarefiAzure({
      apiKey: 'sk_test_azure',
      webhookSecret: SECRET,
      startClaim: {
        caseTypeId: 'motor_claim',
        session: () => {
          throw new Error('no signed-in user');
        },
      },
    });
    await expect(handler(azureRequest({ method: 'GET', path: '/start-claim' }), context())).rejects.toThrow(
      'no signed-in user',
    );
  });

  it('refuses options it cannot work with when called, not on the first request', () => {
    expect(() => klarefiAzure({ webhookSecret: '', startClaim: false })).toThrow(KlarefiConfigError);
  });
});
