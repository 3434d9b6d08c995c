import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import {
  completeHostedForm,
  describeBrowser,
  launchBrowser,
  waitForClaimStatus,
} from '@klarefi/conformance/browser';
import { afterEach, describe, expect, it } from 'vitest';
import { FRAMEWORKS } from '../src/demo.js';
import { portInUse } from '../src/ports.js';
import { type DemoProcess, freePorts, runDemo } from './run-demo.js';

const PNPM = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    packageManager: string;
  }
).packageManager;

const running: DemoProcess[] = [];
function start(args: string[]): DemoProcess {
  const demo = runDemo(args);
  running.push(demo);
  return demo;
}
afterEach(async () => {
  // A failed assertion must not leave a demo (and its app) listening.
  for (const demo of running.splice(0)) {
    if (demo.child.exitCode === null) demo.child.kill('SIGTERM');
    await demo.exit(15_000).catch(() => demo.child.kill('SIGKILL'));
  }
});

const urls = async (demo: DemoProcess) => ({
  // Up to 300 s: the nextjs example may run `next build` first.
  app: (await demo.waitFor(/Open this\s+(\S+)/, 300_000))[1] ?? '',
  dashboard: (await demo.waitFor(/Dashboard\s+(\S+)/))[1] ?? '',
});

describeBrowser('pnpm demo in a browser', () => {
  it('runs the Express example against the emulator: button, hosted form, verified result, dashboard, Ctrl-C', async () => {
    const [port, emulatorPort] = await freePorts(2);
    const demo = start(['--port', String(port), '--emulator-port', String(emulatorPort)]);
    const { app, dashboard } = await urls(demo);
    expect(app).toBe(`http://127.0.0.1:${port}/`);
    expect(dashboard).toBe(`http://127.0.0.1:${emulatorPort}/_emulator`);
    expect(demo.output()).toContain('the express example');

    const browser = await launchBrowser();
    try {
      // A phone's width: every page fits without sideways scrolling.
      const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
      const fits = async () =>
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
      await page.goto(app);
      await fits();
      await page.click('#start-claim');
      await page.waitForURL((u) => u.port === String(emulatorPort));
      await completeHostedForm(page);
      await page.waitForURL((u) => u.href.startsWith(`${app}claims/result`));
      await waitForClaimStatus(page, 'case.completed', { emulatorUrl: `http://127.0.0.1:${emulatorPort}` });
      const result = (await page.textContent('body')) ?? '';
      expect(result).toContain('2023-02-03');
      await fits();
      // The proof is visible, not folded away.
      expect(await page.locator('#verified').isVisible()).toBe(true);
      const deliveryId = /delivery (whd_\w+)/.exec((await page.textContent('#verified')) ?? '')?.[1];
      expect(deliveryId).toMatch(/^\w+/);
      await page.goto(`${app}claims`);
      await fits();

      await page.goto(dashboard);
      const row = page.locator('tr', { has: page.locator(`[id="delivery-${deliveryId}"]`) });
      expect(await row.textContent()).toMatch(/\b200\b/);
    } finally {
      await browser.close();
    }

    demo.child.kill('SIGINT');
    expect(await demo.exit(10_000)).toBe(0);
    expect(demo.output()).toContain('Demo stopped (exit code 0).');
    expect(demo.output()).not.toMatch(/\n\s+at /);
    expect(await portInUse(port!)).toBe(false);
    expect(await portInUse(emulatorPort!)).toBe(false);
  }, 120_000);

  it('shows the hosted form in Dutch with --locale nl, and stops on SIGTERM', async () => {
    const [port, emulatorPort] = await freePorts(2);
    const demo = start([
      '--framework',
      'hono',
      '--locale',
      'nl',
      '--port',
      String(port),
      '--emulator-port',
      String(emulatorPort),
    ]);
    const { app } = await urls(demo);
    // The banner names the button as the Dutch page labels it.
    expect(demo.output()).toContain('click "Claim starten"');
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(app);
      expect(await page.textContent('#start-claim')).toContain('Claim starten');
      await page.click('#start-claim');
      await page.waitForSelector('#kf-next, #kf-submit');
      expect(await page.textContent('body')).toContain('Datum van het incident');
    } finally {
      await browser.close();
    }
    demo.child.kill('SIGTERM');
    expect(await demo.exit(10_000)).toBe(0);
    expect(await portInUse(port!)).toBe(false);
  }, 120_000);
});

