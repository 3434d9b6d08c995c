import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index.js';
import {
  api,
  createSession,
  fillMotorClaim,
  MOTOR_STEP1,
  MOTOR_STEP2,
  manualClock,
  postStep,
  postSubmit,
} from './helpers.js';

const clock = manualClock();
let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({
    now: clock.now,
    caseTypes: [
      {
        id: 'bike_claim',
        name: { en: 'Bicycle claim', nl: 'Fietsschade' },
        questions: [
          {
            id: 'frame_number',
            kind: 'text',
            label: { en: 'Frame number', nl: 'Framenummer' },
            required: true,
          },
        ],
      },
      {
        id: 'doc_claim',
        name: { en: 'Document claim', nl: 'Documentclaim' },
        questions: [{ id: 'note', kind: 'text', label: { en: 'Note', nl: 'Notitie' } }],
        documents: { label: { en: 'Your invoice', nl: 'Uw factuur' }, required: true },
      },
    ],
  });
});
afterAll(() => emu.close());

async function page(url: string) {
  const res = await fetch(url, { redirect: 'manual' });
  return { status: res.status, html: await res.text() };
}

async function cases(): Promise<Array<Record<string, any>>> {
  return ((await (await fetch(`${emu.url}/_emulator/cases`)).json()) as { cases: never[] }).cases;
}

function upload(signedUrl: string, step: number, file: Blob, filename: string, nav = 'upload') {
  const u = new URL(signedUrl);
  const form = new FormData();
  form.set('document', file, filename);
  form.set('nav', nav);
  return fetch(`${u.origin}${u.pathname}/step?token=${u.searchParams.get('token')}&step=${step}`, {
    method: 'POST',
    body: form,
    redirect: 'manual',
  });
}

