import { runConformance } from '@klarefi/conformance';
import { driver, readmeApp } from './helpers.js';

runConformance(driver('the README app (router before express.json())', readmeApp));
