import { runConformance } from '@klarefi/conformance';
import { remixDriver } from './remix-driver.js';

// The same suite as conformance.test.ts, served by Remix 2's own server runtime over HTTP.
runConformance(remixDriver('route-files'));
runConformance(remixDriver('splat'));
runConformance(remixDriver('route-files', 'v3'));
runConformance(remixDriver('splat', 'v3'));
