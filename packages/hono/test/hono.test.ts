import { generateTestHeader, KlarefiClient, KlarefiConfigError } from '@klarefi/sdk';
import { Hono } from 'hono';
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { klarefi, type KlarefiVariables } from '../src/index.js';

const secret = 'whsec_hono_test';
const apiKey = 'sk_test_hono';
const envelope = (deliveryId: string) =>
  JSON.stringify({
    event_id: 'evt_1',
    delivery_id: deliveryId,
    event_type: 'v1.case.completed',
    semantic_event_type: 'case.completed',
    case_id: 'case_1',
    data: { case_status: 'completed' },
  });

function post(app: Hono, path: string, body: string, sign = true) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (sign) headers['x-klarefi-signature'] = generateTestHeader({ payload: body, secret });
  return app.request(path, { method: 'POST', headers, body });
}

describe('klarefi() for Hono', () => {
  it('passes every other request on and sets c.var.klarefi', async () => {
    const app = new Hono();
    app.use(klarefi({ apiKey, webhookSecret: secret, startClaim: false }));
    app.get('/hello', (c) => c.json({ env: c.var.klarefi?.environment }));
    const res = await app.request('/hello');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ env: 'test' });
    expect((await app.request('/nope')).status).toBe(404);
  });

  it('serves paths relative to the mount point of app.use("/prefix/*")', async () => {
    const seen: string[] = [];
    const app = new Hono();
    app.use(
      '/hooks/*',
      klarefi({
        webhookSecret: secret,
        startClaim: false,
        onEvent: (e) => void seen.push(String(e.case_id)),
      }),
    );
    expect((await post(app, '/hooks/webhooks/klarefi', envelope('whd_prefix'))).status).toBe(200);
    expect((await post(app, '/webhooks/klarefi', envelope('whd_root'))).status).toBe(404);
    expect(seen).toEqual(['case_1']);
  });

  it('serves paths below a parameterised mount, app.use("/t/:tenant/*"), with the tenant in the context', async () => {
    const tenants: string[] = [];
    const app = new Hono();
    app.use(
      '/t/:tenant/*',
      klarefi({
        webhookSecret: secret,
        startClaim: false,
        onEvent: (_e, ctx) => void tenants.push(ctx.request.req.param('tenant') ?? ''),
      }),
    );
    app.get('/t/:tenant/other', (c) => c.text(`other ${c.req.param('tenant')}`));
    expect((await post(app, '/t/acme/webhooks/klarefi', envelope('whd_acme'))).status).toBe(200);
    expect((await post(app, '/t/b%20c/webhooks/klarefi', envelope('whd_bc'))).status).toBe(200);
    expect(await (await app.request('/t/acme/other')).text()).toBe('other acme');
    expect((await post(app, '/webhooks/klarefi', envelope('whd_root'))).status).toBe(404);
    expect(tenants).toEqual(['acme', 'b c']);
  });

  it('serves a sub-app mounted at a parameter, app.route("/t/:tenant", sub)', async () => {
    const sub = new Hono();
    sub.use(klarefi({ webhookSecret: secret, startClaim: false }));
    const app = new Hono().route('/t/:tenant', sub);
    expect((await post(app, '/t/acme/webhooks/klarefi', envelope('whd_sub'))).status).toBe(200);
  });

  it.each(['/t/:tenant?/*', '/files/:path{.+}/*', '/a/*/b/*'])(
    'refuses loudly a mount whose depth is not fixed (%s)',
    async (pattern) => {
      const app = new Hono();
      app.use(pattern, klarefi({ webhookSecret: secret, startClaim: false }));
      const errors: unknown[] = [];
      app.onError((err, c) => {
        errors.push(err);
        return c.text('refused', 500);
      });
      const path = pattern.replace(/:[^/]+/g, 'x').replace(/\*/g, 'y');
      expect(
        (await post(app, `${path.replace(/\/y$/, '')}/webhooks/klarefi`, envelope('whd_bad'))).status,
      ).toBe(500);
      expect(errors[0]).toBeInstanceOf(KlarefiConfigError);
      expect(String((errors[0] as Error).message)).toContain(`cannot be mounted at "${pattern}"`);
    },
  );

  it('returns refusals as the core answer itself; app.onError sees none', async () => {
    const caught: unknown[] = [];
    const app = new Hono();
    app.use(klarefi({ webhookSecret: secret, startClaim: false }));
    app.onError((err, c) => {
      caught.push(err);
      return c.text('other', 500);
    });
    const res = await post(app, '/webhooks/klarefi', envelope('whd_1'), false);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'missing_header' } });
    expect(caught).toEqual([]);
  });

  it('reads options per request from c.env, and keeps deduplicating across requests', async () => {
    let handled = 0;
    const app = new Hono<{ Bindings: { KLAREFI_WEBHOOK_SECRET: string } }>();
    app.use(
      klarefi<{ Bindings: { KLAREFI_WEBHOOK_SECRET: string } }>((c) => ({
        webhookSecret: c.env.KLAREFI_WEBHOOK_SECRET,
        startClaim: false,
        on: { 'case.completed': () => void handled++ },
      })),
    );
    const env = { KLAREFI_WEBHOOK_SECRET: secret };
    const send = (body: string) =>
      app.request(
        '/webhooks/klarefi',
        {
          method: 'POST',
          headers: { 'x-klarefi-signature': generateTestHeader({ payload: body, secret }) },
          body,
        },
        env,
      );
    expect((await send(envelope('whd_env'))).status).toBe(200);
    expect(await (await send(envelope('whd_env'))).json()).toEqual({ received: true, duplicate: true });
    expect(handled).toBe(1);
    // Hono's default error handler logs the KlarefiConfigError this test expects.
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const wrong = await app.request(
      '/webhooks/klarefi',
      { method: 'POST', body: '{}' },
      { KLAREFI_WEBHOOK_SECRET: '' },
    );
    expect(wrong.status).toBe(500);
    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ name: 'KlarefiConfigError' }));
    logged.mockRestore();
  });

  it('builds the options once per c.env object, not per request', async () => {
    let built = 0;
    const app = new Hono<{ Bindings: { KLAREFI_WEBHOOK_SECRET: string } }>();
    app.use(
      klarefi<{ Bindings: { KLAREFI_WEBHOOK_SECRET: string } }>((c) => {
        built++;
        return { webhookSecret: c.env.KLAREFI_WEBHOOK_SECRET, startClaim: false };
      }),
    );
    const env = { KLAREFI_WEBHOOK_SECRET: secret };
    for (const id of ['whd_a', 'whd_b', 'whd_c']) {
      const body = envelope(id);
      const headers = { 'x-klarefi-signature': generateTestHeader({ payload: body, secret }) };
      expect((await app.request('/webhooks/klarefi', { method: 'POST', headers, body }, env)).status).toBe(
        200,
      );
    }
    expect((await app.request('/elsewhere', {}, env)).status).toBe(404);
    expect(built).toBe(1);
    await app.request('/webhooks/klarefi', { method: 'POST', body: '{}' }, { ...env });
    expect(built).toBe(2);
  });

  it('validates fixed options when the middleware is created', () => {
    expect(() => klarefi({ webhookSecret: '', startClaim: false })).toThrow(KlarefiConfigError);
    expect(() => klarefi({ webhookSecret: secret } as never)).toThrow(/startClaim/);
  });

  it('types c.var.klarefi and the handler context', () => {
    expectTypeOf<KlarefiVariables['klarefi']>().toEqualTypeOf<KlarefiClient | null>();
    const app = new Hono();
    app.use(
      klarefi({
        webhookSecret: secret,
        startClaim: {
          caseTypeId: 'motor_claim',
          session: (c) => ({ return_url: new URL('/done', c.req.url).href }),
        },
        apiKey,
        on: {
          'case.completed': (event, ctx) => {
            expectTypeOf(ctx.request.req.url).toBeString();
            expectTypeOf(event.case_id).toEqualTypeOf<string | null>();
          },
        },
      }),
    );
    app.get('/x', (c) => {
      expectTypeOf(c.var.klarefi).toEqualTypeOf<KlarefiClient | null>();
      return c.text('ok');
    });
  });
});
