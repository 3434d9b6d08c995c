import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { type KlarefiEventHandler, KlarefiConfigError } from '@klarefi/sdk';
import { ANY_KLAREFI_EVENT, KLAREFI_EVENT_METADATA } from './klarefi.constants.js';
import type { KlarefiRequest } from './klarefi-module-options.interface.js';

type Handler = KlarefiEventHandler<any, KlarefiRequest>;

/**
 * Finds the `@OnKlarefiEvent()` methods of every provider at start-up and runs them for each
 * verified event, beside the `on`/`onEvent` handlers of the options.
 */
@Injectable()
export class KlarefiExplorer implements OnModuleInit {
  /** `[event name or '*', handler]`, in discovery order. */
  private readonly handlers: Array<[string, Handler]> = [];

  constructor(@Inject(DiscoveryService) private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    const scanner = new MetadataScanner();
    // An instance can sit behind several tokens (useExisting aliases); its handlers run once.
    const seen = new Set<unknown>();
    for (const wrapper of this.discovery.getProviders()) {
      const singleton = wrapper.isDependencyTreeStatic() && !wrapper.isTransient;
      const instance = wrapper.instance as Record<string, Handler> | null | undefined;
      const prototype = singleton
        ? instance instanceof Object && !seen.has(instance) && Object.getPrototypeOf(instance)
        : wrapper.metatype?.prototype;
      seen.add(instance);
      // Method names only: the scanner leaves out accessors, the constructor and non-functions.
      for (const key of scanner.getAllMethodNames(prototype || null)) {
        const names: unknown = Reflect.getMetadata(KLAREFI_EVENT_METADATA, prototype[key]);
        if (!Array.isArray(names)) continue;
        if (!singleton) {
          throw new KlarefiConfigError(
            `@OnKlarefiEvent() is on ${wrapper.name}, a request-scoped or transient provider; use a singleton.`,
          );
        }
        for (const name of names)
          this.handlers.push([name, (event, context) => instance![key]!(event, context)]);
      }
    }
  }

  /**
   * The `onEvent` the core runs after `on[name]`: the discovered handlers for the event, then
   * the options' `onEvent`, then the discovered catch-alls, one after another.
   */
  dispatcher(onEvent: unknown): unknown {
    // A bad onEvent goes to the core untouched, which refuses it with its own message.
    if (onEvent !== undefined && typeof onEvent !== 'function') return onEvent;
    const run = async (name: string, event: unknown, context: never): Promise<void> => {
      for (const [handles, handler] of this.handlers) if (handles === name) await handler(event, context);
    };
    return async function klarefiDispatch(event: unknown, context: { name: string }): Promise<void> {
      // An event whose type is itself "*" (or "v1.*") runs the catch-alls once, not twice.
      if (context.name !== ANY_KLAREFI_EVENT) await run(context.name, event, context as never);
      if (onEvent) await (onEvent as Handler)(event, context as never);
      await run(ANY_KLAREFI_EVENT, event, context as never);
    };
  }
}
