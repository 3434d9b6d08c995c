import { createServer } from 'node:http';
import { announce, CRASH_TIMEOUT_MS, crashHandler } from '@klarefi/conformance/crash';
import { webhooks } from '../../src/index.js';
import { fixtureHandler, routes } from '../fixture-app.js';

// The fixture's production build, with its request-timeout middleware on, and the webhook
// endpoint at src/pages/webhooks/klarefi.ts.
process.env.KLAREFI_FIXTURE_TIMEOUT_MS = String(CRASH_TIMEOUT_MS);
routes.set('/webhooks/klarefi', webhooks({ startClaim: false, onEvent: crashHandler }).POST);
const server = createServer(await fixtureHandler());
server.listen(0, '127.0.0.1', () => announce((server.address() as { port: number }).port));
