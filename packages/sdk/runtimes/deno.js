// Run by `deno run`: the checks on both entries of @klarefi/sdk, the Node one (node:crypto,
// which Deno provides) and the Web Crypto one. Prints one JSON array of results.
import * as nodeEntry from '../dist/index.js';
import * as webEntry from '../dist/web.js';
import { runChecks } from './checks.js';

const results = [];
for (const [label, sdk] of [
  ['index', nodeEntry],
  ['web', webEntry],
]) {
  for (const result of await runChecks(sdk)) results.push({ ...result, name: `${label}: ${result.name}` });
}
console.log(JSON.stringify(results));
