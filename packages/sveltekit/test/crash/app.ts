import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { announce, CRASH_TIMEOUT_MS, crashHandler } from '@klarefi/conformance/crash';
import type { Handle } from '@sveltejs/kit';
import { klarefiHandle } from '../../src/index.js';
import { BUILD_DIR, install } from '../fixture-server.js';

const klarefi = klarefiHandle({ startClaim: false, onEvent: crashHandler });
// A request-timeout hook, as apps put first in sequence(): it answers first.
const timeout: Handle = async (input) => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<Response>((resolve) => {
    timer = setTimeout(() => resolve(new Response('timed out', { status: 503 })), CRASH_TIMEOUT_MS);
  });
  try {
    return await Promise.race([klarefi(input), timedOut]);
  } finally {
    clearTimeout(timer);
  }
};
install({ handle: timeout });

// The fixture build's adapter-node handler (built by global-setup.ts), in this child process.
const { handler } = (await import(pathToFileURL(`${BUILD_DIR}/handler.js`).href)) as {
  handler: (req: IncomingMessage, res: ServerResponse) => void;
};
const server = createServer((req, res) => handler(req, res));
server.listen(0, '127.0.0.1', () => announce((server.address() as AddressInfo).port));
