import { Hono } from 'hono';
import { createCore, type EmulatorCore } from './core.js';
import { dashboardRoutes } from './dashboard.js';
import { formRoutes } from './form/routes.js';
import { apiRoutes } from './http/api.js';
import type { EmulatorOptions } from './options.js';
import { resolveOptions } from './resolve-options.js';

/** The options of {@link createEmulatorApp}: those of `startEmulator`, plus knobs tests use. */
export interface EmulatorAppOptions extends EmulatorOptions {
  /**
   * How many events one page of `GET /cases/{id}/events` holds.
   * @default 50
   */
  eventsPageSize?: number;
}

/** An emulator that is not listening: its Hono app and its core (state, delivery, endpoints). */
export interface EmulatorApp {
  /** The Hono app: `/api/v1/*`, the hosted form at `/s/*` and the dashboard at `/_emulator`. */
  app: Hono;
  core: EmulatorCore;
  /** Stops deliveries (pending ones stay pending) and writes the state. */
  close(): Promise<void>;
}

/**
 * Builds the emulator's Hono app without listening, e.g. to call `app.request()` in a test or to serve
 * it yourself. Checks the options and throws `KlarefiConfigError` naming the one to fix.
 */
export function createEmulatorApp(options: EmulatorAppOptions = {}): EmulatorApp {
  const resolved = resolveOptions(options);
  const pageSize = options.eventsPageSize ?? 50;
  const core = createCore(resolved);
  const app = new Hono();
  app.route('/api/v1', apiRoutes(core, pageSize));
  app.route('/', formRoutes(core));
  app.route('/', dashboardRoutes(core));
  app.get('/', (c) => c.redirect('/_emulator', 302));
  return { app, core, close: () => core.close() };
}
