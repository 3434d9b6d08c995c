import { KlarefiConfigError } from '@klarefi/sdk';
import { Hono } from 'hono';
import { type CoreDeps, createCore, type EmulatorCore } from './core.js';
import { controlsOf, type EmulatorControls } from './control.js';
import { controlRoutes } from './dashboard/control-routes.js';
import { sameOriginGuard } from './dashboard/guard.js';
import { dashboardRoutes } from './dashboard/routes.js';
import { formRoutes } from './form/routes.js';
import { apiRoutes } from './http/api.js';
import type { EmulatorEndpoint, EmulatorOptions } from './options.js';
import { faviconRoutes } from './pages/layout.js';
import { resolveOptions } from './resolve-options.js';

/** The options of {@link createEmulatorApp}: those of `startEmulator`, plus knobs tests use. */
export interface EmulatorAppOptions extends EmulatorOptions {
  /**
   * How many events one page of `GET /cases/{id}/events` holds.
   * @default 50
   */
  eventsPageSize?: number;
  /**
   * Sends delivery attempts; a test can answer them in-process (with fake timers, say).
   * @default globalThis.fetch
   */
  fetch?: typeof fetch;
  /**
   * The random source of the retry delays' ±20% jitter, returning [0, 1).
   * @default Math.random
   */
  random?: () => number;
}

/** An emulator that is not listening: its Hono app and what a client needs to talk to it. */
export interface EmulatorApp extends EmulatorControls {
  /** The Hono app: `/api/v1/*`, the hosted form at `/s/*` and the dashboard at `/_emulator`. */
  app: Hono;
  /** The test API key to send as `Authorization: Bearer …`. */
  apiKey: string;
  /** The signing secret of endpoints that have none of their own. */
  webhookSecret: string;
  /** The secret `signWith: 'previous-secret'` faults sign with, for endpoints without their own. */
  previousWebhookSecret: string;
  /** Registers another webhook endpoint; events recorded from now on are delivered to it. */
  addEndpoint(endpoint: EmulatorEndpoint): void;
  /** Stops deliveries (pending ones stay pending) and writes the state. */
  close(): Promise<void>;
}

/** The app with its core, for `startEmulator` (which sets the base URL once listening). */
export function buildEmulator(options: EmulatorAppOptions): { app: Hono; core: EmulatorCore } {
  const resolved = resolveOptions(options);
  const pageSize = options.eventsPageSize ?? 50;
  const deps: CoreDeps = {};
  for (const name of ['fetch', 'random'] as const) {
    const value = options[name];
    if (value === undefined) continue;
    if (typeof value !== 'function') {
      throw new KlarefiConfigError(
        `${name} must be a function (${name === 'fetch' ? 'like globalThis.fetch' : 'returning a number in [0, 1)'}); leave it out to use the default.`,
      );
    }
    Object.assign(deps, { [name]: value });
  }
  const core = createCore(resolved, deps);
  const app = new Hono();
  app.use('/_emulator/*', sameOriginGuard(core));
  app.route('/api/v1', apiRoutes(core, pageSize));
  app.route('/', formRoutes(core));
  app.route('/', dashboardRoutes(core));
  app.route('/', controlRoutes(core));
  faviconRoutes(app);
  app.get('/', (c) => c.redirect('/_emulator', 302));
  return { app, core };
}

/**
 * Builds the emulator's Hono app without listening, e.g. to call `app.request()` in a test or to serve
 * it yourself. Checks the options and throws `KlarefiConfigError` naming the one to fix.
 */
export function createEmulatorApp(options: EmulatorAppOptions = {}): EmulatorApp {
  const { app, core } = buildEmulator(options);
  return {
    app,
    apiKey: core.apiKey,
    webhookSecret: core.webhookSecret,
    previousWebhookSecret: core.options.previousWebhookSecret,
    ...controlsOf(core),
    addEndpoint: (endpoint) => core.addEndpoint(endpoint),
    close: () => core.close(),
  };
}
