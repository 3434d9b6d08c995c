import { runConformance } from '@klarefi/conformance';
import { constructEvent } from '@klarefi/sdk';
import { NextRequest } from 'next/server.js';
import { expect, it } from 'vitest';
import { nextDriver } from '../driver.js';

it('runs on the Web Crypto entry of @klarefi/sdk, as the Edge runtime resolves it', () => {
  expect(() => constructEvent('{}', 't=1,v1=00', 'whsec_x')).toThrow(/constructEventAsync/);
});

runConformance(nextDriver('catch-all', NextRequest, '16 Edge'));
runConformance(nextDriver('route-files', NextRequest, '16 Edge'));
