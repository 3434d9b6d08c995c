import { runConformance } from '@klarefi/conformance';
import { astroDriver, serveFixture } from './helpers.js';

runConformance(astroDriver(serveFixture()));
