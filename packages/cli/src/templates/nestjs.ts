import { ENV_CHECK, header, REDIS_DEDUPE, redisImports, type Template } from './types.js';

const run = 'npx tsx {file}';
const webhookUrl = 'http://127.0.0.1:3000/webhooks/klarefi';

/** NestJS: `KlarefiModule.forRoot()` and an `@OnKlarefiEvent()` handler, app created with `rawBody: true`. */
export const nestjs: Template = {
  framework: 'nestjs',
  defaultOut: 'klarefi-app.ts',
  packages: [
    '@nestjs/common',
    '@nestjs/core',
    '@nestjs/platform-express',
    'reflect-metadata',
    'rxjs',
    '@klarefi/nestjs',
  ],
  devPackages: ['tsx'],
  run,
  webhookUrl,
  startClaimUrl: 'http://127.0.0.1:3000/start-claim',
  note: 'Nest decorators need "experimentalDecorators": true and "emitDecoratorMetadata": true in tsconfig.json. In an existing app, move ClaimEvents and the KlarefiModule import into your own modules and keep rawBody: true.',
  source: (setup) => `${header('NestJS', setup, run, webhookUrl)}
import 'reflect-metadata';
import { Injectable, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type KlarefiEventFor, KlarefiModule, OnKlarefiEvent } from '@klarefi/nestjs';
${redisImports(setup)}

${ENV_CHECK}

@Injectable()
export class ClaimEvents {
  private readonly logger = new Logger(ClaimEvents.name);

  // Runs after POST /webhooks/klarefi has checked the signature.
  @OnKlarefiEvent('case.completed')
  async handle(event: KlarefiEventFor<'case.completed'>): Promise<void> {
    this.logger.log(\`Case completed: \${event.case_id}\`);
    this.logger.log(JSON.stringify(event.data.features ?? {}, null, 2));
  }
}

@Module({
  imports: [
    KlarefiModule.forRoot({
      apiKey,
      // Unset means Klarefi's service; \`klarefi dev\` prints the emulator's URL.
      baseUrl: process.env.KLAREFI_API_BASE_URL,
      webhookSecret,
      // GET /start-claim creates an intake session and redirects the claimant to the hosted form.
      startClaim: { caseTypeId: 'motor_claim' },
      // webhook: { ${REDIS_DEDUPE} }, // redis
    }),
  ],
  providers: [ClaimEvents],
})
export class AppModule {}

async function bootstrap(): Promise<void> {
  // rawBody: true keeps the exact bytes the webhook signature covers.
  const app = await NestFactory.create(AppModule, { rawBody: true });
  const port = Number(process.env.PORT ?? 3000);
  await app.listen(port, '127.0.0.1');
  console.log(\`Listening on http://127.0.0.1:\${port}; start a claim at /start-claim\`);
}

void bootstrap();
`,
};
