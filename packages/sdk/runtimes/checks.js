// A representative part of the conformance suite that runs inside any runtime with Web
// Request/Response (Deno, workerd): every status code the handlers answer, both body shapes,
// dedupe. It takes the @klarefi/sdk entry the runtime resolves and returns one result per check.

const SECRET = 'whsec_runtime_checks';
const API_KEY = 'sk_test_runtime_checks';
const SIGNED_URL = 'https://app.klarefi.com/s/ses_runtime';

function fakeApi(status) {
  return async () =>
    status === 201
      ? Response.json(
          {
            session_id: 'ses_runtime',
            signed_url: SIGNED_URL,
            expires_at: '2030-01-01T00:00:00Z',
            snippet: '',
          },
          { status },
        )
      : Response.json({ error: { type: 'api_error', message: 'upstream detail' } }, { status });
}

function envelope(type, deliveryId) {
  return {
    event_id: `evt_${deliveryId}`,
    delivery_id: deliveryId,
    event_type: `v1.${type}`,
    semantic_event_type: type,
    schema_version: 'v1',
    created_at: '2026-01-01T00:00:00Z',
    occurred_at: '2026-01-01T00:00:00Z',
    org_id: 'org_runtime',
    case_id: `case_${deliveryId}`,
    session_id: `case_${deliveryId}`,
    data: { case_status: 'completed', features: {} },
  };
}

/**
 * Runs the checks against `sdk` (the module namespace of `@klarefi/sdk` as the runtime loads it).
 * @returns {Promise<Array<{ name: string, pass: boolean, detail: string }>>}
 */
export async function runChecks(sdk) {
  const results = [];
  const runs = [];
  let releaseGate;
  let entered;
  const gate = new Promise((resolve) => (releaseGate = resolve));
  const inside = new Promise((resolve) => (entered = resolve));
  let failOnce = true;
  const options = (status) => ({
    client: new sdk.KlarefiClient({ apiKey: API_KEY, fetch: fakeApi(status), maxRetries: 0 }),
    webhookSecret: SECRET,
    startClaim: { caseTypeId: 'motor_claim' },
    webhook: { maxBodyBytes: 4096 },
    on: {
      'case.completed': (event) => void runs.push(event.delivery_id ?? event.event),
      'case.failed': () => {
        if (failOnce) {
          failOnce = false;
          throw new Error('handler failure');
        }
        runs.push('failed-retried');
      },
      'case.processing': () => {
        entered();
        return gate;
      },
    },
  });
  const handler = sdk.createKlarefiHandler(options(201));
  const failing = sdk.createKlarefiHandler(options(500));

  const now = Math.floor(Date.now() / 1000);
  const sign = (body, secret = SECRET, timestamp = now) =>
    sdk.generateTestHeaderAsync({ payload: body, secret, timestamp });
  const post = async (body, header, method = 'POST') =>
    handler(
      new Request('http://runtime.test/webhooks/klarefi', {
        method,
        headers: {
          'content-type': 'application/json',
          ...(header === undefined ? {} : { 'x-klarefi-signature': header }),
        },
        body,
      }),
    );
  const deliver = async (event) => {
    const body = JSON.stringify(event);
    return post(body, await sign(body));
  };

  async function check(name, response, status, expected) {
    const text = await response.text();
    let pass = response.status === status;
    if (pass && typeof expected === 'string') pass = JSON.parse(text)?.error?.code === expected;
    if (pass && typeof expected === 'function') pass = expected(text, response) === true;
    results.push({ name, pass, detail: `${response.status} ${text.slice(0, 200)}` });
  }

  await check(
    'start-claim: 303 to the signed_url',
    await handler(new Request('http://runtime.test/start-claim')),
    303,
    (_t, r) => r.headers.get('location') === SIGNED_URL,
  );
  await check(
    'start-claim: 502 when the API fails, no upstream body',
    await failing(new Request('http://runtime.test/start-claim')),
    502,
    (t) =>
      JSON.parse(t).error.code === 'session_create_failed' &&
      !t.includes('upstream detail') &&
      !t.includes(API_KEY),
  );
  await check(
    'start-claim: 405 on POST',
    await handler(new Request('http://runtime.test/start-claim', { method: 'POST' })),
    405,
    'method_not_allowed',
  );

  const first = envelope('case.completed', 'whd_runtime_1');
  await check('webhook: 200 for a v1 envelope', await deliver(first), 200, (t) => t === '{"received":true}');
  await check(
    'webhook: 200 duplicate for the same delivery_id, signed afresh',
    await deliver(first),
    200,
    (t) => JSON.parse(t).duplicate === true,
  );
  const legacy = {
    event: 'case.completed',
    case_id: 'case_legacy',
    org_id: 'org_runtime',
    timestamp: '2026-01-01T00:00:00Z',
    data: {},
  };
  await check(
    'webhook: 200 for the legacy { event } body',
    await deliver(legacy),
    200,
    (t) => t === '{"received":true}',
  );
  results.push({
    name: 'webhook: on["case.completed"] ran once per delivery, for both shapes',
    pass: JSON.stringify(runs) === JSON.stringify(['whd_runtime_1', 'case.completed']),
    detail: JSON.stringify(runs),
  });

  await check(
    'webhook: 405 on GET',
    await handler(new Request('http://runtime.test/webhooks/klarefi')),
    405,
    (t, r) => JSON.parse(t).error.code === 'method_not_allowed' && r.headers.get('allow') === 'POST',
  );
  const big = JSON.stringify({ ...first, pad: 'x'.repeat(5000) });
  await check('webhook: 413 over maxBodyBytes', await post(big, await sign(big)), 413, 'payload_too_large');
  const body = JSON.stringify(envelope('case.completed', 'whd_runtime_2'));
  await check(
    'webhook: 400 without the signature header',
    await post(body, undefined),
    400,
    'missing_header',
  );
  await check(
    'webhook: 400 for a malformed header',
    await post(body, 't=abc,v1=zz'),
    400,
    'malformed_header',
  );
  await check(
    'webhook: 401 for a stale timestamp',
    await post(body, await sign(body, SECRET, now - 301)),
    401,
    'timestamp_outside_tolerance',
  );
  await check(
    'webhook: 401 for the wrong secret',
    await post(body, await sign(body, 'whsec_other')),
    401,
    'no_matching_signature',
  );
  await check(
    'webhook: 400 for signed bytes that are not JSON',
    await post('{"no', await sign('{"no')),
    400,
    'invalid_json',
  );
  await check(
    'webhook: 400 for signed JSON that is not an event',
    await post('{"hello":1}', await sign('{"hello":1}')),
    400,
    'invalid_event',
  );

  const failed = envelope('case.failed', 'whd_runtime_3');
  await check('webhook: 500 when a handler throws', await deliver(failed), 500, 'handler_failed');
  await check('webhook: the retry of a failed delivery runs again', await deliver(failed), 200, () =>
    runs.includes('failed-retried'),
  );

  const slow = envelope('case.processing', 'whd_runtime_4');
  const pending = deliver(slow);
  // The second copy goes out once the first is inside its handler, holding the claim.
  // A refused first copy never reaches its handler: fail on its answer instead of waiting for ever.
  await Promise.race([inside, pending]);
  await check(
    'webhook: 409 for a copy while the first is running',
    await deliver(slow),
    409,
    'delivery_in_progress',
  );
  releaseGate();
  await check(
    'webhook: the first copy then answers 200',
    await pending,
    200,
    (t) => t === '{"received":true}',
  );
  await check(
    'any other path: 404',
    await handler(new Request('http://runtime.test/elsewhere')),
    404,
    'not_found',
  );
  return results;
}
