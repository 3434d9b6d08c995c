import * as sdk from '@klarefi/sdk';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as adapter from '../src/index.js';

// The same list in every adapter's test: the names an app reaches without importing @klarefi/sdk.
describe('re-exports', () => {
  it('re-exports the SDK values every adapter re-exports, the very same bindings', () => {
    expect(adapter.KlarefiClient).toBe(sdk.KlarefiClient);
    expect(adapter.KlarefiConfigError).toBe(sdk.KlarefiConfigError);
  });

  it('re-exports the SDK types every adapter re-exports', () => {
    expectTypeOf<adapter.EventFor<'case.completed'>>().toEqualTypeOf<sdk.EventFor<'case.completed'>>();
    expectTypeOf<adapter.KlarefiEvent>().toEqualTypeOf<sdk.KlarefiEvent>();
    expectTypeOf<adapter.KlarefiEventContext>().toEqualTypeOf<sdk.KlarefiEventContext>();
    expectTypeOf<adapter.KlarefiEventHandler>().toEqualTypeOf<sdk.KlarefiEventHandler>();
    expectTypeOf<adapter.KlarefiRefusalCode>().toEqualTypeOf<sdk.KlarefiRefusalCode>();
    expectTypeOf<adapter.KnownEventName>().toEqualTypeOf<sdk.KnownEventName>();
    expectTypeOf<adapter.StartClaimOptions>().toEqualTypeOf<sdk.StartClaimOptions>();
    expectTypeOf<adapter.StartClaimSessionParams>().toEqualTypeOf<sdk.StartClaimSessionParams>();
    expectTypeOf<adapter.WebhookOptions>().toEqualTypeOf<sdk.WebhookOptions>();
  });
});
