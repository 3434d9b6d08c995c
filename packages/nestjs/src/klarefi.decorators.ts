import { Inject } from '@nestjs/common';
import type { EventFor, KlarefiEvent, KlarefiEventContext, KnownEventName } from '@klarefi/sdk';
import { ANY_KLAREFI_EVENT, KLAREFI_CLIENT, KLAREFI_EVENT_METADATA } from './klarefi.constants.js';
import type { KlarefiRequest } from './klarefi-module-options.interface.js';

/**
 * Injects the module's `KlarefiClient` (`null` when neither `client` nor `apiKey` is configured).
 * @example
 * constructor(@InjectKlarefi() private readonly klarefi: KlarefiClient) {}
 */
export function InjectKlarefi(): PropertyDecorator & ParameterDecorator {
  return Inject(KLAREFI_CLIENT);
}

/** The event a handler for `N` receives: the typed event for a known name, any event for `'*'`. */
export type KlarefiEventFor<N extends string> = N extends typeof ANY_KLAREFI_EVENT
  ? KlarefiEvent
  : EventFor<N>;

/** A method `@OnKlarefiEvent(name)` may decorate. */
export type KlarefiEventMethod<N extends string> = (
  event: KlarefiEventFor<N>,
  context: KlarefiEventContext<KlarefiRequest>,
) => unknown;

/**
 * Runs the decorated method for every verified delivery of `event` (e.g. `'case.completed'`,
 * which also receives the legacy `case.completed` body; a `v1.` prefix is optional), or for
 * every event when called without a name or with `'*'`. The method receives `(event, context)`.
 * It may be on any singleton provider; the module finds it at start-up. A method that throws
 * (or rejects) makes the delivery answer 500, so Klarefi retries it. Stack the decorator to
 * handle several events with one method.
 * @example
 * @Injectable()
 * export class ClaimsService {
 *   @OnKlarefiEvent('case.completed')
 *   async completed(event: KlarefiEventFor<'case.completed'>) { await this.claims.save(event); }
 * }
 */
export function OnKlarefiEvent<N extends KnownEventName | typeof ANY_KLAREFI_EVENT | (string & {}) = '*'>(
  event?: N,
): <M extends KlarefiEventMethod<N>>(
  target: object,
  key: string | symbol,
  descriptor: TypedPropertyDescriptor<M>,
) => void {
  const name = event === undefined ? ANY_KLAREFI_EVENT : event.startsWith('v1.') ? event.slice(3) : event;
  return function onKlarefiEvent(_target, _key, descriptor) {
    const method = descriptor.value as object;
    const names: string[] = Reflect.getMetadata(KLAREFI_EVENT_METADATA, method) ?? [];
    Reflect.defineMetadata(KLAREFI_EVENT_METADATA, [...names, name], method);
  };
}
