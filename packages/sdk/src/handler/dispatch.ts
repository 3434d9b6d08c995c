import { caseTypeMap, createClaimReader } from '../claims/claim.js';
import type { CaseTypeDefinition } from '../claims/definition.js';
import type { ClaimReader } from '../claims/register.js';
import { type OptionChecker, optionChecker } from '../shared/options.js';
import type { KlarefiEvent } from '../types/events.js';
import { eventName } from '../webhooks/event-name.js';
import type { KlarefiEventContext, KlarefiEventHandler } from './options.js';

/** What {@link createDispatcher} needs: the `on` handlers and the catch-all. */
export interface DispatcherOptions<TRequest = unknown, TTx = never> {
  /** Handlers keyed by event name, with or without the `v1.` prefix. @default {} */
  on?: Record<string, KlarefiEventHandler<any, TRequest, TTx> | undefined>;
  /** Runs for every event after its `on` handler. @default none */
  onEvent?: KlarefiEventHandler<KlarefiEvent, TRequest, TTx>;
  /** The case types `context.claim()` checks values against. @default none */
  caseTypes?: readonly CaseTypeDefinition[];
}

/** The per-delivery facts a dispatcher adds the event's name to. */
export type DispatchContext<TRequest, TTx> = Omit<KlarefiEventContext<TRequest, TTx>, 'name' | 'claim'>;

/** Runs one verified event's handlers; rejects with what a handler threw. */
export type KlarefiDispatcher<TRequest = unknown, TTx = never> = (
  event: KlarefiEvent,
  context: DispatchContext<TRequest, TTx>,
) => Promise<void>;

/** `"v1.case.completed"` and `"case.completed"` name the same handler. */
export function semanticName(name: string): string {
  return name.startsWith('v1.') ? name.slice(3) : name;
}

const check: OptionChecker = optionChecker();

/**
 * The one place an event meets its handlers: `on[name]` (keyed with or without `v1.`), then
 * `onEvent`. The core, the BullMQ worker and the inbox all dispatch through it. Options are
 * checked now.
 * @throws {KlarefiConfigError} when a handler is not a function or two keys name one event.
 */
export function createDispatcher<TRequest = unknown, TTx = never>(
  options: DispatcherOptions<TRequest, TTx>,
): KlarefiDispatcher<TRequest, TTx> {
  const on = new Map<string, KlarefiEventHandler<any, TRequest, TTx>>();
  const given = options.on ?? {};
  if (typeof given !== 'object' || given === null)
    check.invalid(
      'on',
      given,
      "an object of handlers keyed by event name, e.g. { 'case.completed': handler }",
    );
  for (const [key, handler] of Object.entries(given)) {
    if (handler === undefined) continue;
    check.optionalFunction(`on["${key}"]`, handler, '(event, context) => void');
    const name = semanticName(key);
    if (on.has(name)) check.fail(`on["${key}"] and another key both name "${name}"; keep one.`);
    on.set(name, handler);
  }
  const onEvent = check.optionalFunction('onEvent', options.onEvent, '(event, context) => void');
  const caseTypes = caseTypeMap(options.caseTypes);
  return async function dispatch(
    event: KlarefiEvent,
    context: DispatchContext<TRequest, TTx>,
  ): Promise<void> {
    const name = eventName(event) ?? '';
    // Built on the first call: most handlers never read the claim, and every delivery would pay for it.
    let reader: ClaimReader | undefined;
    // Named fields rather than a spread of `context`: one object shape, built without a copy loop.
    const full = {
      deliveryId: context.deliveryId,
      dedupeKey: context.dedupeKey,
      client: context.client,
      request: context.request,
      tx: context.tx,
      name,
      claim(caseTypeId?: string) {
        reader ??= createClaimReader(event, context.client, caseTypes);
        return reader(caseTypeId as never);
      },
    } as KlarefiEventContext<TRequest, TTx>;
    const handler = on.get(name);
    if (handler) await handler(event, full);
    if (onEvent) await onEvent(event, full);
  };
}
