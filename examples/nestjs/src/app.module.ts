import type { IncomingHttpHeaders } from 'node:http';
import { type ExampleConfig, returnUrl } from '@klarefi/example-kit';
import { KlarefiModule } from '@klarefi/nestjs';
import { RedisDedupeStore } from '@klarefi/redis';
import { Module } from '@nestjs/common';
import { Redis } from 'ioredis';
import { ClaimsController } from './claims.controller.js';
import { ClaimsService } from './claims.service.js';
import { ConfigModule, EXAMPLE_CONFIG } from './config.js';

@Module({
  imports: [
    ConfigModule,
    // Serves GET /start-claim and POST /webhooks/klarefi, and runs @OnKlarefiEvent() methods.
    KlarefiModule.forRootAsync({
      inject: [EXAMPLE_CONFIG],
      useFactory: (config: ExampleConfig) => ({
        apiKey: config.apiKey,
        baseUrl: config.baseUrl,
        webhookSecret: config.webhookSecret,
        startClaim: {
          caseTypeId: config.caseTypeId,
          locale: config.locale,
          // Express's Request and Fastify's FastifyRequest both carry the headers.
          session: (req: { headers: IncomingHttpHeaders }) => ({
            return_url: returnUrl(config, req.headers.host),
          }),
        },
        // Several instances? One shared dedupe store runs each delivery once across them.
        webhook: {
          dedupe: config.redisUrl ? new RedisDedupeStore({ client: new Redis(config.redisUrl) }) : undefined,
        },
      }),
    }),
  ],
  controllers: [ClaimsController],
  providers: [ClaimsService],
})
export class AppModule {}
