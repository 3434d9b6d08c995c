import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { klarefiRouter } from '@klarefi/express';
import { generateTestHeader } from '@klarefi/sdk';
import type { Queue } from 'bullmq';
import express from 'express';
import { type EnqueueEventsOptions, enqueueEvents } from '../src/index.js';

export const SECRET = 'whsec_bullmq_package_tests';

/** A current-envelope body for `deliveryId`, and its signature header. */
export function signed(deliveryId: string, data: Record<string, unknown> = {}) {
  const body = JSON.stringify({
    event_id: `evt_${deliveryId}`,
    delivery_id: deliveryId,
    event_type: 'v1.case.completed',
    semantic_event_type: 'case.completed',
    case_id: `case_${deliveryId}`,
    data: { case_status: 'completed', ...data },
  });
  return { body, header: generateTestHeader({ payload: body, secret: SECRET }) };
}

/** One web instance: Express with @klarefi/express whose onEvent enqueues on `queue`. */
export async function startWeb(queue: Queue, options?: EnqueueEventsOptions) {
  const app = express().use(
    klarefiRouter({ webhookSecret: SECRET, startClaim: false, onEvent: enqueueEvents(queue, options) }),
  );
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/klarefi`;
  return {
    url,
    deliver: async (delivery: { body: string; header: string }) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-klarefi-signature': delivery.header },
        body: delivery.body,
      });
      return { status: res.status, body: await res.text(), retryAfter: res.headers.get('retry-after') };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
