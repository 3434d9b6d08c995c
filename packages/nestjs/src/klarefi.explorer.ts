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
  private readonly byName = new Map<string, Handler[]>();

  constructor(
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
    @Inject(MetadataScanner) private readonly scanner: MetadataScanner,
  ) {}

  onModuleInit(): void {
    this.byName.clear();
    // An instance can sit behind several tokens (useExisting aliases); its handlers run once.
    const seen = new Set<object>();
    for (const wrapper of this.discovery.getProviders()) {
      if (wrapper.isDependencyTreeStatic() && !wrapper.isTransient) {
        const { instance } = wrapper;
        if (!instance || typeof instance !== 'object' || seen.has(instance)) continue;
        seen.add(instance);
        this.register(instance as Record<string, Handler>);
      } else if (this.handlerKeys(wrapper.metatype?.prototype).length > 0) {
        throw new KlarefiConfigError(
          `@OnKlarefiEvent() is on a method of ${wrapper.name}, which is request-scoped or transient; put event handlers on a singleton provider.`,
        );
      }
    }
  }

  private handlerKeys(prototype: object | null | undefined): Array<[key: string, names: string[]]> {
    if (!prototype) return [];
    return this.scanner.getAllMethodNames(prototype).flatMap((key): Array<[string, string[]]> => {
      const method = (prototype as Record<string, unknown>)[key];
      const names: unknown =
        typeof method === 'function' ? Reflect.getMetadata(KLAREFI_EVENT_METADATA, method) : undefined;
      return Array.isArray(names) ? [[key, names]] : [];
    });
  }

  private register(instance: Record<string, Handler>): void {
    for (const [key, names] of this.handlerKeys(Object.getPrototypeOf(instance))) {
      const bound: Handler = (event, context) => instance[key]!(event, context);
      for (const name of names) this.byName.set(name, [...(this.byName.get(name) ?? []), bound]);
    }
  }

  /**
   * The `onEvent` the core runs after `on[name]`: the discovered handlers for the event, then
   * the options' `onEvent`, then the discovered catch-alls, one after another.
   */
  dispatcher(onEvent: unknown): unknown {
    // A bad onEvent goes to the core untouched, which refuses it with its own message.
    if (onEvent !== undefined && typeof onEvent !== 'function') return onEvent;
    const byName = this.byName;
    return async function klarefiDispatch(event: unknown, context: { name: string }): Promise<void> {
      for (const handler of byName.get(context.name) ?? []) await handler(event, context as never);
      if (onEvent) await (onEvent as Handler)(event, context as never);
      for (const handler of byName.get(ANY_KLAREFI_EVENT) ?? []) await handler(event, context as never);
    };
  }
}
