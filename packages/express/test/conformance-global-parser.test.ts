import { runConformance } from '@klarefi/conformance';
import { driver, globalParserApp } from './helpers.js';

// The app's own express.json() refuses bodies that are not a JSON object or array before the
// router runs, and its default 100 kB limit refuses larger deliveries; the driver says so, and
// raw-body.test.ts asserts what those bodies get instead.
runConformance({
  ...driver('global express.json({ verify: rawBodySaver }) and urlencoded first', globalParserApp),
  bodyParsedBeforeAdapter: true,
  parserLimitBytes: 100 * 1024,
});
