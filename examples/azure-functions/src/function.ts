import type { HttpHandler, HttpResponseInit } from '@azure/functions';
import { klarefiAzure } from '@klarefi/azure-functions';
import {
  ClaimStore,
  claimsPage,
  type ExampleConfig,
  exampleConfig,
  homePage,
  resultPage,
  returnUrl,
} from '@klarefi/example-kit';

const html = (body: string): HttpResponseInit => ({
  status: 200,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body,
});

/** The example's one HTTP function: Klarefi's two routes plus the example's pages. */
export function createHandler(
  config: ExampleConfig = exampleConfig(),
  store = new ClaimStore(),
): HttpHandler {
  const klarefi = klarefiAzure({
    apiKey: config.apiKey,
    baseUrl: config.baseUrl,
    webhookSecret: config.webhookSecret,
    startClaim: {
      caseTypeId: config.caseTypeId,
      locale: config.locale,
      session: ({ request }) => ({ return_url: returnUrl(config, request.headers.get('host') ?? undefined) }),
    },
    onEvent: (event, { claim }) => store.record(event, claim),
  });
  return async (request, context) => {
    const url = new URL(request.url);
    if (url.pathname === '/') return html(homePage(config.locale));
    if (url.pathname === '/claims') return html(claimsPage(store, config.locale));
    if (url.pathname === '/claims/result')
      return html(resultPage(store, url.searchParams.get('case_id') ?? undefined, config.locale));
    return klarefi(request, context);
  };
}
