import { sampleEnvelope, signedDelivery } from '@klarefi/conformance';
import { type RunningEmulator, startEmulator } from '@klarefi/emulator';
import { exampleConfig } from '@klarefi/example-kit';
import { submitClaim } from '@klarefi/example-kit/testing';
import { postgresAvailable, testServerUrl } from '@klarefi/test-servers';
import pg from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAIMS_TABLE_SQL, createApp } from '../src/app.js';

describe.skipIf(!postgresAvailable())('examples/inbox', () => {
  let emulator: RunningEmulator;
  let pool: pg.Pool;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    emulator = await startEmulator();
    pool = new pg.Pool({ connectionString: testServerUrl('postgres'), max: 5 });
    await pool.query(CLAIMS_TABLE_SQL);
    app = createApp(
      pool,
      exampleConfig({
        KLAREFI_API_KEY: emulator.apiKey,
        KLAREFI_API_BASE_URL: emulator.url,
        KLAREFI_WEBHOOK_SECRET: emulator.webhookSecret,
      }),
    );
  });
  afterAll(async () => {
    await pool?.end();
    await emulator?.close();
  });

  const rowsFor = async (caseId: string) =>
    (await pool.query('SELECT count(*)::int AS n FROM claims WHERE case_id = $1', [caseId])).rows[0].n;

  it("redirects /start-claim to the emulator's hosted form (303)", async () => {
    const res = await request(app).get('/start-claim').set('host', 'claims.example.test');
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(new RegExp(`^${emulator.url}/s/[0-9a-f-]{36}\\?token=`));
  });

  it('stores a completed case and its claim() values in the claims table once, however often it is delivered', async () => {
    // A real case: the handler's claim() reads it for its case type.
    const caseId = await submitClaim(emulator);
    const event = sampleEnvelope('v1.case.completed', { case_id: caseId, session_id: caseId });
    const delivery = signedDelivery(event, emulator.webhookSecret);
    const send = () => request(app).post('/webhooks/klarefi').set(delivery.headers).send(delivery.body);
    const first = await send();
    expect({ status: first.status, body: first.body }).toEqual({ status: 200, body: { received: true } });
    const again = await Promise.all([send(), send(), send()]);
    expect(again.map((res) => res.status)).toEqual([200, 200, 200]);
    expect(await rowsFor(event.case_id as string)).toBe(1);
    const { rows } = await pool.query('SELECT case_type_id, claim_values FROM claims WHERE case_id = $1', [
      caseId,
    ]);
    expect(rows[0]).toMatchObject({
      case_type_id: 'motor_claim',
      claim_values: { incident_date: '2023-02-03' },
    });
    const page = await request(app).get('/claims');
    expect(page.text).toContain(event.case_id as string);
    expect(page.text).toContain('incident_date: 2023-02-03');
  });

  it('refuses an unsigned delivery and writes nothing', async () => {
    const event = sampleEnvelope();
    const res = await request(app)
      .post('/webhooks/klarefi')
      .set('content-type', 'application/json')
      .send(JSON.stringify(event));
    expect(res.status).toBe(400);
    expect(await rowsFor(event.case_id as string)).toBe(0);
  });
});
