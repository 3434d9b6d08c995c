import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ConformanceDriver } from '@klarefi/conformance';
import { createRequestHandler } from '@react-router/express';
import express from 'express';
import type { ServerBuild } from 'react-router';
import routerPackage from 'react-router/package.json' with { type: 'json' };
import type { KlarefiRouteFunction } from '../src/index.js';
import { FIXTURE } from './global-setup.js';
import { type Layout, layoutDriver, listen, type TestApp } from './serve.js';

export const REACT_ROUTER_VERSION: string = routerPackage.version;

/** The fixture's production build (test/fixture/dist, made once by global-setup.ts). */
export async function fixtureBuild(): Promise<ServerBuild> {
  return import(pathToFileURL(join(FIXTURE, 'dist', 'server', 'index.js')).href);
}

/**
 * Serves the fixture build the way `react-router-serve` does (Express and React Router's
 * request handler, no body parser), with `routes` as the route files this app has, by path.
 */
export async function serveFixture(routes: Map<string, KlarefiRouteFunction>): Promise<TestApp> {
  const build = await fixtureBuild();
  const app = express();
  app.disable('x-powered-by');
  app.all('*splat', createRequestHandler({ build, getLoadContext: () => ({ klarefiRoutes: routes }) }));
  return listen(app);
}

/** The conformance driver, served by the fixture's production build (see `layoutDriver`). */
export function driver(layout: Layout): ConformanceDriver {
  return layoutDriver(layout, {
    name: `react-router ${REACT_ROUTER_VERSION} (${layout}, production build)`,
    // A session() hook's own error reaches React Router's error handling, which answers 500.
    sessionHookErrorStatus: 500,
    serve: serveFixture,
  });
}
