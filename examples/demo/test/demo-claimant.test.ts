// `pnpm demo` without a browser: @klarefi/testing's claimant walks the demo's hosted form over HTTP
// and the app's result page shows the verified case. The browser test (demo.test.ts) keeps what only
// a browser shows: the button, the page designs, the redirects as a person sees them.
import { claimant } from '@klarefi/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type DemoProcess, freePorts, runDemo } from './run-demo.js';

const running: DemoProcess[] = [];
afterEach(async () => {
  for (const demo of running.splice(0)) {
    if (demo.child.exitCode === null) demo.child.kill('SIGTERM');
    await demo.exit(15_000).catch(() => demo.child.kill('SIGKILL'));
  }
});

describe('pnpm demo, claimed over HTTP', () => {
  // Hono, and the function platforms, whose examples run under local stand-ins for their hosts.
  it.each(['hono', 'aws-lambda', 'azure-functions', 'google-cloud-functions'])(
    '--framework %s: start-claim → hosted form → verified case.completed on the result page, then Ctrl-C',
    async (framework) => {
      const [port, emulatorPort] = await freePorts(2);
      const demo = runDemo([
        '--framework',
        framework,
        '--port',
        String(port),
        '--emulator-port',
        String(emulatorPort),
      ]);
      running.push(demo);
      const app = (await demo.waitFor(/Open this\s+(\S+)/))[1] ?? '';

      const start = await fetch(`${app}start-claim`, { redirect: 'manual' });
      expect(start.status).toBe(303);
      const claim = await claimant(start.headers.get('location') ?? '').submit();
      expect(claim.redirectedTo.startsWith(`${app}claims/result?`)).toBe(true);

      // The emulator logs every answer; four events (session created, submitted, processing,
      // completed) each get their 200 from the app.
      await demo.waitFor(/(?:<-- 200 [^\n]*\n[\s\S]*?){4}/, 30_000);
      const result = await (await fetch(`${app}claims/result?case_id=${claim.caseId}`)).text();
      expect(result).toContain('2023-02-03');

      demo.child.kill('SIGINT');
      expect(await demo.exit(10_000)).toBe(0);
    },
    120_000,
  );
});
