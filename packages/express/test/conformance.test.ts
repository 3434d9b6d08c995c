import { runConformance } from '@klarefi/conformance';
import { driver, globalParserApp, readmeApp } from './helpers.js';

runConformance(driver('the README app (router before express.json())', readmeApp));
runConformance(driver('global express.json({ verify: rawBodySaver }) and urlencoded first', globalParserApp));
