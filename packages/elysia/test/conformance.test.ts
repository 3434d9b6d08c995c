import { runConformance } from '@klarefi/conformance';
import { elysiaDriver } from './driver.js';

runConformance(elysiaDriver('root'));
runConformance(elysiaDriver('prefix'));
runConformance(elysiaDriver('global-parser'));
