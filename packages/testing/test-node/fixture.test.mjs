// The package on node:test, from its built output (`npm test` builds first through turbo): the
// fixture with the SDK's own Web handler in process, and the jest helper on node:test's hooks.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createKlarefiHandler } from '@klarefi/sdk';
import { KlarefiTestError, startKlarefiTest } from '@klarefi/testing';

describe('startKlarefiTest on node:test', () => {
  const completed = [];
  let klarefi;
  let handler;
  before(async () => {
    klarefi = await startKlarefiTest({ forwardTo: (request) => handler(request) });
    handler = createKlarefiHandler({
      apiKey: klarefi.apiKey,
      baseUrl: klarefi.baseUrl,
      webhookSecret: klarefi.webhookSecret,
      startClaim: { caseTypeId: 'travel_claim' },
      on: { 'case.completed': (event) => void completed.push(event.case_id) },
    });
  });
  after(() => klarefi.close());
  beforeEach(() => klarefi.reset());

  it('walks the form of a case type that requires a document and gets case.completed once', async () => {
    const start = await handler(new Request('http://localhost/start-claim'));
    assert.equal(start.status, 303);
    const claim = await klarefi.claimant(start.headers.get('location')).submit();
    const delivery = await klarefi.deliveries.waitFor('case.completed', { caseId: claim.caseId });
    assert.equal(delivery.response.status, 200);
    assert.deepEqual(completed, [claim.caseId]);
    assert.ok(claim.answers.departure_date, 'the persona answered the travel questions');
  });

  it('duplicate sequential: both copies answered 200, the handler ran once', async () => {
    completed.length = 0;
    klarefi.faults.add({ match: 'case.completed', duplicate: 'sequential' });
    const start = await handler(new Request('http://localhost/start-claim'));
    const claim = await klarefi.claimant(start.headers.get('location')).submit();
    const delivery = await klarefi.deliveries.waitFor('case.completed', { caseId: claim.caseId });
    assert.deepEqual(
      delivery.attempts.map((a) => a.status),
      [200, 200],
    );
    assert.deepEqual(completed, [claim.caseId]);
  });

  it('reset() forgot the earlier deliveries', () => {
    assert.deepEqual(klarefi.deliveries.all(), []);
  });

  it('a wait that runs out is a KlarefiTestError naming what arrived', async () => {
    await klarefi.createSession({ case_type_id: 'motor_claim' });
    await assert.rejects(klarefi.deliveries.waitFor('case.completed', {}, { timeoutMs: 150 }), (error) => {
      assert.ok(error instanceof KlarefiTestError);
      assert.equal(error.code, 'timeout');
      assert.match(error.message, /v1\.intake\.session_created whd_/);
      return true;
    });
  });
});

describe('@klarefi/testing/jest on jest-style globals', async () => {
  // jest's globals, played by node:test's hooks.
  Object.assign(globalThis, { beforeAll: before, beforeEach, afterAll: after });
  const { useKlarefi } = await import('@klarefi/testing/jest');
  const klarefi = useKlarefi(() => ({ apiKey: 'sk_test_from_a_function_0001' }));

  it('started the emulator in beforeAll with the options the function returned', async () => {
    assert.equal(klarefi.apiKey, 'sk_test_from_a_function_0001');
    const session = await klarefi.createSession({ case_type_id: 'home_contents_claim' });
    const claim = await klarefi.claimant(session.signed_url).submit();
    assert.equal(claim.caseId, session.session_id);
  });
});

describe('@klarefi/testing/jest without jest', () => {
  it('says what it needs', async () => {
    const saved = { ...globalThis };
    for (const name of ['beforeAll', 'beforeEach', 'afterAll']) delete globalThis[name];
    const { useKlarefi } = await import('@klarefi/testing/jest');
    assert.throws(() => useKlarefi(), /needs jest's global beforeAll/);
    Object.assign(globalThis, {
      beforeAll: saved.beforeAll,
      beforeEach: saved.beforeEach,
      afterAll: saved.afterAll,
    });
  });
});
