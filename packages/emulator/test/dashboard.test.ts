import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index.js';
import { createSession, fillMotorClaim, type Receiver, startReceiver } from './helpers.js';

const SECRET = 'whsec_dashboard_secret_98765';
let emu: RunningEmulator;
let receiver: Receiver;
let sessionId: string;

beforeAll(async () => {
  receiver = await startReceiver(SECRET);
  emu = await startEmulator({
    webhookSecret: SECRET,
    endpoints: [{ url: receiver.url, events: ['v1.case.completed'] }],
  });
  const s = await createSession(emu, { locale: 'nl' });
  sessionId = s.session_id;
  await fillMotorClaim(s.signed_url);
  await receiver.waitFor((e) => e.event_type === 'v1.case.completed');
});
afterAll(async () => {
  await emu.close();
  await receiver.close();
});

describe('dashboard', () => {
  it('lists sessions, cases with features, deliveries with attempts and a resend button', async () => {
    const res = await fetch(emu.dashboardUrl);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<code class="id">${sessionId}</code>`);
    expect(html).toContain('<b>incident_date</b>: 2023-02-03');
    expect(html).toContain('<b>damage_amount</b>: EUR 1,234.56');
    expect(html).toContain('v1.case.completed');
    expect(html).toMatch(/<b class="ok">200<\/b> in \d+ ms/);
    expect(html).toMatch(/<time datetime="[^"]+">\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC<\/time>/);
    expect(html).toMatch(
      /<form method="post" action="\/_emulator\/deliveries\/whd_[0-9A-Z]{26}\/resend"><button type="submit" class="button">Resend<\/button>/,
    );
    expect(html).toContain('id="kf-live"');
    expect(html).toContain('<link rel="icon"');
  });

  it('never shows the signing secret or the API key in full', async () => {
    const html = await (await fetch(emu.dashboardUrl)).text();
    const endpoints = await (await fetch(`${emu.url}/_emulator/endpoints`)).text();
    for (const text of [html, endpoints]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(emu.apiKey);
    }
    expect(html).toContain('whsec_…8765');
    expect(JSON.parse(endpoints).endpoints[0]).toMatchObject({ url: receiver.url, secret: 'whsec_…8765' });
  });

  it('serves the same data as JSON', async () => {
    const sessions = (await (await fetch(`${emu.url}/_emulator/sessions`)).json()) as { sessions: any[] };
    expect(sessions.sessions[0]).toMatchObject({
      session_id: sessionId,
      status: 'submitted',
      language: 'nl',
      expired: false,
    });
    expect(sessions.sessions[0].answers.incident_date).toBe('3 februari 2023');
    const cases = (await (await fetch(`${emu.url}/_emulator/cases`)).json()) as { cases: any[] };
    expect(cases.cases[0]).toMatchObject({ case_id: sessionId, status: 'completed' });
    expect(cases.cases[0].features.license_plate.candidates[0].value_normalized).toBe('AB-123-C');
    const deliveries = (await (await fetch(`${emu.url}/_emulator/deliveries`)).json()) as {
      deliveries: any[];
    };
    expect(deliveries.deliveries).toHaveLength(1);
    const [d] = deliveries.deliveries;
    expect(d).toMatchObject({
      event_type: 'v1.case.completed',
      endpoint_url: receiver.url,
      status: 'succeeded',
    });
    expect(d.payload.delivery_id).toBe(d.delivery_id);
    expect(d.attempts[0]).toMatchObject({
      attempt: 1,
      status: 200,
      ok: true,
      response_excerpt: '{"received":true}',
    });
    const events = (await (await fetch(`${emu.url}/_emulator/events`)).json()) as { events: any[] };
    expect(events.events.map((e) => e.event_type)).toEqual([
      'v1.intake.session_created',
      'v1.intake.submitted',
      'v1.case.processing',
      'v1.case.completed',
    ]);
  });

  it('serves a favicon (pages link it as a data URL; tools asking for /favicon.ico get it too)', async () => {
    const res = await fetch(`${emu.url}/favicon.ico`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml');
    expect(await res.text()).toMatch(/^<svg /);
  });

  it('redirects / to the dashboard', async () => {
    const res = await fetch(`${emu.url}/`, { redirect: 'manual' });
    expect(res.headers.get('location')).toBe('/_emulator');
  });
});
