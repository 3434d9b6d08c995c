import { bodyParser } from '@koa/bodyparser';
import type { ConformanceDriver, ConformanceRequest, ConformanceResponse } from '@klarefi/conformance';
import type { KlarefiOptions } from '@klarefi/sdk';
import Koa from 'koa';
import koaBodyParser from 'koa-bodyparser';
import koaPackage from 'koa/package.json' with { type: 'json' };
import request from 'supertest';
import { klarefi } from '../src/index.js';

/** The Koa major this vitest project runs (see vitest.config.ts), checked against the installed one. */
export const KOA_MAJOR = Number(process.env.KLAREFI_TEST_KOA_MAJOR);
export const KOA_VERSION: string = koaPackage.version;

type Method = 'get' | 'post' | 'put' | 'delete' | 'patch' | 'head' | 'options';

/** Sends one request through supertest on `app.callback()`, byte for byte, without following redirects. */
export async function send(app: Koa, req: ConformanceRequest): Promise<ConformanceResponse> {
  const method = req.method.toLowerCase() as Method;
  let test = request(app.callback())[method](req.path);
  for (const [name, value] of Object.entries(req.headers ?? {})) test = test.set(name, value);
  if (typeof req.body === 'string') test = test.send(req.body);
  // superagent JSON-encodes a Buffer sent as application/json unless told to send it as is.
  else if (req.body !== undefined)
    test = test.serialize((bytes: Buffer) => bytes as unknown as string).send(Buffer.from(req.body));
  const res = await test;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers as Record<string, string | string[]>)) {
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return { status: res.status, headers, body: res.text ?? '' };
}

/** A Koa app that keeps Koa's default error logging quiet in tests, and records what reached it. */
export function quietApp(errors: unknown[] = []): Koa {
  const app = new Koa();
  app.silent = true;
  app.on('error', (error) => errors.push(error));
  return app;
}

/** The app the README shows: the middleware first, then the app's own body parser. */
export function readmeApp(options: KlarefiOptions<any>): Koa {
  const app = quietApp();
  app.use(klarefi(options));
  app.use(bodyParser());
  return app;
}

/** A global `koa-bodyparser` first: the middleware verifies the `ctx.request.rawBody` it kept. */
export function koaBodyParserFirstApp(options: KlarefiOptions<any>): Koa {
  const app = quietApp();
  // Its limit raised to the core's own, so the core still answers 413 for what is larger.
  app.use(koaBodyParser({ jsonLimit: '2mb' }));
  app.use(klarefi(options));
  return app;
}

/** A global `@koa/bodyparser` first. */
export function atKoaBodyParserFirstApp(options: KlarefiOptions<any>): Koa {
  const app = quietApp();
  app.use(bodyParser({ jsonLimit: '2mb' }));
  app.use(klarefi(options));
  return app;
}

/** A conformance driver over one of the apps above. */
export function driver(name: string, build: (options: KlarefiOptions<any>) => Koa): ConformanceDriver {
  return {
    name: `koa ${KOA_VERSION}: ${name}`,
    // A session() hook's own error is the app's: Koa's default error handling answers 500.
    sessionHookErrorStatus: 500,
    setup(options) {
      const app = build(options);
      return { request: (req) => send(app, req) };
    },
  };
}