describe('the hosted form', () => {
  it('checks the token: 403 for a wrong or missing token, 404 for an unknown session', async () => {
    const s = await createSession(emu);
    const wrong = await page(s.signed_url.replace(/token=.*/, 'token=forged'));
    expect(wrong.status).toBe(403);
    expect(wrong.html).toContain('data-state="invalid"');
    expect((await page(s.signed_url.replace(/\?token=.*/, ''))).status).toBe(403);
    expect((await postSubmit(s.signed_url.replace(/token=.*/, 'token=forged'))).status).toBe(403);
    const unknown = await page(`${emu.url}/s/00000000-0000-4000-8000-000000000000?token=x`);
    expect(unknown.status).toBe(404);
  });

  it('renders labelled inputs in English by default and Dutch for nl, nl-NL and nl-BE', async () => {
    const en = await page((await createSession(emu, { locale: 'fr' })).signed_url);
    expect(en.html).toContain('<html lang="en">');
    expect(en.html).toContain('<label for="incident_date">Date of the incident');
    expect(en.html).toMatch(/<input type="text" id="incident_date" name="incident_date"/);
    expect(en.html).toContain('Step 1 of 4');
    for (const locale of ['nl', 'nl-NL', 'nl-BE']) {
      const nl = await page((await createSession(emu, { locale })).signed_url);
      expect(nl.html).toContain('<html lang="nl">');
      expect(nl.html).toContain('<label for="incident_date">Datum van het incident');
      expect(nl.html).toContain('Stap 1 van 4');
      expect(nl.html).toContain('>Volgende</button>');
    }
  });

  it('keeps required answers required, with the errors next to the fields', async () => {
    const s = await createSession(emu, { locale: 'nl' });
    const res = await postStep(s.signed_url, 1, { incident_date: '', incident_location: 'Utrecht' });
    // Post-redirect-get: the errors are shown by the GET, once, so a refresh does not post again.
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/&step=1$/);
    const { html } = await page(new URL(res.headers.get('location')!, s.signed_url).href);
    expect(html).toContain('id="kf-errors"');
    expect(html).toContain('<title>Fout: ');
    expect(html.indexOf('id="incident_date-error"')).toBeLessThan(
      html.indexOf('<input type="text" id="incident_date"'),
    );
    expect(html).toContain('class="input input--date input--error"');
    const refreshed = await page(`${s.signed_url}&step=1`);
    expect(refreshed.html).not.toContain('id="kf-errors"');
    expect(refreshed.html).toContain('value="Utrecht"');
    expect(html).toContain('Vul “Datum van het incident” in.');
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('aria-describedby="incident_date-hint incident_date-error"');
    expect(html).toContain('value="Utrecht"');
    const ok = await postStep(s.signed_url, 1, MOTOR_STEP1);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toMatch(/&step=2$/);
    const back = await postStep(s.signed_url, 2, { damage_amount: '12' }, 'back');
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toMatch(/&step=1$/);
    const step2 = await page(`${s.signed_url}&step=2`);
    expect(step2.html).toContain('value="12"');
  });

  it('submits, redirects to return_url with session_id and case_id, and refuses a second submit', async () => {
    const s = await createSession(emu, { return_url: 'https://shop.example.com/claims/done?from=klarefi' });
    const res = await fillMotorClaim(s.signed_url);
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location')!);
    expect(location.origin + location.pathname).toBe('https://shop.example.com/claims/done');
    expect(location.searchParams.get('from')).toBe('klarefi');
    expect(location.searchParams.get('session_id')).toBe(s.session_id);
    expect(location.searchParams.get('case_id')).toBe(s.session_id);
    const again = await postSubmit(s.signed_url);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('data-state="submitted"');
    const revisit = await page(s.signed_url);
    expect(revisit.status).toBe(200);
    expect(revisit.html).toContain('Already submitted');
    expect((await postStep(s.signed_url, 1, MOTOR_STEP1)).status).toBe(409);
    const events = (await (await api(emu)(`/cases/${s.session_id}/events`)).json()) as { events: unknown[] };
    expect(events.events).toHaveLength(4);
  });

  it('shows a done page without return_url', async () => {
    const s = await createSession(emu, { locale: 'nl' });
    const res = await fillMotorClaim(s.signed_url);
    expect(res.headers.get('location')).toBe(
      `/s/${s.session_id}/done?token=${new URL(s.signed_url).searchParams.get('token')}`,
    );
    const done = await page(`${emu.url}${res.headers.get('location')}`);
    expect(done.html).toContain('Bedankt');
    expect(done.html).toContain(`<code id="kf-reference">${s.session_id}</code>`);
  });

  it('shows an expiry page once the link has expired', async () => {
    const s = await createSession(emu, { locale: 'nl-BE', ttl_hours: 1 });
    expect((await page(s.signed_url)).status).toBe(200);
    clock.advance(3_600_000);
    const expired = await page(s.signed_url);
    expect(expired.status).toBe(410);
    expect(expired.html).toContain('data-state="expired"');
    expect(expired.html).toContain('Deze link is verlopen');
    expect((await postStep(s.signed_url, 1, MOTOR_STEP1)).status).toBe(410);
    expect((await postSubmit(s.signed_url)).status).toBe(410);
  });

  it('checks every step again on a direct submit', async () => {
    const s = await createSession(emu);
    await postStep(s.signed_url, 1, MOTOR_STEP1);
    const res = await postSubmit(s.signed_url);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/&step=2$/);
    const { html } = await page(new URL(res.headers.get('location')!, s.signed_url).href);
    expect(html).toContain('Step 2 of 4');
    expect(html).toContain('Please fill in “Estimated damage”.');
  });

  it('sends a case with an answer the extraction cannot read (a plate is free text) to needs_review', async () => {
    const s = await createSession(emu);
    await fillMotorClaim(s.signed_url, { step1: { license_plate: 'the blue one' } });
    const c = (await cases()).find((x) => x.case_id === s.session_id)!;
    expect(c.status).toBe('needs_review');
    expect(c.features.license_plate.decision).toMatchObject({ decision: 'needs_review' });
    expect(c.features.license_plate.candidates[0]).toMatchObject({
      value_raw: 'the blue one',
      value_normalized: null,
    });
    expect(c.features.incident_date.decision.decision).toBe('keep');
  });

  it('refuses, on the step, dates that do not exist, e-mails without a domain, phones without digits and amounts that are not numbers', async () => {
    const s = await createSession(emu);
    for (const [step, fields, field, message] of [
      [
        1,
        { ...MOTOR_STEP1, incident_date: '31-02-2025' },
        'incident_date',
        '“Date of the incident” must be a real date, for example 03-02-2025',
      ],
      [1, { ...MOTOR_STEP1, incident_date: 'last winter' }, 'incident_date', 'must be a real date'],
      [
        2,
        { ...MOTOR_STEP2, damage_amount: 'a lot' },
        'damage_amount',
        '“Estimated damage” must be an amount in numbers, for example 1,250.00',
      ],
      [
        2,
        { ...MOTOR_STEP2, email: 'jan@' },
        'email',
        '“E-mail address” must be an e-mail address like name@example.com.',
      ],
      [2, { ...MOTOR_STEP2, email: 'jan@localhost' }, 'email', 'must be an e-mail address'],
      [2, { ...MOTOR_STEP2, phone: 'call me' }, 'phone', '“Phone number” must be a phone number of digits'],
    ] as const) {
      const res = await postStep(s.signed_url, step, fields);
      expect(res.status).toBe(303);
      const { html } = await page(new URL(res.headers.get('location')!, s.signed_url).href);
      expect(html).toContain(`<a href="#${field}">`);
      expect(html).toContain(message);
      expect(html).toContain(`id="${field}-error"`);
    }
    const nl = await createSession(emu, { locale: 'nl' });
    const res = await postStep(nl.signed_url, 1, { ...MOTOR_STEP1, incident_date: '31-02-2025' });
    const { html } = await page(new URL(res.headers.get('location')!, nl.signed_url).href);
    expect(html).toContain('moet een bestaande datum zijn, bijvoorbeeld 03-02-2025 of 3 februari 2025.');
  });

  it('after "Change" on the review, Next returns to the review', async () => {
    const s = await createSession(emu);
    await postStep(s.signed_url, 1, MOTOR_STEP1);
    await postStep(s.signed_url, 2, MOTOR_STEP2);
    const review = await page(`${s.signed_url}&step=4`);
    expect(review.html).toContain('class="summary-list"');
    expect(review.html).toMatch(/>Change<span class="visually-hidden"> Date of the incident<\/span><\/a>/);
    expect(review.html).toContain('&amp;step=1&amp;return=review');
    const change = await page(`${s.signed_url}&step=1&return=review`);
    expect(change.html).toContain('&amp;step=1&amp;return=review" novalidate');
    expect(change.html).toMatch(/href="[^"]*&amp;step=4" class="back-link"/);
    const u = new URL(s.signed_url);
    const res = await fetch(
      `${u.origin}${u.pathname}/step?token=${u.searchParams.get('token')}&step=1&return=review`,
      {
        method: 'POST',
        body: new URLSearchParams({ ...MOTOR_STEP1, incident_location: 'Utrecht', nav: 'next' }),
        redirect: 'manual',
      },
    );
    expect(res.headers.get('location')).toMatch(/&step=4$/);
  });

  it('builds evidence that points at the answer in the answers transcript', async () => {
    const s = await createSession(emu, { locale: 'nl' });
    await fillMotorClaim(s.signed_url);
    const c = (await cases()).find((x) => x.case_id === s.session_id)!;
    const transcript = c.documents.find((d: { source: string }) => d.source === 'form_answers');
    for (const [name, raw] of Object.entries({ ...MOTOR_STEP1, ...MOTOR_STEP2 })) {
      const feature = c.features[name];
      const [candidate] = feature.candidates;
      const [evidence] = feature.evidence;
      expect(feature.decision.selected_candidate_id).toBe(candidate.candidate_id);
      expect(candidate.evidence_ids).toEqual([evidence.evidence_id]);
      expect(evidence).toMatchObject({
        doc_id: transcript.doc_id,
        page_index: 0,
        method: 'form_answer',
        quote: raw,
      });
      expect(transcript.text.slice(evidence.location.char_start, evidence.location.char_end)).toBe(raw);
    }
    expect(c.features.policy_number).toBeUndefined();
  });

  it('uploads documents (multipart), reads text ones into candidates, and can remove them', async () => {
    const s = await createSession(emu);
    await postStep(s.signed_url, 1, MOTOR_STEP1);
    await postStep(s.signed_url, 2, MOTOR_STEP2);
    const text = 'Schadeformulier\nPolisnummer: POL-2023-77\nIncident date: 4 februari 2023\n';
    const up = await upload(s.signed_url, 3, new Blob([text], { type: 'text/plain' }), 'report.txt');
    expect(up.status).toBe(303);
    expect(up.headers.get('location')).toMatch(/&step=3&uploaded=doc_/);
    const shown = await page(`${emu.url}${up.headers.get('location')}`);
    expect(shown.html).toContain('report.txt was uploaded.');
    const photo = await upload(
      s.signed_url,
      3,
      new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0x00])], { type: 'image/jpeg' }),
      'photo.jpg',
    );
    expect(photo.status).toBe(303);
    const sessions = ((await (await fetch(`${emu.url}/_emulator/sessions`)).json()) as { sessions: any[] })
      .sessions;
    const uploads = sessions.find((x) => x.session_id === s.session_id).uploads;
    expect(uploads.map((d: any) => [d.filename, d.size_bytes])).toEqual([
      ['report.txt', Buffer.byteLength(text)],
      ['photo.jpg', 4],
    ]);
    const remove = await postStep(s.signed_url, 3, { remove: uploads[1].doc_id });
    expect(remove.status).toBe(303);
    expect((await postSubmit(s.signed_url)).status).toBe(303);
    const c = (await cases()).find((x) => x.case_id === s.session_id)!;
    const report = c.documents.find((d: any) => d.filename === 'report.txt');
    expect(c.documents.map((d: any) => d.filename)).toEqual(['form-answers.txt', 'report.txt']);
    const policy = c.features.policy_number;
    expect(policy.decision.decision).toBe('keep');
    expect(policy.candidates[0]).toMatchObject({ value_raw: 'POL-2023-77', value_normalized: 'POL-2023-77' });
    expect(policy.evidence[0]).toMatchObject({ doc_id: report.doc_id, method: 'born_digital_text' });
    expect(text.slice(policy.evidence[0].location.char_start, policy.evidence[0].location.char_end)).toBe(
      'POL-2023-77',
    );
    // The form says 3 February, the document 4 February: two candidates that disagree go to review.
    expect(c.features.incident_date.candidates).toHaveLength(2);
    expect(c.features.incident_date.decision.decision).toBe('needs_review');
    expect(c.status).toBe('needs_review');
    const erased = await api(emu)(`/documents/${report.doc_id}`, { method: 'DELETE' });
    const receipt = ((await erased.json()) as any).erasure_receipt;
    expect(receipt).toMatchObject({ deleted_uploads: 1, deleted_evidence: 2, deleted_candidates: 2 });
  });

  it('refuses a file over 10 MB with a 413 page', async () => {
    const s = await createSession(emu, { locale: 'nl' });
    const big = new Blob([new Uint8Array(10 * 1024 * 1024 + 1)], { type: 'application/pdf' });
    const res = await upload(s.signed_url, 3, big, 'huge.pdf');
    expect(res.status).toBe(413);
    const html = await res.text();
    expect(html).toContain('data-state="too-large"');
    expect(html).toContain('groter dan 10 MB');
  });

  it('asks for a file before uploading, and for a document when one is required', async () => {
    const s = await createSession(emu, { case_type_id: 'doc_claim' });
    const first = await page(s.signed_url);
    expect(first.html).toContain('Step 1 of 3');
    await postStep(s.signed_url, 1, { note: 'x' });
    const u = new URL(s.signed_url);
    const empty = new FormData();
    empty.set('nav', 'next');
    const res = await fetch(`${u.origin}${u.pathname}/step?token=${u.searchParams.get('token')}&step=2`, {
      method: 'POST',
      body: empty,
    });
    expect(res.redirected).toBe(true);
    expect(res.url).toContain('&step=2');
    expect(await res.text()).toContain('Please upload at least one document.');
    expect((await postSubmit(s.signed_url)).status).toBe(303);
    const noFile = new FormData();
    noFile.set('nav', 'upload');
    const r2 = await fetch(`${u.origin}${u.pathname}/step?token=${u.searchParams.get('token')}&step=2`, {
      method: 'POST',
      body: noFile,
    });
    expect(await r2.text()).toContain('Choose a file to upload first.');
    const next = await upload(
      s.signed_url,
      2,
      new Blob(['invoice'], { type: 'text/plain' }),
      'invoice.txt',
      'next',
    );
    expect(next.headers.get('location')).toMatch(/&step=3$/);
    expect((await postSubmit(s.signed_url)).status).toBe(303);
  });

  it('serves a custom case type without a document step', async () => {
    const s = await createSession(emu, { case_type_id: 'bike_claim', locale: 'nl' });
    const first = await page(s.signed_url);
    expect(first.html).toContain('Fietsschade');
    expect(first.html).toContain('Stap 1 van 2');
    await postStep(s.signed_url, 1, { frame_number: ' WBK 1234  5678 ' });
    const review = await page(`${s.signed_url}&step=2`);
    expect(review.html).toContain('>Claim indienen</button>');
    await postSubmit(s.signed_url);
    const c = (await cases()).find((x) => x.case_id === s.session_id)!;
    expect(c.features.frame_number.candidates[0].value_normalized).toBe('WBK 1234 5678');
    expect(c.status).toBe('completed');
  });
});

describe('the format hints', () => {
  it('every example a hint or a format message gives is an answer the form accepts', async () => {
    const { strings } = await import('../src/form/i18n.js');
    const { answerErrors } = await import('../src/form/validate.js');
    const q = (kind: 'date' | 'amount' | 'email' | 'phone') => ({
      id: kind,
      kind,
      label: { en: kind, nl: kind },
      step: 1,
    });
    for (const lang of ['en', 'nl'] as const) {
      const t = strings(lang);
      for (const kind of ['date', 'amount', 'email', 'phone'] as const) {
        const texts = [t.hints[kind] ?? '', t.invalid[kind]?.('x') ?? ''];
        const examples = texts.flatMap((text) =>
          (text.split(/(?:for example|bijvoorbeeld|like|zoals)\s/i)[1] ?? '')
            .replace(/\.$/, '')
            .split(/\s(?:or|of)\s/),
        );
        expect(examples.length, `${lang} ${kind}`).toBeGreaterThan(0);
        for (const example of examples) {
          expect(answerErrors({ [kind]: example }, [q(kind)], lang), `${lang} ${kind}: ${example}`).toEqual(
            [],
          );
        }
      }
    }
  });
});
