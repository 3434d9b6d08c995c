import { runConformance } from '@klarefi/conformance';
import { honoDriver } from './driver.js';

runConformance(honoDriver('root'));
runConformance(honoDriver('global-json'));
runConformance(honoDriver('sub-app'));
runConformance(honoDriver('param-mount'));
runConformance(honoDriver('options-function'));
