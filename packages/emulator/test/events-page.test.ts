import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { describe, expect, it } from 'vitest';
import { createEmulatorApp } from '../src/index.js';
import { api, createSession, fillMotorClaim } from './helpers.js';

describe('GET /cases/{id}/events with a small page size', () => {
  it('pages through next_cursor until it is null', async () => {
    const { app, apiKey, close } = createEmulatorApp({ eventsPageSize: 2 });
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', resolve));
    const emu = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, apiKey };
    const s = await createSession(emu);
    expect(s.signed_url.startsWith(`${emu.url}/s/`)).toBe(true);
    await fillMotorClaim(s.signed_url);

    const pages: Array<{ cursors: number[]; next: number | null }> = [];
    let after: number | null = 0;
    while (after !== null) {
      const res = await api(emu)(`/cases/${s.session_id}/events?after_cursor=${after}`);
      const page = (await res.json()) as { events: Array<{ cursor: number }>; next_cursor: number | null };
      pages.push({ cursors: page.events.map((e) => e.cursor), next: page.next_cursor });
      after = page.next_cursor;
    }
    expect(pages).toEqual([
      { cursors: [1, 2], next: 2 },
      { cursors: [3, 4], next: null },
    ]);
    await close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});
