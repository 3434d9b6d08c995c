import { KlarefiConfigError } from '@klarefi/sdk';
import { type Context, Hono } from 'hono';
import type { EmulatorCore } from '../core.js';
import type { FaultSpec } from '../faults.js';
import type { EmulatorEndpoint } from '../options.js';

const MAX_CONTROL_BODY = 16 * 1024;

function refuse(c: Context, code: string, message: string, status: 400 | 404 = 400): Response {
  return c.json(
    { error: { type: status === 404 ? 'not_found' : 'validation_error', code, message } },
    status,
  );
}

async function jsonObject(c: Context): Promise<Record<string, unknown> | undefined> {
  const text = await c.req.text();
  if (text.length > MAX_CONTROL_BODY) return undefined;
  try {
    const parsed = JSON.parse(text === '' ? '{}' : text) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Runs `change`; a `KlarefiConfigError` it throws becomes a 400 carrying its message. */
function checked(c: Context, code: string, change: () => Response): Response {
  try {
    return change();
  } catch (error) {
    if (error instanceof KlarefiConfigError) return refuse(c, code, error.message);
    throw error;
  }
}

/**
 * The emulator's controls over HTTP, for test tools outside Node (the pytest plugin): the clock,
 * faults and endpoints. Same-origin only, like every other `POST` under `/_emulator`.
 */
export function controlRoutes(core: EmulatorCore): Hono {
  const control = new Hono();
  const clockBody = () => ({
    now: new Date(core.clock.now()).toISOString(),
    offset_ms: core.clock.offsetMs,
  });

  control.get('/_emulator/clock', (c) => c.json(clockBody()));
  control.post('/_emulator/clock/advance', async (c) => {
    const body = await jsonObject(c);
    if (!body) return refuse(c, 'invalid_body', 'Send a JSON object such as {"by": "72h"}.');
    return checked(c, 'invalid_duration', () => {
      core.clock.advance(body.by as string | number);
      return c.json(clockBody());
    });
  });

  control.get('/_emulator/faults', (c) => c.json({ faults: core.faults.list() }));
  control.post('/_emulator/faults', async (c) => {
    const body = await jsonObject(c);
    if (!body)
      return refuse(c, 'invalid_body', 'Send a fault as a JSON object such as {"duplicate": "concurrent"}.');
    return checked(c, 'invalid_fault', () => {
      const handle = core.faults.add(body as FaultSpec);
      const added = core.faults.list().find((f) => f.id === handle.id);
      return c.json({ id: handle.id, labels: added?.labels ?? [] }, 201);
    });
  });
  control.delete('/_emulator/faults', (c) => {
    core.faults.clear();
    return c.json({ faults: [] });
  });
  control.delete('/_emulator/faults/:id', (c) =>
    core.faults.remove(c.req.param('id'))
      ? c.json({ id: c.req.param('id'), removed: true })
      : refuse(c, 'fault_not_found', 'No fault with that id is in force.', 404),
  );

  control.post('/_emulator/deliveries/:id/cancel', (c) => {
    const d = core.deliverer.cancel(c.req.param('id'));
    return d
      ? c.json({ delivery_id: d.delivery_id, status: d.status })
      : refuse(c, 'delivery_not_found', 'No delivery with that id.', 404);
  });

  control.post('/_emulator/endpoints', async (c) => {
    const body = await jsonObject(c);
    if (!body)
      return refuse(
        c,
        'invalid_body',
        'Send an endpoint as a JSON object such as {"url": "http://127.0.0.1:5000/webhooks/klarefi"}.',
      );
    const endpoint: EmulatorEndpoint = { url: body.url as string };
    if (body.secret !== undefined) endpoint.secret = body.secret as string;
    if (body.previous_secret !== undefined) endpoint.previousSecret = body.previous_secret as string;
    if (body.events !== undefined) endpoint.events = body.events as string[];
    return checked(c, 'invalid_endpoint', () => {
      core.addEndpoint(endpoint);
      return c.json(
        { url: core.endpoints[core.endpoints.length - 1]?.url, events: endpoint.events ?? ['*'] },
        201,
      );
    });
  });
  return control;
}
