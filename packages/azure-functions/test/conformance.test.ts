import { runConformance } from '@klarefi/conformance';
import { azureDriver } from './driver.js';

runConformance(azureDriver);
