// Run with `bun test --conditions worker`: @klarefi/sdk then resolves to its Web Crypto entry,
// as on Cloudflare Workers, and the shared conformance suite runs on Bun through Hono.
import { expect, it } from 'bun:test';
import { runConformance } from '@klarefi/conformance';
import { constructEvent } from '@klarefi/sdk';
import { honoDriver } from '../test/driver.js';

it('runs on the Web Crypto entry of @klarefi/sdk', () => {
  expect(() => constructEvent('{}', 't=1,v1=00', 'whsec_x')).toThrow(/constructEventAsync/);
});

runConformance(honoDriver('root'));
runConformance(honoDriver('options-function'));
