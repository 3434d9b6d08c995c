import { createServer } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { announce, CRASH_TIMEOUT_MS, crashHandler } from '@klarefi/conformance/crash';
import { createRequestHandler } from '@react-router/express';
import express from 'express';
import type { ServerBuild } from 'react-router';
import { webhooks } from '../../src/index.js';
import { FIXTURE } from '../global-setup.js';

// The fixture's production build, served as react-router-serve serves it, with the webhook route.
const build: ServerBuild = await import(pathToFileURL(join(FIXTURE, 'dist', 'server', 'index.js')).href);
const klarefiRoutes = new Map([['/webhooks/klarefi', webhooks({ onEvent: crashHandler })]]);

const app = express();
// A request-timeout middleware, as apps put in front of every route: it answers first.
app.use((_req, res, next) => {
  const timer = setTimeout(() => {
    if (!res.headersSent) res.status(503).send('timed out');
  }, CRASH_TIMEOUT_MS);
  res.once('close', () => clearTimeout(timer));
  next();
});
app.all('*splat', createRequestHandler({ build, getLoadContext: () => ({ klarefiRoutes }) }));
const server = createServer(app);
server.listen(0, '127.0.0.1', () => announce((server.address() as { port: number }).port));
