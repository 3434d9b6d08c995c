import { announce, CRASH_TIMEOUT_MS, crashHandler } from '@klarefi/conformance/crash';
import express from 'express';
import { klarefiRouter } from '../../src/index.js';

const app = express();
// A request-timeout middleware, as apps put in front of every route: it answers first.
app.use((_req, res, next) => {
  const timer = setTimeout(() => {
    if (!res.headersSent) res.status(503).send('timed out');
  }, CRASH_TIMEOUT_MS);
  res.on('close', () => clearTimeout(timer));
  next();
});
app.use(klarefiRouter({ startClaim: false, onEvent: crashHandler }));
const server = app.listen(0, '127.0.0.1', () => announce((server.address() as { port: number }).port));
