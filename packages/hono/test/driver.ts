import type { ConformanceApp, ConformanceDriver, ConformanceRequest } from '@klarefi/conformance';
import type { KlarefiOptions } from '@klarefi/sdk';
import { Hono } from 'hono';
import { klarefi } from '../src/index.js';

export type Mount = 'root' | 'global-json' | 'sub-app' | 'param-mount' | 'options-function';

function requester(app: Hono, prefix = '', env?: Record<string, string>): ConformanceApp {
  return {
    async request({ method, path, headers, body }: ConformanceRequest) {
      const res = await app.request(
        `${prefix}${path}`,
        { method, headers, body: body as BodyInit | undefined },
        env,
      );
      return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
    },
  };
}

/** Mounts the middleware the ways Hono users do; every mount runs the whole conformance suite. */
export function honoDriver(mount: Mount): ConformanceDriver {
  return {
    name: `hono (${mount})`,
    // Hono keeps the body it read as decoded text: exact for UTF-8 JSON, lossy for a BOM or invalid bytes.
    bodyDecodedBeforeAdapter: mount === 'global-json',
    setup(options: KlarefiOptions<any>) {
      const app = new Hono();
      if (mount === 'global-json') {
        // An app-wide body reader that runs first, as validators and loggers do.
        app.use(async (c, next) => {
          if (c.req.header('content-type')?.includes('json')) await c.req.json().catch(() => undefined);
          await next();
        });
      }
      if (mount === 'sub-app') {
        const sub = new Hono();
        sub.use(klarefi(options));
        app.route('/klarefi', sub);
        return requester(app, '/klarefi');
      }
      if (mount === 'param-mount') {
        app.use('/t/:tenant/*', klarefi(options));
        return requester(app, '/t/acme');
      }
      if (mount === 'options-function') {
        const { webhookSecret, ...rest } = options;
        app.use(
          klarefi<{ Bindings: { SECRET: string } }>((c) => ({
            ...rest,
            webhookSecret: JSON.parse(c.env.SECRET),
          })),
        );
        return requester(app, '', { SECRET: JSON.stringify(webhookSecret) });
      }
      app.use(klarefi(options));
      return requester(app);
    },
  };
}
