import { runConformance } from '@klarefi/conformance';
import { driver, readmeApp } from './helpers.js';

runConformance(driver('the README app (klarefi() before bodyParser())', readmeApp));
