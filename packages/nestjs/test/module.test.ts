import {
  type FakeKlarefiApi,
  sampleEnvelope,
  signedDelivery,
  startFakeKlarefiApi,
} from '@klarefi/conformance';
import { KlarefiClient, KlarefiConfigError } from '@klarefi/sdk';
import { Inject, Injectable, type INestApplication, Module, VersioningType } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  InjectKlarefi,
  KLAREFI_CLIENT,
  KLAREFI_MODULE_OPTIONS,
  KlarefiModule,
  type KlarefiModuleOptions,
  type KlarefiOptionsFactory,
} from '../src/index.js';
import { PLATFORMS, send, startApp } from './helpers.js';

const SECRET = 'whsec_module_test';
const API_KEY = 'sk_test_module_test';

/** A stand-in for @nestjs/config's ConfigService: values by name. */
@Injectable()
class AppConfig {
  readonly values: Record<string, string> = {};
  get(name: string): string {
    const value = this.values[name];
    if (value === undefined) throw new Error(`AppConfig: ${name} is not set`);
    return value;
  }
}

function configModule(values: Record<string, string>) {
  @Module({
    providers: [{ provide: AppConfig, useFactory: () => Object.assign(new AppConfig(), { values }) }],
    exports: [AppConfig],
  })
  class ConfigModule {}
  return ConfigModule;
}

@Injectable()
class KlarefiConfig implements KlarefiOptionsFactory {
  constructor(@Inject(AppConfig) private readonly config: AppConfig) {}
  createKlarefiOptions(): KlarefiModuleOptions {
    return {
      apiKey: this.config.get('KLAREFI_API_KEY'),
      baseUrl: this.config.get('KLAREFI_API_BASE_URL'),
      webhookSecret: this.config.get('KLAREFI_WEBHOOK_SECRET'),
      startClaim: { caseTypeId: 'motor_claim', path: this.config.get('START_PATH') },
      webhook: { path: this.config.get('WEBHOOK_PATH') },
    };
  }
}

@Injectable()
class UsesClient {
  constructor(@InjectKlarefi() readonly klarefi: KlarefiClient | null) {}
}

let api: FakeKlarefiApi;
let app: INestApplication | undefined;
beforeAll(async () => {
  api = await startFakeKlarefiApi();
});
afterAll(() => api.close());
afterEach(async () => {
  await app?.close();
  app = undefined;
  api.reset();
});

function config(): Record<string, string> {
  return {
    KLAREFI_API_KEY: API_KEY,
    KLAREFI_API_BASE_URL: api.url,
    KLAREFI_WEBHOOK_SECRET: SECRET,
    START_PATH: '/claims/start',
    WEBHOOK_PATH: '/hooks/klarefi',
  };
}

