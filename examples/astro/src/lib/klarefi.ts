import { ClaimStore, exampleConfig, returnUrl } from '@klarefi/example-kit';
import type { KlarefiAstroOptions } from '@klarefi/astro';

/** The claims this server received, shown by the result and claims pages. */
export const store = new ClaimStore();

/** PORT, KLAREFI_API_KEY, ... as every example reads them, at request time on the server. */
export const config = exampleConfig();

/** The options both Klarefi endpoints share. */
export const klarefiOptions: KlarefiAstroOptions = {
  apiKey: config.apiKey,
  baseUrl: config.baseUrl,
  webhookSecret: config.webhookSecret,
  startClaim: {
    caseTypeId: config.caseTypeId,
    locale: config.locale,
    session: ({ request }) => ({ return_url: returnUrl(config, request.headers.get('host') ?? undefined) }),
  },
  onEvent: (event) => store.record(event),
};

/** An HTML answer for the kit's pages. */
export function html(body: string): Response {
  return new Response(body, { headers: { 'content-type': 'text/html; charset=utf-8' } });
}
