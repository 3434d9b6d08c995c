import { runConformance } from '@klarefi/conformance';
import { driver } from './driver.js';

runConformance(driver('route-files'));
runConformance(driver('splat'));
