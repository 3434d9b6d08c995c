import type { KlarefiOptions } from '@klarefi/sdk';

/**
 * The request your `startClaim.session()` hook and event handlers receive: Express's `Request`
 * on `@nestjs/platform-express`, Fastify's `FastifyRequest` on `@nestjs/platform-fastify`.
 * Annotate the parameter with your platform's type.
 */
export type KlarefiRequest = any;

/**
 * The options of `KlarefiModule.forRoot()`: the options every Klarefi adapter shares.
 * - a client: `client`, or `apiKey` (+ `baseUrl`);
 * - `webhookSecret` (required);
 * - `startClaim: { caseTypeId, path = "/start-claim", ttlHours, locale, redirectStatus = 303, session(req) }` or `false`;
 * - `webhook: { path = "/webhooks/klarefi", toleranceSeconds = 300, dedupe, dedupeTtlSeconds = 86400, maxBodyBytes = 1048576 }`;
 * - `on` (handlers keyed by event name) and `onEvent` (a catch-all); they run beside the
 *   `@OnKlarefiEvent()` methods of your providers.
 *
 * Paths are relative to the app's global prefix, like your controllers' paths.
 */
export type KlarefiModuleOptions = KlarefiOptions<KlarefiRequest>;

/** The module options that are not Klarefi options. */
export interface KlarefiModuleExtras {
  /**
   * Registers the module globally, so every module can inject the client without importing it.
   * @default false
   */
  isGlobal?: boolean;
  /**
   * Decorators applied to the module's two routes (start-claim and webhook), e.g. to let them past
   * a global guard: `decorators: [Public()]` (your `SetMetadata()` decorator), `SkipThrottle()`.
   * Klarefi authenticates the webhook with its signature; the start-claim route runs your
   * `startClaim.session()` hook. Any method decorator works (`SetMetadata()`, `UseGuards()`,
   * `UseInterceptors()`, ...); in `forRootAsync` it sits beside `useFactory`.
   * @default []
   */
  decorators?: readonly MethodDecorator[];
}

/**
 * A class that builds the options, for `KlarefiModule.forRootAsync({ useClass })`.
 * @example
 * @Injectable()
 * class KlarefiConfig implements KlarefiOptionsFactory {
 *   constructor(@Inject(ConfigService) private readonly config: ConfigService) {}
 *   createKlarefiOptions(): KlarefiModuleOptions {
 *     return { apiKey: this.config.get('KLAREFI_API_KEY'), webhookSecret: ..., startClaim: { caseTypeId: 'motor_claim' } };
 *   }
 * }
 */
export interface KlarefiOptionsFactory {
  createKlarefiOptions(): KlarefiModuleOptions | Promise<KlarefiModuleOptions>;
}
