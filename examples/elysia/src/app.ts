import { node } from '@elysiajs/node';
import {
  ClaimStore,
  claimsPage,
  type ExampleConfig,
  exampleConfig,
  homePage,
  resultPage,
  returnUrl,
} from '@klarefi/example-kit';
import { klarefi } from '@klarefi/elysia';
import { RedisDedupeStore } from '@klarefi/redis';
import { Elysia } from 'elysia';
import { Redis } from 'ioredis';

const html = (page: string) =>
  new Response(page, { headers: { 'content-type': 'text/html; charset=utf-8' } });

/** The example app on Elysia's Node adapter, without listening: tests call `app.handle()` or `listen()`. */
export function createApp(config: ExampleConfig = exampleConfig(), store = new ClaimStore()) {
  return new Elysia({ adapter: node() })
    .use(
      klarefi({
        apiKey: config.apiKey,
        baseUrl: config.baseUrl,
        webhookSecret: config.webhookSecret,
        startClaim: {
          caseTypeId: config.caseTypeId,
          locale: config.locale,
          session: (ctx) => ({ return_url: returnUrl(config, ctx.request.headers.get('host') ?? undefined) }),
        },
        // Several instances? One shared dedupe store runs each delivery once across them.
        webhook: {
          dedupe: config.redisUrl ? new RedisDedupeStore({ client: new Redis(config.redisUrl) }) : undefined,
        },
        onEvent: (event, { claim }) => store.record(event, claim),
      }),
    )
    .get('/', () => html(homePage(config.locale)))
    .get('/claims', () => html(claimsPage(store, config.locale)))
    .get('/claims/result', ({ query }) => html(resultPage(store, query.case_id, config.locale)));
}

/** Listens on `port` and resolves with the port it got (Elysia's Node adapter reports the one it was given). */
export function listen(app: ReturnType<typeof createApp>, port: number, hostname: string) {
  return new Promise<{ port: number; stop: () => Promise<void> }>((resolve) => {
    app.listen({ port, hostname }, async (server) => {
      const raw = (server as unknown as { raw: { ready(): Promise<unknown>; url: string } }).raw;
      await raw.ready();
      resolve({ port: Number(new URL(raw.url).port), stop: async () => void (await server.stop(true)) });
    });
  });
}
