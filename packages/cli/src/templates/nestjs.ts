import {
  claimComment,
  ENV_CHECK,
  FROM_ENV,
  header,
  REDIS_DEDUPE,
  redisImports,
  type Template,
} from './types.js';

const run = 'npx tsx {file}';
const webhookUrl = 'http://127.0.0.1:3000/webhooks/klarefi';

/** NestJS: `KlarefiModule.forRoot()` and an `@OnKlarefiEvent()` handler; the root README's NestJS block. */
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
    '@klarefi/sdk',
  ],
  devPackages: ['tsx'],
  run,
  webhookUrl,
  startClaimUrl: 'http://127.0.0.1:3000/start-claim',
  note: 'Nest decorators need "experimentalDecorators": true and "emitDecoratorMetadata": true in tsconfig.json. In an existing app, move ClaimsService and the KlarefiModule import into your own modules and keep rawBody: true and the raised JSON limit.',
  source: (setup) => `${header('NestJS', setup, run, webhookUrl)}
import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { type EventFor, type KlarefiEventContext, KlarefiModule, OnKlarefiEvent } from '@klarefi/nestjs';
${redisImports(setup)}

${ENV_CHECK}

@Injectable()
class ClaimsService {
  // Runs after POST /webhooks/klarefi has checked the signature.
  @OnKlarefiEvent('case.completed')
  async completed(event: EventFor<'case.completed'>, { claim }: KlarefiEventContext) {
    console.log('claim completed', event.case_id);
    ${claimComment(setup)}
    const c = await claim();
    console.log(c.caseTypeId, c.values);
  }
}

@Module({
  imports: [
    KlarefiModule.forRoot({
      ${FROM_ENV}
      // GET /start-claim creates an intake session and redirects the claimant to the hosted form.
      startClaim: { caseTypeId: 'motor_claim', locale: 'nl' },
      // webhook: { ${REDIS_DEDUPE} }, // redis
    }),
  ],
  providers: [ClaimsService],
})
class AppModule {}

async function bootstrap() {
  // rawBody: true keeps the exact bytes the webhook signature covers.
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { rawBody: true });
  // Nest's JSON parser stops at 100 kB; deliveries may be up to 1 MiB.
  app.useBodyParser('json', { limit: '1mb' });
  await app.listen(3000, '127.0.0.1');
  console.log('Listening on http://127.0.0.1:3000; start a claim at /start-claim');
}
void bootstrap();
`,
};
