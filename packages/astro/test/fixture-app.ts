import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIRoute } from 'astro';
import { FIXTURE } from './build-fixture.js';

// The same registry as fixture/src/forward.ts: route file path -> the endpoint of the current case.
const registry = Symbol.for('klarefi.astro.fixture.routes');
const shared = globalThis as typeof globalThis & { [registry]?: Map<string, APIRoute> };
shared[registry] ??= new Map();
export const routes: Map<string, APIRoute> = shared[registry];

/** @astrojs/node's middleware handler of the fixture's production build (built by globalSetup). */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** Imports the fixture build's entry and returns its node:http handler. */
export async function fixtureHandler(): Promise<NodeHandler> {
  const entry = pathToFileURL(join(FIXTURE, 'dist', 'server', 'entry.mjs')).href;
  const { handler } = (await import(/* @vite-ignore */ entry)) as { handler: NodeHandler };
  return handler;
}
