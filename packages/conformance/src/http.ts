import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A `node:http` server listening on 127.0.0.1. */
export interface ListeningServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  url: string;
  /** The port the system picked. */
  port: number;
  /** Stops listening and drops open (keep-alive) connections. */
  close(): Promise<void>;
}

/**
 * Starts `server` on 127.0.0.1 on a free port (port 0) and resolves once it listens.
 * @example
 * const { url, close } = await listenOnFreePort(createServer(handler));
 */
export async function listenOnFreePort(server: Server): Promise<ListeningServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/**
 * A base URL where nothing listens: a port that was free a moment ago. For "connection
 * refused" cases.
 */
export async function unusedBaseUrl(): Promise<string> {
  const probe = await listenOnFreePort(createServer());
  await probe.close();
  return probe.url;
}
