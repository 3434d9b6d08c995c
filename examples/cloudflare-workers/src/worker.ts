import { ClaimStore, claimsPage, exampleConfig, homePage, resultPage, returnUrl } from '@klarefi/example-kit';
import { klarefi } from '@klarefi/hono';
import { Hono } from 'hono';

/** The Worker's environment: `wrangler dev --var NAME:value`, `wrangler secret put`, or vars. */
export type Bindings = Partial<
  Record<
    | 'KLAREFI_API_KEY'
    | 'KLAREFI_API_BASE_URL'
    | 'KLAREFI_WEBHOOK_SECRET'
    | 'KLAREFI_CASE_TYPE'
    | 'KLAREFI_LOCALE'
    | 'PUBLIC_URL',
    string
  >
>;

// One isolate keeps this for its lifetime: fine for a local example; use KV or D1 in production.
const store = new ClaimStore();

const app = new Hono<{ Bindings: Bindings }>();

// Secrets come from the Worker's env (a Worker has no process.env at import time). The
// middleware calls this once per env object, which lives as long as the isolate.
app.use(
  klarefi<{ Bindings: Bindings }>((c) => {
    const config = exampleConfig(c.env);
    return {
      apiKey: config.apiKey,
      baseUrl: config.baseUrl,
      webhookSecret: config.webhookSecret,
      startClaim: {
        caseTypeId: config.caseTypeId,
        locale: config.locale,
        session: (ctx) => ({ return_url: returnUrl(config, ctx.req.header('host')) }),
      },
      onEvent: (event, { claim }) => store.record(event, claim),
    };
  }),
);

app.get('/', (c) => c.html(homePage(exampleConfig(c.env).locale)));
app.get('/claims', (c) => c.html(claimsPage(store, exampleConfig(c.env).locale)));
app.get('/claims/result', (c) =>
  c.html(resultPage(store, c.req.query('case_id'), exampleConfig(c.env).locale)),
);

export default app;
