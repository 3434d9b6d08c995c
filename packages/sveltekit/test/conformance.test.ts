import { runConformance } from '@klarefi/conformance';
import { afterAll } from 'vitest';
import { closeFixtureServer, svelteKitDriver } from './driver.js';

afterAll(closeFixtureServer);

runConformance(svelteKitDriver('handle'));
runConformance(svelteKitDriver('route-files'));