async function expectServesConfiguredPaths(nest: INestApplication): Promise<void> {
  const start = await send(nest, { method: 'GET', path: '/claims/start' });
  expect(start.status).toBe(303);
  expect(start.headers.location).toMatch(/^https?:\/\//);
  expect(api.requests[0]?.headers.authorization).toBe(`Bearer ${API_KEY}`);
  const delivery = signedDelivery(sampleEnvelope(), SECRET);
  const hook = await send(nest, { method: 'POST', path: '/hooks/klarefi', ...delivery });
  expect({ status: hook.status, body: JSON.parse(hook.body) }).toEqual({
    status: 200,
    body: { received: true },
  });
  expect((await send(nest, { method: 'POST', path: '/webhooks/klarefi', ...delivery })).status).toBe(404);
}

describe.each(PLATFORMS)('KlarefiModule on %s', (platform) => {
  it('forRootAsync({ imports, inject, useFactory }) builds the options from a config service', async () => {
    const ConfigModule = configModule(config());
    app = await startApp(platform, {
      imports: [
        KlarefiModule.forRootAsync({
          imports: [ConfigModule],
          inject: [AppConfig],
          useFactory: async (c: AppConfig) => new KlarefiConfig(c).createKlarefiOptions(),
        }),
      ],
    });
    await expectServesConfiguredPaths(app);
  });

  it('forRootAsync({ imports, useClass }) builds the options with a KlarefiOptionsFactory', async () => {
    app = await startApp(platform, {
      imports: [KlarefiModule.forRootAsync({ imports: [configModule(config())], useClass: KlarefiConfig })],
    });
    await expectServesConfiguredPaths(app);
  });

  it('two apps with different paths in one process keep their own routes', async () => {
    const other = await startApp(platform, {
      imports: [
        KlarefiModule.forRoot({ webhookSecret: SECRET, startClaim: false, webhook: { path: '/other' } }),
      ],
    });
    try {
      app = await startApp(platform, {
        imports: [KlarefiModule.forRoot({ webhookSecret: SECRET, startClaim: false })],
      });
      const delivery = signedDelivery(sampleEnvelope(), SECRET);
      expect((await send(app, { method: 'POST', path: '/webhooks/klarefi', ...delivery })).status).toBe(200);
      expect((await send(app, { method: 'POST', path: '/other', ...delivery })).status).toBe(404);
      expect((await send(other, { method: 'POST', path: '/other', ...delivery })).status).toBe(200);
    } finally {
      await other.close();
    }
  });
});

describe('KlarefiModule providers', () => {
  it('injects the client with @InjectKlarefi() into the importing module', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        KlarefiModule.forRoot({
          apiKey: API_KEY,
          webhookSecret: SECRET,
          startClaim: { caseTypeId: 'motor_claim' },
        }),
      ],
      providers: [UsesClient],
    }).compile();
    const { klarefi } = moduleRef.get(UsesClient);
    expect(klarefi).toBeInstanceOf(KlarefiClient);
    expect(moduleRef.get(KLAREFI_CLIENT)).toBe(klarefi);
    await moduleRef.close();
  });

  it('injects null when neither client nor apiKey is configured (startClaim: false)', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [KlarefiModule.forRoot({ webhookSecret: SECRET, startClaim: false })],
      providers: [UsesClient],
    }).compile();
    expect(moduleRef.get(UsesClient).klarefi).toBeNull();
    await moduleRef.close();
  });

  it('uses the given client as is', async () => {
    const client = new KlarefiClient({ apiKey: API_KEY });
    const moduleRef = await Test.createTestingModule({
      imports: [
        KlarefiModule.forRoot({ client, webhookSecret: SECRET, startClaim: { caseTypeId: 'motor_claim' } }),
      ],
      providers: [UsesClient],
    }).compile();
    expect(moduleRef.get(UsesClient).klarefi).toBe(client);
    await moduleRef.close();
  });

  it('isGlobal: true makes the client injectable in modules that do not import KlarefiModule', async () => {
    @Module({ providers: [UsesClient], exports: [UsesClient] })
    class FeatureModule {}
    const options = { apiKey: API_KEY, webhookSecret: SECRET, startClaim: { caseTypeId: 'motor_claim' } };
    const moduleRef = await Test.createTestingModule({
      imports: [KlarefiModule.forRoot({ ...options, isGlobal: true }), FeatureModule],
    }).compile();
    expect(moduleRef.get(UsesClient).klarefi).toBeInstanceOf(KlarefiClient);
    await moduleRef.close();

    const local = Test.createTestingModule({
      imports: [KlarefiModule.forRoot(options), FeatureModule],
    }).compile();
    await expect(local).rejects.toThrow(/KLAREFI:CLIENT/);
  });

  it('isGlobal works with forRootAsync too', async () => {
    @Module({ providers: [UsesClient], exports: [UsesClient] })
    class FeatureModule {}
    const moduleRef = await Test.createTestingModule({
      imports: [
        KlarefiModule.forRootAsync({
          isGlobal: true,
          useFactory: () => ({
            apiKey: API_KEY,
            webhookSecret: SECRET,
            startClaim: { caseTypeId: 'motor_claim' },
          }),
        }),
        FeatureModule,
      ],
    }).compile();
    expect(moduleRef.get(UsesClient).klarefi).toBeInstanceOf(KlarefiClient);
    await moduleRef.close();
  });

  it('checks the options at start-up: a missing secret throws a KlarefiConfigError that says what to set', async () => {
    const compiling = Test.createTestingModule({
      imports: [
        KlarefiModule.forRoot({
          apiKey: API_KEY,
          webhookSecret: '',
          startClaim: { caseTypeId: 'motor_claim' },
        }),
      ],
    }).compile();
    await expect(compiling).rejects.toThrow(KlarefiConfigError);
    await expect(compiling).rejects.toThrow(/webhookSecret.*missing or empty.*KLAREFI_WEBHOOK_SECRET/);
  });

  it('checks options built by forRootAsync the same way', async () => {
    const compiling = Test.createTestingModule({
      imports: [
        KlarefiModule.forRootAsync({
          useFactory: () => ({ webhookSecret: SECRET, startClaim: {} as never }),
        }),
      ],
    }).compile();
    await expect(compiling).rejects.toThrow(/startClaim.caseTypeId is required/);
  });

  it('refuses a misspelt option with the right name', async () => {
    const compiling = Test.createTestingModule({
      imports: [KlarefiModule.forRoot({ webhookSecret: SECRET, startClaim: false, webhooks: {} } as never)],
    }).compile();
    await expect(compiling).rejects.toThrow(/Unknown Klarefi option "webhooks". Did you mean "webhook"\?/);
  });
});

