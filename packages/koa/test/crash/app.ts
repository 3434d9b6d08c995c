import { announce, CRASH_TIMEOUT_MS, crashHandler } from '@klarefi/conformance/crash';
import Koa from 'koa';
import { klarefi } from '../../src/index.js';

const app = new Koa();
// A request-timeout middleware, as apps put in front of every route: it answers first.
app.use(async (ctx, next) => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), CRASH_TIMEOUT_MS);
  });
  const first = await Promise.race([next().then(() => 'done' as const), timedOut]);
  clearTimeout(timer);
  if (first === 'timeout') {
    ctx.status = 503;
    ctx.body = 'timed out';
  }
});
app.use(klarefi({ startClaim: false, onEvent: crashHandler }));
const server = app.listen(0, '127.0.0.1', () => announce((server.address() as { port: number }).port));
