import type { ConformanceDriver, ConformanceRequest, ConformanceResponse } from '@klarefi/conformance';
import type { KlarefiOptions } from '@klarefi/sdk';
import { createApp, defineEventHandler, readBody, toNodeListener } from 'h3';
import h3Package from 'h3/package.json' with { type: 'json' };
import request from 'supertest';
import { defineKlarefiHandler } from '../src/index.js';

/** The h3 major this vitest project runs (see vitest.config.ts), checked against the installed one. */
export const H3_MAJOR = Number(process.env.KLAREFI_TEST_H3_MAJOR);
export const H3_VERSION: string = h3Package.version;

type App = ReturnType<typeof createApp>;
type Method = 'get' | 'post' | 'put' | 'delete' | 'patch' | 'head' | 'options';

/** Sends one request through supertest on h3's own Node listener, byte for byte, without following redirects. */
export async function send(app: App, req: ConformanceRequest): Promise<ConformanceResponse> {
  const method = req.method.toLowerCase() as Method;
  let test = request(toNodeListener(app))[method](req.path);
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

/** The app the README shows: the handler as the first middleware. */
export function readmeApp(options: KlarefiOptions<any>): App {
  const app = createApp();
  app.use(defineKlarefiHandler(options));
  return app;
}

/** A middleware that reads every JSON body with h3's readBody() first, as validation layers do. */
export function bodyReaderFirstApp(options: KlarefiOptions<any>): App {
  const app = createApp();
  app.use(
    defineEventHandler(async (event) => {
      if (event.method === 'POST') await readBody(event).catch(() => undefined);
    }),
  );
  app.use(defineKlarefiHandler(options));
  return app;
}

/** A conformance driver over one of the apps above. */
export function driver(name: string, build: (options: KlarefiOptions<any>) => App): ConformanceDriver {
  return {
    name: `h3 ${H3_VERSION}: ${name}`,
    // A session() hook's own error is the app's: h3's default error handling answers 500.
    sessionHookErrorStatus: 500,
    setup(options) {
      const app = build(options);
      return { request: (req) => send(app, req) };
    },
  };
}
