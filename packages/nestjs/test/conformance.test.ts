import { runConformance } from '@klarefi/conformance';
import { nestDriver, PLATFORMS } from './helpers.js';

for (const platform of PLATFORMS) {
  // Nest installs its global JSON and urlencoded parsers by default: this is the "parser ran first" case.
  runConformance(nestDriver(platform, 'rawBody: true, Nest default body parsers'));
  runConformance(nestDriver(platform, "global prefix 'api'", { prefix: 'api' }));
}
