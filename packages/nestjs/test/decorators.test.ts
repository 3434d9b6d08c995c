import { sampleEnvelope, signedDelivery } from '@klarefi/conformance';
import { KlarefiConfigError } from '@klarefi/sdk';
import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  type INestApplication,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import { afterEach, describe, expect, it } from 'vitest';
import { KlarefiModule, type KlarefiModuleOptions } from '../src/index.js';
import { PLATFORMS, send, startApp } from './helpers.js';

const SECRET = 'whsec_decorators_test';
const IS_PUBLIC = 'test:isPublic';
/** The `Public()` decorator of Nest's authentication recipe. */
const Public = () => SetMetadata(IS_PUBLIC, true);

/** A global guard that denies every route not marked `Public()`. */
@Injectable()
class DenyAllGuard implements CanActivate {
  constructor(@Inject(Reflector) private readonly reflector: Reflector) {}
  canActivate(context: ExecutionContext): boolean {
    return this.reflector.getAllAndOverride(IS_PUBLIC, [context.getHandler(), context.getClass()]) === true;
  }
}

/** A route guard, given as a class, that wants an `x-proxy-token` header. */
@Injectable()
class ProxyTokenGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    return context.switchToHttp().getRequest().headers['x-proxy-token'] === 'let-me-in';
  }
}

const options: KlarefiModuleOptions = { webhookSecret: SECRET, startClaim: false };
const globalGuard = { provide: APP_GUARD, useClass: DenyAllGuard };

let app: INestApplication | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const deliver = (nest: INestApplication, headers: Record<string, string> = {}) => {
  const delivery = signedDelivery(sampleEnvelope(), SECRET);
  return send(nest, {
    method: 'POST',
    path: '/webhooks/klarefi',
    body: delivery.body,
    headers: { ...delivery.headers, ...headers },
  });
};

describe.each(PLATFORMS)('the decorators option on %s', (platform) => {
  it('lets a delivery past a deny-all global guard when the routes are marked Public()', async () => {
    app = await startApp(platform, {
      imports: [KlarefiModule.forRoot({ ...options, decorators: [Public()] })],
      providers: [globalGuard],
    });
    const res = await deliver(app);
    expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: '{"received":true}' });
  });

  it('leaves the routes to the global guard without it: the delivery is denied', async () => {
    app = await startApp(platform, { imports: [KlarefiModule.forRoot(options)], providers: [globalGuard] });
    expect((await deliver(app)).status).toBe(403);
  });

  it('takes decorators beside useFactory in forRootAsync', async () => {
    app = await startApp(platform, {
      imports: [KlarefiModule.forRootAsync({ decorators: [Public()], useFactory: async () => options })],
      providers: [globalGuard],
    });
    expect((await deliver(app)).status).toBe(200);
  });

  it('runs a guard class given with UseGuards() on the routes', async () => {
    app = await startApp(platform, {
      imports: [KlarefiModule.forRoot({ ...options, decorators: [UseGuards(ProxyTokenGuard)] })],
    });
    expect((await deliver(app)).status).toBe(403);
    expect((await deliver(app, { 'x-proxy-token': 'let-me-in' })).status).toBe(200);
  });
});

describe('the decorators option', () => {
  it('refuses something that is not a list of decorators, saying what it takes', () => {
    expect(() => KlarefiModule.forRoot({ ...options, decorators: Public() as never })).toThrow(
      KlarefiConfigError,
    );
    expect(() => KlarefiModule.forRoot({ ...options, decorators: ['public'] as never })).toThrow(
      /decorators must be an array of method decorators/,
    );
  });
});
