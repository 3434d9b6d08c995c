import type { ConformanceApp, ConformanceDriver, ConformanceRequest } from '@klarefi/conformance';
import type { KlarefiOptions } from '@klarefi/sdk';
import { Elysia } from 'elysia';
import { klarefi } from '../src/index.js';

/** An app-wide parser that turns every JSON body into an object, as apps that customise parsing do. */
export async function jsonParser({ request, contentType }: { request: Request; contentType: string }) {
  return contentType.includes('json') ? JSON.parse(await request.text()) : undefined;
}

export type Mount = 'root' | 'prefix' | 'global-parser';

function requester(app: { handle(request: Request): Promise<Response> }, prefix = ''): ConformanceApp {
  return {
    async request({ method, path, headers, body }: ConformanceRequest) {
      const res = await app.handle(
        new Request(`http://localhost${prefix}${path}`, {
          method,
          headers,
          body: body as BodyInit | undefined,
        }),
      );
      return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
    },
  };
}

/** Mounts the plugin the ways Elysia users do; every mount runs the whole conformance suite through `app.handle`. */
export function elysiaDriver(mount: Mount): ConformanceDriver {
  return {
    name: `elysia (${mount})`,
    // A session() hook's own error is the app's: Elysia's default error handling answers 500.
    sessionHookErrorStatus: 500,
    setup(options: KlarefiOptions<any>) {
      if (mount === 'prefix') {
        const app = new Elysia().use(new Elysia({ prefix: '/klarefi' }).use(klarefi(options)));
        return requester(app, '/klarefi');
      }
      if (mount === 'global-parser') {
        // The plugin first, then an app-wide parser of the app's own, as the README shows.
        const app = new Elysia()
          .use(klarefi(options))
          .onParse(jsonParser)
          .post('/orders', ({ body }) => body);
        return requester(app);
      }
      return requester(new Elysia().use(klarefi(options)));
    },
  };
}
