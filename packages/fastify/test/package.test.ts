import { createRequire } from 'node:module';
import { sampleEnvelope, signedDelivery } from '@klarefi/conformance';
import { describe, expect, it } from 'vitest';
import { inject, MAJORS } from './support.js';

// The built package as users load it (`npx tsup` first; turbo's test task builds it).
const require = createRequire(import.meta.url);
const SECRET = 'whsec_fastify_package_tests';

describe('the built package', () => {
  it('require() returns the plugin itself, with .default and .klarefi (the fastify-plugin convention)', () => {
    const plugin = require('@klarefi/fastify');
    expect(typeof plugin).toBe('function');
    expect(plugin.default).toBe(plugin);
    expect(plugin.klarefi).toBe(plugin);
    expect(plugin[Symbol.for('fastify.display-name')]).toBe('@klarefi/fastify');
    expect(plugin[Symbol.for('plugin-meta')]).toMatchObject({
      name: '@klarefi/fastify',
      fastify: '4.x || 5.x',
    });
  });

  it('import gives the same plugin as default and named export', async () => {
    const esm = await import('@klarefi/fastify');
    expect(esm.klarefi).toBe(esm.default);
    expect((esm.default as unknown as Record<symbol, unknown>)[Symbol.for('fastify.display-name')]).toBe(
      '@klarefi/fastify',
    );
  });

  for (const [major, Fastify] of MAJORS) {
    it(`registers from require() on ${major} and verifies a delivery`, async () => {
      const app = Fastify();
      const received: unknown[] = [];
      await app.register(require('@klarefi/fastify'), {
        webhookSecret: SECRET,
        startClaim: false,
        onEvent: (event: unknown) => {
          received.push(event);
        },
      });
      const { body, headers } = signedDelivery(sampleEnvelope(), SECRET, { pretty: true });
      const res = await inject(app, { method: 'POST', path: '/webhooks/klarefi', headers, body });
      expect(res.status).toBe(200);
      expect(received).toEqual([JSON.parse(body)]);
      await app.close();
    });
  }
});