describe('KlarefiModule in tests and behind a global prefix', () => {
  it('takes replacement options, with a fake client, through KLAREFI_MODULE_OPTIONS', async () => {
    const created: unknown[] = [];
    const fake = {
      createSession: async (params: unknown) => {
        created.push(params);
        return { signed_url: 'https://hosted.example.test/s/1' };
      },
    } as unknown as KlarefiClient;
    const moduleRef = await Test.createTestingModule({
      imports: [
        KlarefiModule.forRoot({
          apiKey: API_KEY,
          webhookSecret: SECRET,
          startClaim: { caseTypeId: 'motor_claim' },
        }),
      ],
      providers: [UsesClient],
    })
      .overrideProvider(KLAREFI_MODULE_OPTIONS)
      .useValue({ client: fake, webhookSecret: SECRET, startClaim: { caseTypeId: 'home_claim' } })
      .compile();
    app = moduleRef.createNestApplication({ rawBody: true, logger: false });
    await app.listen(0, '127.0.0.1');
    expect(app.get(UsesClient).klarefi).toBe(fake);
    const res = await send(app, { method: 'GET', path: '/start-claim' });
    expect({ status: res.status, location: res.headers.location }).toEqual({
      status: 303,
      location: 'https://hosted.example.test/s/1',
    });
    expect(created).toEqual([{ case_type_id: 'home_claim' }]);
  });

  it.each(PLATFORMS)('keeps its paths when the app versions its routes (%s)', async (platform) => {
    app = await startApp(
      platform,
      { imports: [KlarefiModule.forRoot({ webhookSecret: SECRET, startClaim: false })] },
      { configure: (nest) => nest.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' }) },
    );
    const delivery = signedDelivery(sampleEnvelope(), SECRET);
    expect((await send(app, { method: 'POST', path: '/webhooks/klarefi', ...delivery })).status).toBe(200);
  });

  it.each(PLATFORMS)(
    'serves the routes outside the prefix when setGlobalPrefix excludes them (%s)',
    async (platform) => {
      app = await startApp(
        platform,
        { imports: [KlarefiModule.forRoot({ webhookSecret: SECRET, startClaim: false })] },
        { configure: (nest) => nest.setGlobalPrefix('api', { exclude: ['webhooks/klarefi'] }) },
      );
      const delivery = signedDelivery(sampleEnvelope(), SECRET);
      expect((await send(app, { method: 'POST', path: '/webhooks/klarefi', ...delivery })).status).toBe(200);
      const refused = await send(app, {
        method: 'POST',
        path: '/webhooks/klarefi',
        body: '{"tampered":true}',
        headers: delivery.headers,
      });
      expect(JSON.parse(refused.body).error.code).toBe('no_matching_signature');
    },
  );
});
