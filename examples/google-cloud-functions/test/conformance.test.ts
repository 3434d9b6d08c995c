import { runConformance } from '@klarefi/conformance';
import { functionsFrameworkDriver } from './driver.js';

runConformance(functionsFrameworkDriver);
