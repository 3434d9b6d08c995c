import { describe, expect, expectTypeOf, it } from 'vitest';
import * as adapter from '../src/entries/adapter.js';
import * as adapterWeb from '../src/entries/adapter-web.js';
import * as claims from '../src/entries/claims.js';
import * as root from '../src/entries/index.js';
import type { EventDataMap, KnownEventType } from '../src/entries/index.js';
import * as web from '../src/entries/web.js';

const PLUMBING = [
  'createKlarefiCore',
  'payloadTooLarge',
  'readWebBody',
  'readStreamBody',
  'toWebResponse',
  'answerWebRequest',
  'createDispatcher',
  'REFUSALS',
  'SDK_VERSION',
  'CLIENT_HEADER_VALUE',
  'DEFAULT_CLIENT_OPTIONS',
  'parseSignatureHeader',
  'SIGNATURE_HEADER',
  'DEFAULT_BASE_URL',
  'KNOWN_EVENT_TYPES',
  'isEnvelope',
  'isKlarefiUnavailableError',
];

const CLAIMS = [
  'KlarefiClaimError',
  'QUESTION_KINDS',
  'caseTypeSchema',
  'checkCaseType',
  'checkValues',
  'defineCaseType',
  'defineConfig',
  'readCaseTypes',
];

// Every root name is paid for by every app that imports the SDK; what only some need has a subpath.
const MAX_ROOT_EXPORTS = 30;

describe('the public surface', () => {
  it('the root entries export what an integrator uses and no adapter plumbing', () => {
    for (const entry of [root, web]) {
      expect(Object.keys(entry)).toEqual(
        expect.arrayContaining([
          'KlarefiClient',
          'constructEvent',
          'createKlarefiHandler',
          'MemoryDedupeStore',
          'KlarefiConfigError',
        ]),
      );
      for (const name of [...PLUMBING, ...CLAIMS]) expect(Object.keys(entry)).not.toContain(name);
    }
    expect(Object.keys(root).sort()).toEqual(Object.keys(web).sort());
  });

  it.each([
    ['dist/index.js', () => import('../dist/index.js')],
    ['dist/web.js', () => import('../dist/web.js')],
  ])(`the built root entry %s has at most ${MAX_ROOT_EXPORTS} runtime exports`, async (_file, load) => {
    const names = Object.keys(await load());
    expect(names.length, `root exports: ${names.join(', ')}`).toBeLessThanOrEqual(MAX_ROOT_EXPORTS);
  });

  it('the claims entry exports the case-type helpers', () => {
    expect(Object.keys(claims).sort()).toEqual(CLAIMS);
  });

  it('the adapter entries export the plumbing, the same names on Node and on Web Crypto', () => {
    expect(Object.keys(adapter).sort()).toEqual([
      'ANSWER_RESERVE_MS',
      'BODY_TOO_LARGE',
      'DEFAULT_BASE_URL',
      'KNOWN_EVENT_TYPES',
      'REFUSALS',
      'SIGNATURE_HEADER',
      'answerWebRequest',
      'createDispatcher',
      'createKlarefiCore',
      'describeOutcome',
      'describeValue',
      'isEnvelope',
      'isKlarefiUnavailableError',
      'notFound',
      'optionChecker',
      'outcomeLevel',
      'outcomeLogFields',
      'outcomeObserver',
      'payloadTooLarge',
      'readStreamBody',
      'readWebBody',
      'toWebResponse',
      'withDefaultOutcomeLog',
      'withTimeout',
    ]);
    expect(Object.keys(adapterWeb).sort()).toEqual(Object.keys(adapter).sort());
  });

  it('KNOWN_EVENT_TYPES lists every event the data map types, once', () => {
    expectTypeOf<KnownEventType>().toEqualTypeOf<keyof EventDataMap>();
    expect(new Set(adapter.KNOWN_EVENT_TYPES).size).toBe(adapter.KNOWN_EVENT_TYPES.length);
    for (const type of adapter.KNOWN_EVENT_TYPES) expect(type).toMatch(/^v1\.[a-z_]+\.[a-z_]+$/);
  });

  // Everything that lists events (emulator, CLI, conformance, bench) imports this one list, so
  // it is pinned here against the API reference's event table: adding or dropping one is a decision.
  it('KNOWN_EVENT_TYPES is the API reference event list', () => {
    expect([...adapter.KNOWN_EVENT_TYPES].sort()).toEqual([
      'v1.case.applicant_blocked',
      'v1.case.completed',
      'v1.case.failed',
      'v1.case.needs_review',
      'v1.case.processing',
      'v1.document.failed',
      'v1.document.processed',
      'v1.intake.gap_resolved',
      'v1.intake.session_created',
      'v1.intake.submitted',
      'v1.review.completed',
      'v1.webhook.delivery_failed',
      'v1.webhook.test',
    ]);
  });
});
