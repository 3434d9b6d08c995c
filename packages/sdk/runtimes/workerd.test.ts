import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';
import { expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
// miniflare is pinned to 4.20260426.0 (package.json): the last release that runs on Node 20.

it('resolves @klarefi/sdk on workerd to the Web Crypto entry that the Worker below loads', () => {
  const pkg = JSON.parse(readFileSync(join(here, '..', 'package.json'), 'utf8'));
  expect(pkg.exports['.'].workerd.import.default).toBe('./dist/web.js');
});

it('passes the representative conformance checks on workerd', async () => {
  const mf = new Miniflare({
    modules: true,
    modulesRoot: join(here, '..'),
    scriptPath: join(here, 'workerd.js'),
    // The package is "type": "module": its .js files are ES modules.
    modulesRules: [{ type: 'ESModule', include: ['**/*.js'] }],
    compatibilityDate: '2026-04-26',
  });
  try {
    const response = await mf.dispatchFetch('http://runtime.test/');
    const text = await response.text();
    expect(response.status, text).toBe(200);
    const results = JSON.parse(text) as Array<{ name: string; pass: boolean; detail: string }>;
    expect(results.filter((r) => !r.pass)).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(20);
  } finally {
    await mf.dispose();
  }
});
