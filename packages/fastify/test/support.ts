import type { ConformanceApp, ConformanceRequest, ConformanceResponse } from '@klarefi/conformance';
import fastify5, { type FastifyInstance } from 'fastify';
import fastify4 from 'fastify4';

/** A Fastify factory; v4's is typed as v5's so one test body drives both majors. */
export type FastifyFactory = typeof fastify5;

/** Both supported majors, by name. The plugin itself never imports Fastify at runtime. */
export const MAJORS: Array<[name: string, factory: FastifyFactory]> = [
  ['fastify 5', fastify5],
  ['fastify 4', fastify4 as unknown as FastifyFactory],
];

/**
 * Installs app-wide body parsers BEFORE the plugin, the way an app does that replaces Fastify's
 * JSON parser and adds form and catch-all parsers: the webhook must still see the raw bytes.
 */
export function installGlobalParsers(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    done(null, { parsedBy: 'app-json', value: JSON.parse(body as string) });
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) =>
    done(null, { parsedBy: 'app-any', body }),
  );
}

/** Sends one conformance request through `app.inject()`. */
export async function inject(app: FastifyInstance, req: ConformanceRequest): Promise<ConformanceResponse> {
  const res = await app.inject({
    method: req.method as 'GET',
    url: req.path,
    headers: req.headers ?? {},
    ...(req.body !== undefined && { payload: Buffer.from(req.body) }),
  });
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (value !== undefined)
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return { status: res.statusCode, headers, body: res.body };
}

/** Wraps a ready Fastify app as a conformance app. */
export function asConformanceApp(app: FastifyInstance): ConformanceApp {
  return { request: (req) => inject(app, req), close: () => app.close() };
}
