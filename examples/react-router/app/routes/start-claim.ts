import { returnUrl } from '@klarefi/example-kit';
import { startClaim } from '@klarefi/react-router';
import { config } from '../klarefi.server';

// GET /start-claim: a new hosted intake session, then 303 to its signed_url.
const handler = startClaim({
  apiKey: config.apiKey,
  baseUrl: config.baseUrl,
  webhookSecret: config.webhookSecret,
  startClaim: {
    caseTypeId: config.caseTypeId,
    locale: config.locale,
    session: ({ request }) => ({ return_url: returnUrl(config, request.headers.get('host') ?? undefined) }),
  },
});

// action too: a POST gets Klarefi's 405 with `allow: GET`.
export { handler as loader, handler as action };
