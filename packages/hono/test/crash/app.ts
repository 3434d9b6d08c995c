import { serve } from '@hono/node-server';
import { announce, CRASH_TIMEOUT_MS, crashHandler } from '@klarefi/conformance/crash';
import { Hono } from 'hono';
import { klarefi } from '../../src/index.js';

const app = new Hono();
// A request-timeout middleware, as apps put in front of every route: it answers first.
app.use(async (c, next) => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), CRASH_TIMEOUT_MS);
  });
  const first = await Promise.race([next().then(() => 'done' as const), timedOut]);
  clearTimeout(timer);
  if (first === 'timeout') return c.text('timed out', 503);
});
app.use(klarefi({ startClaim: false, onEvent: crashHandler }));
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => announce(info.port));
