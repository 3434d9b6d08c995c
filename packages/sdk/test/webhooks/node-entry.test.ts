import { describe, expect, it } from 'vitest';
import * as node from '../../src/entries/index.js';
import * as web from '../../src/entries/web.js';
import { KlarefiWebhookSignatureError } from '../../src/errors/signature.js';

const secret = 'whsec_node_entry';
const body = JSON.stringify({ event_type: 'v1.case.completed', delivery_id: 'whd_1', case_id: 'c1' });

describe('the Node entry', () => {
  it('runs the async API on node:crypto, with the same results as the Web Crypto entry', async () => {
    expect(node.constructEventAsync).not.toBe(web.constructEventAsync);
    const header = await node.generateTestHeaderAsync({ payload: body, secret, timestamp: 1_700_000_000 });
    expect(header).toBe(
      await web.generateTestHeaderAsync({ payload: body, secret, timestamp: 1_700_000_000 }),
    );
    expect(header).toBe(
      await node.createSignatureHeaderAsync({ payload: body, secrets: secret, timestamp: 1_700_000_000 }),
    );
    const now = () => 1_700_000_000_000;
    expect(await node.constructEventAsync(body, header, secret, { now })).toEqual(JSON.parse(body));
    expect(await web.constructEventAsync(body, header, secret, { now })).toEqual(JSON.parse(body));
  });

  it('rejects, never throws synchronously, on a bad delivery', async () => {
    const pending = node.constructEventAsync(body, 't=1,v1=00', secret);
    await expect(pending).rejects.toBeInstanceOf(KlarefiWebhookSignatureError);
    await expect(pending).rejects.toMatchObject({ code: 'malformed_header' });
  });

  it('creates handlers whose verification matches the web entry', async () => {
    for (const entry of [node, web]) {
      const handler = entry.createKlarefiHandler({ webhookSecret: secret, startClaim: false });
      const signature = await entry.generateTestHeaderAsync({ payload: body, secret });
      const res = await handler(
        new Request('http://x/webhooks/klarefi', {
          method: 'POST',
          headers: { 'x-klarefi-signature': signature },
          body,
        }),
      );
      expect(res.status).toBe(200);
    }
  });
});
