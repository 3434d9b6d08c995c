import { describe, expect, it } from 'vitest';
import { createKlarefiCore } from '../../src/entries/adapter.js';
import { KlarefiConfigError } from '../../src/entries/index.js';

const core = createKlarefiCore({
  webhookSecret: 'whsec_route_of_test',
  apiKey: 'sk_test_route_of_test',
  startClaim: { caseTypeId: 'motor_claim' },
});

describe('core.routeOf, the one path matcher', () => {
  it('matches the route paths exactly, or at the end with suffix', () => {
    expect(core.routeOf('/webhooks/klarefi')).toBe('webhook');
    expect(core.routeOf('/start-claim')).toBe('start-claim');
    expect(core.routeOf('/api/webhooks/klarefi')).toBeNull();
    expect(core.routeOf('/api/webhooks/klarefi', { suffix: true })).toBe('webhook');
    expect(core.routeOf('/other', { suffix: true })).toBeNull();
  });

  it.each([
    ['/*', '/webhooks/klarefi', 'webhook'],
    ['*', '/start-claim', 'start-claim'],
    ['/hooks/*', '/hooks/webhooks/klarefi', 'webhook'],
    ['/hooks/*', '/hooks/x/webhooks/klarefi', null],
    ['/t/:tenant/*', '/t/acme/webhooks/klarefi', 'webhook'],
    ['/t/:tenant/*', '/t/acme/start-claim', 'start-claim'],
    ['/t/:tenant{[a-z]+}/*', '/t/acme/webhooks/klarefi', 'webhook'],
    ['/t/:tenant', '/t/acme', null],
  ])('below the mount %s, %s is %s', (mount, path, route) => {
    expect(core.routeOf(path, { mount })).toBe(route);
  });

  it.each(['/t/:tenant?/*', '/files/:path{.+}/*', '/a/*/b/*', '/x/:/*'])(
    'refuses a mount whose depth is not fixed (%s) with a KlarefiConfigError naming it',
    (mount) => {
      expect(() => core.routeOf('/t/a/webhooks/klarefi', { mount })).toThrow(KlarefiConfigError);
      expect(() => core.routeOf('/t/a/webhooks/klarefi', { mount })).toThrow(
        `cannot be mounted at "${mount}"`,
      );
    },
  );
});
