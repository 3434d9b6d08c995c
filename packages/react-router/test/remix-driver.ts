import type { ConformanceDriver } from '@klarefi/conformance';
import { createRequestHandler } from '@remix-run/express';
import remixPackage from '@remix-run/express/package.json' with { type: 'json' };
import type { ServerBuild } from '@remix-run/node';
import express from 'express4';
import type { KlarefiRouteFunction } from '../src/index.js';
import { type Layout, layoutDriver, listen, type TestApp } from './serve.js';

export const REMIX_VERSION: string = remixPackage.version;

/**
 * Remix 2's future flags: none (a Remix 2 app that sets none), or every v3 flag on, as apps
 * made by create-remix 2.17 set them (single fetch changes how a resource route is answered).
 */
export type RemixFuture = 'none' | 'v3';

const FUTURE: Record<RemixFuture, ServerBuild['future']> = {
  none: {
    v3_fetcherPersist: false,
    v3_relativeSplatPath: false,
    v3_throwAbortReason: false,
    v3_lazyRouteDiscovery: false,
    v3_singleFetch: false,
  },
  v3: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
};

type Routes = ServerBuild['routes'];
type AssetRoutes = ServerBuild['assets']['routes'];

/**
 * The server build `remix build` would make of an app whose only routes are `app/root.tsx` and
 * these route files (flat routes: `/webhooks/klarefi` is `app/routes/webhooks.klarefi.ts`,
 * `/klarefi/*` is `app/routes/klarefi.$.ts`), each exporting the route function as its `loader`
 * and `action`, as the README shows. Nothing else of an app is needed to serve resource routes:
 * the document handler answers the other paths (404) with an empty page.
 */
export function remixBuild(routes: Map<string, KlarefiRouteFunction>, future: RemixFuture): ServerBuild {
  const root = { id: 'root', path: '' };
  const serverRoutes: Routes = { root: { ...root, module: { default: () => null } } };
  const assetRoutes: AssetRoutes = { root: { ...root, module: '/build/root.js', ...clientExports(false) } };
  for (const [path, handler] of routes) {
    const routePath = path.slice(1);
    const id = `routes/${routePath.replaceAll('/', '.').replace(/\*$/, '$')}`;
    const route = { id, parentId: 'root', path: routePath };
    serverRoutes[id] = { ...route, module: { default: undefined, loader: handler, action: handler } };
    assetRoutes[id] = { ...route, module: `/build/${id}.js`, ...clientExports(true) };
  }
  return {
    mode: 'production',
    entry: {
      module: {
        default: (_request, status, headers) => {
          headers.set('content-type', 'text/html; charset=utf-8');
          return new Response('<!DOCTYPE html><html><body></body></html>', { status, headers });
        },
      },
    },
    routes: serverRoutes,
    assets: {
      entry: { imports: [], module: '/build/entry.client.js' },
      routes: assetRoutes,
      url: '/build/manifest.js',
      version: 'test',
    },
    publicPath: '/build/',
    assetsBuildDirectory: 'public/build',
    future: FUTURE[future],
    isSpaMode: false,
  };
}

function clientExports(resourceRoute: boolean) {
  return {
    hasAction: resourceRoute,
    hasLoader: resourceRoute,
    hasClientAction: false,
    hasClientLoader: false,
    hasErrorBoundary: false,
  };
}

/**
 * Serves the build as `remix-serve` does: Express 4 with `@remix-run/express`'s request handler
 * for every path, in production mode, no body parser (remix-serve's compression, static files
 * and request log are left out).
 */
export async function serveRemix(
  routes: Map<string, KlarefiRouteFunction>,
  future: RemixFuture = 'none',
): Promise<TestApp> {
  const app = express();
  app.disable('x-powered-by');
  app.all('*', createRequestHandler({ build: remixBuild(routes, future), mode: 'production' }));
  return listen(app);
}

/** The conformance driver, served by Remix 2 (see `layoutDriver`). */
export function remixDriver(layout: Layout, future: RemixFuture = 'none'): ConformanceDriver {
  return layoutDriver(layout, {
    name: `remix ${REMIX_VERSION} (${layout}${future === 'v3' ? ', v3 future flags' : ''})`,
    // A session() hook's own error reaches Remix's resource-route error handling, which answers 500.
    sessionHookErrorStatus: 500,
    serve: (routes) => serveRemix(routes, future),
  });
}