describe('pnpm demo', () => {
  it.each(FRAMEWORKS)(
    '--framework %s starts the example wired to the emulator',
    async (framework) => {
      const [port, emulatorPort] = await freePorts(2);
      const demo = start([
        '--framework',
        framework,
        '--port',
        String(port),
        '--emulator-port',
        String(emulatorPort),
      ]);
      const { app } = await urls(demo);
      const home = await fetch(app);
      expect(await home.text()).toContain('id="start-claim"');
      const redirect = await fetch(`${app}start-claim`, { redirect: 'manual' });
      expect(redirect.status).toBe(303);
      expect(new URL(redirect.headers.get('location') ?? '').port).toBe(String(emulatorPort));
      demo.child.kill('SIGINT');
      expect(await demo.exit(10_000)).toBe(0);
    },
    // nextjs may run `next build` first (cached under examples/nextjs/.next afterwards).
    300_000,
  );

  it.each([
    ['--port', 'app'],
    ['--emulator-port', 'emulator'],
  ])('says which port is taken (%s) and starts nothing', async (flag, which) => {
    const [port, emulatorPort] = await freePorts(2);
    const taken = which === 'app' ? port! : emulatorPort!;
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(taken, '127.0.0.1', resolve));
    try {
      const demo = start(['--port', String(port), '--emulator-port', String(emulatorPort)]);
      const code = await demo.exit(30_000);
      expect(code).toBe(1);
      expect(demo.output()).toMatch(
        new RegExp(`Port ${taken} is already in use: stop what runs there or pass ${flag} \\d+`),
      );
      expect(demo.output()).not.toMatch(/\n\s+at |Error:/);
      // Nothing claims to start (or build) before the ports are known to be free.
      expect(demo.output()).not.toMatch(/Starting|Building/);
      expect(await portInUse(which === 'app' ? emulatorPort! : port!)).toBe(false);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('rejects an unknown flag with the usage and exit code 2', async () => {
    const demo = start(['--framwork', 'hono']);
    expect(await demo.exit()).toBe(2);
    expect(demo.output()).toContain("Unknown flag '--framwork'.");
    expect(demo.output()).toContain(`Usage: npx -y ${PNPM} demo [options]`);
  });

  it('names every taken port at once', async () => {
    const [port, emulatorPort] = await freePorts(2);
    const blockers = [createServer(), createServer()];
    await Promise.all(
      blockers.map(
        (b, i) =>
          new Promise<void>((resolve) => b.listen(i === 0 ? port : emulatorPort, '127.0.0.1', resolve)),
      ),
    );
    try {
      const demo = start(['--port', String(port), '--emulator-port', String(emulatorPort)]);
      expect(await demo.exit(30_000)).toBe(1);
      expect(demo.output()).toMatch(
        new RegExp(`Port ${port} is already in use: stop what runs there or pass --port \\d+`),
      );
      expect(demo.output()).toMatch(
        new RegExp(
          `Port ${emulatorPort} is already in use: stop what runs there or pass --emulator-port \\d+`,
        ),
      );
      const suggested = [...demo.output().matchAll(/pass --[\w-]+ (\d+)/g)].map((m) => Number(m[1]));
      expect(new Set(suggested).size).toBe(2);
    } finally {
      await Promise.all(blockers.map((b) => new Promise((resolve) => b.close(resolve))));
    }
  });

  it('repeated Ctrl-C signals (as npx and pnpm forward them) still stop cleanly with exit code 0', async () => {
    const [port, emulatorPort] = await freePorts(2);
    const demo = start([
      '--framework',
      'hono',
      '--port',
      String(port),
      '--emulator-port',
      String(emulatorPort),
    ]);
    await demo.waitFor(/Open this\s+(\S+)/);
    // The terminal's SIGINT, pnpm's forwarded SIGINT, and pnpm's SIGTERM on npx's forwarded one.
    demo.child.kill('SIGINT');
    demo.child.kill('SIGINT');
    demo.child.kill('SIGTERM');
    expect(await demo.exit(10_000)).toBe(0);
    expect(demo.output()).toContain('Demo stopped (exit code 0).');
    expect(await portInUse(port!)).toBe(false);
    expect(await portInUse(emulatorPort!)).toBe(false);
  }, 90_000);

  it('names a stray argument once', async () => {
    const demo = start(['nestjs']);
    expect(await demo.exit()).toBe(2);
    expect(demo.output()).toContain("Unexpected argument 'nestjs': every option starts with --.");
    expect(demo.output().match(/Unexpected argument/g)).toHaveLength(1);
  });

  it('rejects a framework it does not know', async () => {
    const demo = start(['--framework', 'spring']);
    expect(await demo.exit()).toBe(2);
    expect(demo.output()).toContain(`--framework must be one of ${FRAMEWORKS.join(', ')} (got 'spring')`);
  });
});
