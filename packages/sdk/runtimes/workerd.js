// The Worker that runs the checks on workerd: the Web Crypto entry, which is what the `workerd`
// export condition of @klarefi/sdk resolves to.
import * as sdk from '../dist/web.js';
import { runChecks } from './checks.js';

export default {
  async fetch() {
    return Response.json(await runChecks(sdk));
  },
};
