import { klarefiLambda, type LambdaHttpEvent, type LambdaHttpResult } from '@klarefi/aws-lambda';
import {
  ClaimStore,
  claimsPage,
  type ExampleConfig,
  exampleConfig,
  homePage,
  resultPage,
  returnUrl,
} from '@klarefi/example-kit';
import type { Context } from 'aws-lambda';

const html = (body: string): LambdaHttpResult => ({
  statusCode: 200,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body,
  isBase64Encoded: false,
});

/** The path and query of any HTTP invoker's event (the local invoker uses the `$default` stage). */
function requestLine(event: LambdaHttpEvent & { rawQueryString?: string; queryStringParameters?: unknown }) {
  const path = event.rawPath ?? event.path ?? '/';
  const query =
    event.rawQueryString !== undefined
      ? new URLSearchParams(event.rawQueryString)
      : new URLSearchParams((event.queryStringParameters ?? {}) as Record<string, string>);
  return { path, query };
}

/** The example's Lambda function: Klarefi's two routes plus the example's pages. */
export function createHandler(config: ExampleConfig = exampleConfig(), store = new ClaimStore()) {
  const klarefi = klarefiLambda({
    apiKey: config.apiKey,
    baseUrl: config.baseUrl,
    webhookSecret: config.webhookSecret,
    startClaim: {
      caseTypeId: config.caseTypeId,
      locale: config.locale,
      session: (request) => ({
        return_url: returnUrl(config, String(request.header('host') ?? '') || undefined),
      }),
    },
    onEvent: (event, { claim }) => store.record(event, claim),
  });

  return async function handler(event: LambdaHttpEvent, context: Context): Promise<LambdaHttpResult> {
    const { path, query } = requestLine(event);
    if (path === '/') return html(homePage(config.locale));
    if (path === '/claims') return html(claimsPage(store, config.locale));
    if (path === '/claims/result')
      return html(resultPage(store, query.get('case_id') ?? undefined, config.locale));
    return klarefi(event, context);
  };
}

// What Lambda runs: built once per container, at import.
export const handler = createHandler();
