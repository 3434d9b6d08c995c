import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { buildEmulator } from './app.js';
import { controlsOf, type EmulatorControls } from './control.js';
import type { EmulatorEndpoint, EmulatorOptions } from './options.js';

/** A listening emulator. */
export interface RunningEmulator extends EmulatorControls {
  /** The base URL, e.g. `http://127.0.0.1:4010` (no trailing slash); the API is under `/api/v1`. */
  url: string;
  /** The test API key to send as `Authorization: Bearer …`. */
  apiKey: string;
  /** The signing secret of endpoints that have none of their own. */
  webhookSecret: string;
  /** The secret `signWith: 'previous-secret'` faults sign with, for endpoints without their own. */
  previousWebhookSecret: string;
  /** The dashboard, `${url}/_emulator`. */
  dashboardUrl: string;
  /** Registers another webhook endpoint; events recorded from now on are delivered to it. */
  addEndpoint(endpoint: EmulatorEndpoint): void;
  /** Stops listening and delivering; with `dataFile`, pending deliveries resume at the next start. */
  close(): Promise<void>;
}

/**
 * Starts a local Klarefi: the API, the hosted intake form, signed webhook delivery and a dashboard.
 * Listens on 127.0.0.1 and a free port unless told otherwise.
 *
 * @example
 * const emulator = await startEmulator({ endpoints: [{ url: 'http://127.0.0.1:3000/webhooks/klarefi' }] });
 * const client = new KlarefiClient({ apiKey: emulator.apiKey, baseUrl: emulator.url });
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const { app, core } = buildEmulator(options);
  const close = () => core.close();
  const { host, port } = core.options;
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: host, port }, () => resolve(s));
    s.once('error', (error: NodeJS.ErrnoException) => {
      void close();
      reject(
        error.code === 'EADDRINUSE'
          ? Object.assign(
              new Error(
                `Port ${port} on ${host} is already in use: pass another port, or 0 for a free one.`,
                { cause: error },
              ),
              { code: 'EADDRINUSE' },
            )
          : error,
      );
    });
  });
  const address = server.address() as AddressInfo;
  const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${hostPart}:${address.port}`;
  core.baseUrl = url;
  let closing: Promise<void> | undefined;
  return {
    url,
    apiKey: core.apiKey,
    webhookSecret: core.webhookSecret,
    previousWebhookSecret: core.options.previousWebhookSecret,
    ...controlsOf(core),
    dashboardUrl: `${url}/_emulator`,
    addEndpoint: (endpoint) => core.addEndpoint(endpoint),
    close() {
      closing ??= (async () => {
        await close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          if ('closeAllConnections' in server) server.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}
