import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createKlarefiHandler } from '@klarefi/sdk';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launchBrowser } from '../src/browser.js';
import {
  type FakeKlarefiApi,
  type ListeningServer,
  listenOnFreePort,
  startFakeKlarefiApi,
} from '../src/index.js';

const PAGE = `<!doctype html><html><head><title>conformance</title></head><body>
<a id="start" href="/start-claim">Start your claim</a>
<button id="ping">Ping</button><output id="out"></output>
<script>
document.getElementById('ping').addEventListener('click', async () => {
  const res = await fetch('/api/ping', { method: 'POST', body: 'hello' });
  document.getElementById('out').textContent = await res.text();
});
</script></body></html>`;

function toRequest(req: IncomingMessage, origin: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value);
  }
  return new Request(new URL(req.url ?? '/', origin), { method: req.method, headers });
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}

describeBrowser('browser helpers', () => {
  let browser: Browser;
  let site: ListeningServer;
  let api: FakeKlarefiApi;
  let klarefi: ((request: Request) => Promise<Response>) | undefined;

  beforeAll(async () => {
    browser = await launchBrowser();
    site = await listenOnFreePort(
      createServer((req, res) => {
        const path = new URL(req.url ?? '/', 'http://x').pathname;
        if (path === '/start-claim' && klarefi) {
          klarefi(toRequest(req, site.url)).then((response) => send(res, response));
        } else if (path === '/api/ping') {
          const chunks: Buffer[] = [];
          req.on('data', (c: Buffer) => chunks.push(c));
          req.on('end', () => res.end(`pong: ${Buffer.concat(chunks).toString()}`));
        } else if (path.startsWith('/s/')) {
          res
            .writeHead(200, { 'content-type': 'text/html' })
            .end(`<h1 id="form">Hosted intake ${path.slice(3)}</h1>`);
        } else {
          res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
        }
      }),
    );
    // The fake API's signed_urls point back at this site, so the browser can follow the redirect.
    api = await startFakeKlarefiApi({ signedUrlBase: site.url });
    klarefi = createKlarefiHandler({
      apiKey: 'sk_test_browser',
      baseUrl: api.url,
      webhookSecret: 'whsec_browser',
      startClaim: { caseTypeId: 'motor_claim' },
    });
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await api?.close();
  });

  it('clicks a button on a page served from 127.0.0.1 and reads the result', async () => {
    const page = await browser.newPage();
    await page.goto(site.url);
    await page.click('#ping');
    await expect.poll(() => page.textContent('#out')).toBe('pong: hello');
    await page.close();
  });

  it('follows the start-claim 303 to the signed_url in a real browser', async () => {
    const page = await browser.newPage();
    await page.goto(site.url);
    await Promise.all([page.waitForURL(/\/s\//), page.click('#start')]);
    const session = api.requests[0]?.session;
    expect(session).toBeDefined();
    expect(page.url()).toBe(session?.signed_url);
    expect(await page.textContent('#form')).toBe(`Hosted intake ${session?.session_id}`);
    await page.close();
  });
});
