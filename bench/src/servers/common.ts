import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KlarefiOptions } from '@klarefi/sdk';

/** What a scenario server needs to know. */
export interface ScenarioOptions {
  /** The webhook signing secret. */
  secret: string;
  /** With an API (the emulator), the adapters also serve `GET /start-claim`. */
  api?: { apiKey: string; baseUrl: string };
}

/** A server listening on 127.0.0.1. */
export interface Listening {
  port: number;
  close(): Promise<void>;
}

/** Starts one scenario's server. */
export type StartScenario = (options: ScenarioOptions) => Promise<Listening>;

/** The route every scenario serves. */
export const WEBHOOK_PATH = '/webhooks/klarefi';
export const START_CLAIM_PATH = '/start-claim';

/**
 * The Klarefi options every adapter scenario uses. Deduplication is off: the load generator
 * repeats one signed body, and with dedupe on every request after the first would take the
 * shorter "already processed" path, which the hand-written baseline has no equivalent of.
 */
export function klarefiOptions(options: ScenarioOptions): KlarefiOptions<any> {
  return {
    webhookSecret: options.secret,
    webhook: { dedupe: false },
    on: { 'case.completed': function ignore() {} },
    ...(options.api
      ? {
          apiKey: options.api.apiKey,
          baseUrl: options.api.baseUrl,
          startClaim: { caseTypeId: 'motor_claim' },
        }
      : { startClaim: false }),
  };
}

/** Resolves once `server` listens on 127.0.0.1 on a free port. */
export function listen(server: Server): Promise<Listening> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(listening(server)));
  });
}

/** The port and a `close` that also drops kept-alive connections. */
export function listening(server: Server): Listening {
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
