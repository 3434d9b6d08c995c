import { returnUrl } from '@klarefi/example-kit';
import { klarefiHandle } from '@klarefi/sveltekit';
import { config } from '$lib/server/config';
import { store } from '$lib/server/store';

// GET /start-claim and POST /webhooks/klarefi; every other request goes on to src/routes.
// A function: it runs on the first request, when $env/dynamic/private holds the environment.
export const handle = klarefiHandle(() => {
  const c = config();
  return {
    apiKey: c.apiKey,
    baseUrl: c.baseUrl,
    webhookSecret: c.webhookSecret,
    startClaim: {
      caseTypeId: c.caseTypeId,
      locale: c.locale,
      session: (event) => ({ return_url: returnUrl(c, event.url.host) }),
    },
    onEvent: (event, { claim }) => store.record(event, claim),
  };
});
