import { runConformance } from '@klarefi/conformance';
import { lambdaDriver } from './driver.js';

runConformance(lambdaDriver('rest', 'plain'));
runConformance(lambdaDriver('rest', 'base64'));
runConformance(lambdaDriver('http', 'plain'));
runConformance(lambdaDriver('http', 'base64'));
runConformance(lambdaDriver('function-url', 'base64'));
runConformance(lambdaDriver('alb', 'plain'));
runConformance(lambdaDriver('alb-multi-value', 'base64'));
