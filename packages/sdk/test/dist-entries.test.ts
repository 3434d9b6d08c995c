import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// The built entries (turbo builds before testing): the root and /adapter must share one copy of
// each class in CommonJS as in ESM, or `instanceof KlarefiConfigError` fails across them.
const require = createRequire(import.meta.url);
const SECRET = 'whsec_dist_entries';

function configErrorOf(adapter: typeof import('../src/entries/adapter.js')): unknown {
  try {
    adapter.createKlarefiCore({ webhookSecret: SECRET, startClaim: {} as never });
  } catch (error) {
    return error;
  }
  throw new Error('expected a KlarefiConfigError');
}

describe('the built entries', () => {
  it.each([
    ['CommonJS', () => [require('../dist/index.cjs'), require('../dist/adapter.cjs')]],
    ['ESM', async () => [await import('../dist/index.js'), await import('../dist/adapter.js')]],
    ['ESM, Web Crypto', async () => [await import('../dist/web.js'), await import('../dist/adapter-web.js')]],
  ])('%s: the adapter core throws the root entry KlarefiConfigError class', async (_format, load) => {
    const [root, adapter] = await load();
    const error = configErrorOf(adapter);
    expect(error).toBeInstanceOf(root.KlarefiConfigError);
    expect(String((error as Error).message)).toContain('caseTypeId');
  });
});
