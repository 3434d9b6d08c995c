import { createServer } from 'node:http';
import { announce, CRASH_TIMEOUT_MS, crashHandler } from '@klarefi/conformance/crash';
import { H3, toNodeHandler } from 'h3';
import { defineKlarefiHandler } from '../../src/index.js';

const app = new H3();
// A request-timeout middleware, as apps put in front of every route: it answers first.
app.use(async (_event, next) => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<Response>((resolve) => {
    timer = setTimeout(() => resolve(new Response('timed out', { status: 503 })), CRASH_TIMEOUT_MS);
  });
  try {
    return await Promise.race([next(), timedOut]);
  } finally {
    clearTimeout(timer);
  }
});
app.use(defineKlarefiHandler({ startClaim: false, onEvent: crashHandler }));
const server = createServer(toNodeHandler(app));
server.listen(0, '127.0.0.1', () => announce((server.address() as { port: number }).port));
