import { describe, expectTypeOf, it } from 'vitest';
import type { CaseStatus, Features } from '../../src/types/features.js';
import {
  type Case,
  type CaseEvent,
  type CaseEventsPage,
  type CasePackage,
  type CreateSessionParams,
  type DocumentErasure,
  type Health,
  type IdempotentRequestOptions,
  KlarefiApiError,
  KlarefiClient,
  type KlarefiClientOptions,
  KlarefiRateLimitError,
  type Me,
  type ProcessDocumentParams,
  type ProcessingJob,
  type RequestOptions,
  type Session,
} from '../../src/client/index.js';

const client = new KlarefiClient({ apiKey: 'sk_test_types_only' });

describe('public types', () => {
  it('requires apiKey and nothing else in the options', () => {
    expectTypeOf<KlarefiClientOptions>().toHaveProperty('apiKey').toEqualTypeOf<string>();
    expectTypeOf<{ apiKey: string }>().toExtend<KlarefiClientOptions>();
    expectTypeOf<{ baseUrl: string }>().not.toExtend<KlarefiClientOptions>();
    expectTypeOf(client.environment).toEqualTypeOf<'test' | 'live'>();
  });

  it('requires case_type_id for sessions, document_url and case_type_id for processing', () => {
    expectTypeOf<{ case_type_id: string }>().toExtend<CreateSessionParams>();
    expectTypeOf<{ ttl_hours: number }>().not.toExtend<CreateSessionParams>();
    expectTypeOf<{ case_type_id: string; ttl_hours: string }>().not.toExtend<CreateSessionParams>();
    expectTypeOf<{ document_url: string; case_type_id: string }>().toExtend<ProcessDocumentParams>();
    expectTypeOf<{ document_url: string }>().not.toExtend<ProcessDocumentParams>();
    expectTypeOf(client.createSession).parameter(0).toEqualTypeOf<CreateSessionParams>();
    expectTypeOf(client.createSession).parameter(1).toEqualTypeOf<IdempotentRequestOptions | undefined>();
    expectTypeOf(client.getCase).parameter(1).toEqualTypeOf<RequestOptions | undefined>();
    expectTypeOf<RequestOptions>().not.toHaveProperty('idempotencyKey');
  });

  it('returns the wire shapes', () => {
    expectTypeOf(client.createSession).returns.resolves.toEqualTypeOf<Session>();
    expectTypeOf<Session['session_id']>().toEqualTypeOf<string>();
    expectTypeOf<Session['signed_url']>().toEqualTypeOf<string>();
    expectTypeOf<Session['idempotent_replay']>().toEqualTypeOf<boolean>();
    expectTypeOf(client.getCase).returns.resolves.toEqualTypeOf<Case>();
    expectTypeOf<Case['status']>().toEqualTypeOf<CaseStatus>();
    expectTypeOf<Case['features']>().toEqualTypeOf<Features>();
    expectTypeOf(client.getCaseEvents).returns.resolves.toEqualTypeOf<CaseEventsPage>();
    expectTypeOf<CaseEventsPage['next_cursor']>().toEqualTypeOf<number | null>();
    expectTypeOf(client.listAllCaseEvents).returns.toEqualTypeOf<
      AsyncGenerator<CaseEvent, void, undefined>
    >();
    expectTypeOf(client.getCasePackage).returns.resolves.toEqualTypeOf<CasePackage>();
    expectTypeOf<CasePackage['case_file_url']>().toEqualTypeOf<string | null>();
    expectTypeOf(client.processDocument).returns.resolves.toEqualTypeOf<ProcessingJob>();
    expectTypeOf(client.deleteDocument).returns.resolves.toEqualTypeOf<DocumentErasure>();
    expectTypeOf<DocumentErasure['status_code']>().toEqualTypeOf<200 | 202>();
    expectTypeOf(client.getMe).returns.resolves.toEqualTypeOf<Me>();
    expectTypeOf(client.getHealth).returns.resolves.toEqualTypeOf<Health>();
    expectTypeOf<Session>().toHaveProperty('a_future_field').toEqualTypeOf<unknown>();
  });

  it('types the error fields', () => {
    expectTypeOf<KlarefiApiError['status']>().toEqualTypeOf<number>();
    expectTypeOf<KlarefiApiError['requestId']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<KlarefiRateLimitError['retryAfterSeconds']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<KlarefiRateLimitError>().toExtend<KlarefiApiError>();
  });

  it('rejects calls without required params at compile time', () => {
    const compileOnly = (): void => {
      // @ts-expect-error case_type_id is required
      void client.createSession({ ttl_hours: 2 });
      // @ts-expect-error document_url is required
      void client.processDocument({ case_type_id: 'x' });
      // @ts-expect-error getCase needs an id
      void client.getCase();
      // @ts-expect-error idempotencyKey is only for creates
      void client.getCase('c1', { idempotencyKey: 'k' });
    };
    expectTypeOf(compileOnly).toBeFunction();
  });
});
