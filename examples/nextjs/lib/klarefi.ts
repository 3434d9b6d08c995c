import { ClaimStore, exampleConfig, returnUrl } from '@klarefi/example-kit';
import type { KlarefiNextOptions } from '@klarefi/nextjs';

// Route handlers are bundled apart; keep one store per server process on globalThis.
const shared = globalThis as typeof globalThis & { klarefiClaims?: ClaimStore };
shared.klarefiClaims ??= new ClaimStore();
export const claims: ClaimStore = shared.klarefiClaims;

/**
 * The options both Klarefi route files share. @klarefi/nextjs calls this on the first request,
 * so the environment (PORT, KLAREFI_API_KEY, ...) is read by the server, never by `next build`.
 */
export function klarefiOptions(): KlarefiNextOptions {
  const config = exampleConfig();
  return {
    apiKey: config.apiKey,
    baseUrl: config.baseUrl,
    webhookSecret: config.webhookSecret,
    startClaim: {
      caseTypeId: config.caseTypeId,
      locale: config.locale,
      session: (request) => ({ return_url: returnUrl(config, request.headers.get('host') ?? undefined) }),
    },
    onEvent: (event, { claim }) => claims.record(event, claim),
  };
}

/** An HTML answer for the kit's pages. */
export function html(body: string): Response {
  return new Response(body, { headers: { 'content-type': 'text/html; charset=utf-8' } });
}
