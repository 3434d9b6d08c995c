import type { ConformanceDriver, ConformanceRequest, ConformanceResponse } from '@klarefi/conformance';
import type { KlarefiOptions } from '@klarefi/sdk';
import express, { type Express } from 'express';
import expressPackage from 'express/package.json' with { type: 'json' };
import request from 'supertest';
import { klarefiRouter, rawBodySaver } from '../src/index.js';

/** The Express major this vitest project runs (see vitest.config.ts), checked against the installed one. */
export const EXPRESS_MAJOR = Number(process.env.KLAREFI_TEST_EXPRESS_MAJOR);
export const EXPRESS_VERSION: string = expressPackage.version;

type Method = 'get' | 'post' | 'put' | 'delete' | 'patch' | 'head' | 'options';

/** Sends one request through supertest, byte for byte, without following redirects. */
export async function send(app: Express, req: ConformanceRequest): Promise<ConformanceResponse> {
  const method = req.method.toLowerCase() as Method;
  let test = request(app)[method](req.path);
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

/** The app the README shows: the router first, then the app's own JSON parser. */
export function readmeApp(options: KlarefiOptions<any>): Express {
  const app = express();
  app.use(klarefiRouter(options));
  app.use(express.json());
  return app;
}

/** The README's "a global parser already runs first" app: parsers keep the bytes with rawBodySaver. */
export function globalParserApp(options: KlarefiOptions<any>): Express {
  const app = express();
  app.use(express.json({ verify: rawBodySaver }));
  app.use(express.urlencoded({ extended: false, verify: rawBodySaver }));
  app.use(klarefiRouter(options));
  return app;
}

/** A conformance driver over one of the apps above. */
export function driver(name: string, build: (options: KlarefiOptions<any>) => Express): ConformanceDriver {
  return {
    name: `express ${EXPRESS_VERSION}: ${name}`,
    // A session() hook's own error is the app's: Express's default error handler answers 500.
    sessionHookErrorStatus: 500,
    setup(options) {
      const app = build(options);
      return { request: (req) => send(app, req) };
    },
  };
}
