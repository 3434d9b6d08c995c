import { runConformance } from '@klarefi/conformance';
import { atKoaBodyParserFirstApp, driver, koaBodyParserFirstApp } from './helpers.js';

// A body parser that runs first keeps the text it read (ctx.request.rawBody), decoded as UTF-8: a
// body with a BOM or invalid UTF-8 no longer matches its signature. It also refuses a body that is
// not a JSON object or array before the middleware runs. The drivers declare both.
for (const [name, build] of [
  ['a global koa-bodyparser first', koaBodyParserFirstApp],
  ['a global @koa/bodyparser first', atKoaBodyParserFirstApp],
] as const) {
  runConformance({
    ...driver(name, build),
    bodyDecodedBeforeAdapter: true,
    bodyParsedBeforeAdapter: true,
  });
}
