import { announce, CRASH_TIMEOUT_MS, crashHandler } from '@klarefi/conformance/crash';
import Fastify from 'fastify';
import klarefi from '../../src/index.js';

const app = Fastify();
// A request-timeout hook, as apps put in front of every route: it answers first.
app.addHook('onRequest', async (_request, reply) => {
  const timer = setTimeout(() => {
    if (!reply.sent) reply.code(503).send('timed out');
  }, CRASH_TIMEOUT_MS);
  reply.raw.on('close', () => clearTimeout(timer));
});
await app.register(klarefi, { startClaim: false, onEvent: crashHandler });
await app.listen({ port: 0, host: '127.0.0.1' });
announce((app.server.address() as { port: number }).port);
