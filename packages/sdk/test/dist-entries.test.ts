import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// The built entries (turbo builds before testing): the root and /adapter must share one copy of
// each class in CommonJS as in ESM, or `instanceof KlarefiHttpError` fails across them.
const require = createRequire(import.meta.url);
const SECRET = 'whsec_dist_entries';

async function refusalOf(adapter: typeof import('../src/adapter/index.js')): Promise<unknown> {
  const core = adapter.createKlarefiCore({ webhookSecret: SECRET, startClaim: false });
  return core
    .handleWebhook({ method: 'GET', headers: {}, rawBody: undefined, request: null })
    .catch((e) => e);
}

describe('the built entries', () => {
  it.each([
    ['CommonJS', () => [require('../dist/index.cjs'), require('../dist/adapter.cjs')]],
    ['ESM', async () => [await import('../dist/index.js'), await import('../dist/adapter.js')]],
    ['ESM, Web Crypto', async () => [await import('../dist/web.js'), await import('../dist/adapter-web.js')]],
  ])('%s: the adapter core throws the root entry KlarefiHttpError class', async (_format, load) => {
    const [root, adapter] = await load();
    const error = await refusalOf(adapter);
    expect(error).toBeInstanceOf(root.KlarefiHttpError);
    expect(error).toMatchObject({ status: 405, code: 'method_not_allowed' });
  });
});
