import { createServer } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launchBrowser, waitForClaimStatus } from '../src/browser.js';
import { type ListeningServer, listenOnFreePort } from '../src/index.js';

const statusPage = (status: string, refresh: boolean) =>
  `<!doctype html><html><head>${refresh ? '<meta http-equiv="refresh" content="1">' : ''}</head>` +
  `<body><p id="claim-status" data-status="${status}">Waiting. Received so far: case.processing.</p></body></html>`;

describeBrowser('waitForClaimStatus', () => {
  let browser: Browser;
  let site: ListeningServer;
  let loads = 0;

  beforeAll(async () => {
    browser = await launchBrowser();
    site = await listenOnFreePort(
      createServer((req, res) => {
        if (req.url === '/_emulator/deliveries') {
          res.writeHead(200, { 'content-type': 'application/json' }).end(
            JSON.stringify({
              deliveries: [
                {
                  event_type: 'v1.case.completed',
                  endpoint_url: 'http://127.0.0.1:1/webhooks/klarefi',
                  status: 'failed',
                  attempts: [
                    { status: null, error: 'connection refused' },
                    { status: 500, error: null },
                  ],
                },
              ],
            }),
          );
          return;
        }
        loads++;
        const html =
          req.url === '/settles'
            ? statusPage(loads >= 3 ? 'case.completed' : 'waiting', true)
            : statusPage('waiting', false);
        res.writeHead(200, { 'content-type': 'text/html' }).end(html);
      }),
    );
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('resolves once a refresh shows the status', async () => {
    const page = await browser.newPage();
    loads = 0;
    await page.goto(`${site.url}/settles`);
    await waitForClaimStatus(page, 'case.completed', { timeoutMs: 15_000 });
    expect(loads).toBeGreaterThanOrEqual(3);
  });

  it('on timeout, says what the page showed and how each emulator delivery went', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.url}/stuck`);
    const error = await waitForClaimStatus(page, 'case.completed', {
      timeoutMs: 300,
      emulatorUrl: site.url,
    }).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect(error?.message).toContain(`did not show case.completed within 300 ms`);
    expect(error?.message).toContain('Received so far: case.processing.');
    expect(error?.message).toContain(
      'v1.case.completed -> http://127.0.0.1:1/webhooks/klarefi: failed (attempts: connection refused, 500)',
    );
  });
});
