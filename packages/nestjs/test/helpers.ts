import { request as httpRequest } from 'node:http';
import type { ConformanceDriver, ConformanceRequest, ConformanceResponse } from '@klarefi/conformance';
import type { DynamicModule, INestApplication, ModuleMetadata, NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { KlarefiModule, type KlarefiModuleOptions } from '../src/index.js';

export type Platform = 'express' | 'fastify';
export const PLATFORMS: Platform[] = ['express', 'fastify'];

export interface AppSetup {
  /** Passed to createNestApplication; `rawBody: true` unless overridden. */
  appOptions?: NestApplicationOptions;
  /** `app.setGlobalPrefix(prefix)`. */
  prefix?: string;
  /** Runs after the app is created, before it listens. */
  configure?: (app: INestApplication) => void;
}

/** A Nest app on `platform` built from `metadata`, listening on 127.0.0.1 on a free port. */
export async function startApp(
  platform: Platform,
  metadata: ModuleMetadata,
  setup: AppSetup = {},
): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule(metadata).compile();
  const adapter = platform === 'express' ? new ExpressAdapter() : new FastifyAdapter();
  const app = moduleRef.createNestApplication(adapter, { rawBody: true, logger: false, ...setup.appOptions });
  if (setup.prefix) app.setGlobalPrefix(setup.prefix);
  setup.configure?.(app);
  await app.listen(0, '127.0.0.1');
  return app;
}

/** Sends one request to `app` over HTTP, byte for byte, without following redirects. */
export async function send(app: INestApplication, req: ConformanceRequest): Promise<ConformanceResponse> {
  const base = new URL(await app.getUrl());
  const body = req.body === undefined ? undefined : Buffer.from(req.body);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { host: '127.0.0.1', port: base.port, method: req.method, path: req.path, headers: req.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
          }
          resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** `send` with a JSON body. */
export function post(
  app: INestApplication,
  path: string,
  body: string,
  headers: Record<string, string> = {},
) {
  return send(app, {
    method: 'POST',
    path,
    body,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** The module imported the way the README shows. */
export function klarefiImport(options: KlarefiModuleOptions): DynamicModule {
  return KlarefiModule.forRoot(options);
}

/** A conformance driver: each case gets a fresh Nest app on `platform` importing `KlarefiModule.forRoot(options)`. */
export function nestDriver(platform: Platform, variant: string, setup: AppSetup = {}): ConformanceDriver {
  const prefix = setup.prefix ? `/${setup.prefix}` : '';
  return {
    name: `nestjs on ${platform} (${variant})`,
    // A session() hook's own error goes to Nest's exception filter, which answers 500.
    sessionHookErrorStatus: 500,
    // Nest's JSON parser runs before every route (the raw body comes from it): a body it refuses
    // (not JSON, a bare string on Express, an empty body) gets Nest's 4xx, not the core's answer.
    bodyParsedBeforeAdapter: true,
    // Its limit comes first too: 100 kB for Nest's Express parser, 1 MiB for Fastify's bodyLimit.
    parserLimitBytes: platform === 'express' ? 100 * 1024 : 1024 * 1024,
    async setup(options) {
      const app = await startApp(platform, { imports: [klarefiImport(options)] }, setup);
      return {
        request: (req) => send(app, { ...req, path: `${prefix}${req.path}` }),
        close: () => app.close(),
      };
    },
  };
}
