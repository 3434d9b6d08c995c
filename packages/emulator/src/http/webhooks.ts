import { Hono } from 'hono';
import type { EmulatorCore } from '../core.js';
import { own } from '../store.js';
import { readJsonBody } from './body.js';
import { ApiError, invalid } from './errors.js';
import { requireScope } from './auth.js';
import type { ApiEnv } from './request-id.js';

/** `POST /webhooks/test` and `POST /webhooks/deliveries/{id}/ack`. */
export function webhookRoutes(core: EmulatorCore): Hono<ApiEnv> {
  const routes = new Hono<ApiEnv>();

  // The test event goes to every endpoint whatever it subscribes to: its purpose is to check the endpoint.
  routes.post('/webhooks/test', requireScope('webhooks:test'), async (c) => {
    await readJsonBody(c);
    const event = core.recordEvent({
      type: 'v1.webhook.test',
      allEndpoints: true,
      data: { message: 'This is a test event from the Klarefi emulator.' },
    });
    const deliveries = Object.values(core.store.state.deliveries)
      .filter((d) => d.event_id === event.event_id)
      .map((d) => ({ delivery_id: d.delivery_id, endpoint_url: d.endpoint_url }));
    return c.json({ event_id: event.event_id, event_type: event.event_type, deliveries });
  });

  routes.post('/webhooks/deliveries/:id/ack', requireScope('webhooks:acknowledge'), async (c) => {
    const body = await readJsonBody(c);
    const id = c.req.param('id');
    const d = own(core.store.state.deliveries, id);
    if (!d)
      throw new ApiError(404, 'delivery_not_found', `No webhook delivery with id "${id.slice(0, 64)}".`);
    const given = body.acknowledgement_id ?? c.req.header('idempotency-key') ?? null;
    if (given !== null && (typeof given !== 'string' || given === '' || given.length > 255)) {
      throw invalid(
        'invalid_acknowledgement_id',
        'acknowledgement_id must be a non-empty string of at most 255 characters.',
      );
    }
    if (d.acknowledged_at === null) {
      d.acknowledged_at = new Date(core.options.now()).toISOString();
      d.acknowledgement_id = given;
      // An acknowledged delivery has reached the receiver: stop retrying it.
      if (d.status === 'pending') {
        d.status = 'succeeded';
        d.next_attempt_at = null;
      }
      core.store.changed();
    }
    return c.json({
      delivery_id: d.delivery_id,
      acknowledged: true,
      acknowledgement_id: d.acknowledgement_id,
      acknowledged_at: d.acknowledged_at,
    });
  });
  return routes;
}
