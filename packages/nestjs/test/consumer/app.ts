// A consumer app as `nest new` writes it: compiled by tsc with emitDecoratorMetadata, constructor
// injection by type, the package imported by name from its published entry points.
import 'reflect-metadata';
import { generateTestHeader, KlarefiClient } from '@klarefi/sdk';
import { InjectKlarefi, type KlarefiEventFor, KlarefiModule, OnKlarefiEvent } from '@klarefi/nestjs';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';

const SECRET = 'whsec_consumer';
const seen: string[] = [];

@Injectable()
class Recorder {
  record(entry: string): void {
    seen.push(entry);
  }
}

@Injectable()
class ClaimsService {
  constructor(
    private readonly recorder: Recorder,
    @InjectKlarefi() readonly klarefi: KlarefiClient,
  ) {}

  @OnKlarefiEvent('case.completed')
  completed(event: KlarefiEventFor<'case.completed'>): void {
    this.recorder.record(`completed:${(event as { delivery_id?: string }).delivery_id}`);
  }
}

@Module({
  imports: [KlarefiModule.forRoot({ apiKey: 'sk_test_consumer', webhookSecret: SECRET, startClaim: false })],
  providers: [Recorder, ClaimsService],
})
class AppModule {}

async function main(): Promise<void> {
  const adapter = process.argv[2] === 'fastify' ? new FastifyAdapter() : new ExpressAdapter();
  const app = await NestFactory.create(AppModule, adapter, { rawBody: true, logger: false });
  await app.listen(0, '127.0.0.1');
  const body = JSON.stringify({
    event_type: 'v1.case.completed',
    delivery_id: 'whd_consumer',
    case_id: 'case_1',
    data: {},
  });
  const res = await fetch(`${await app.getUrl()}/webhooks/klarefi`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-klarefi-signature': generateTestHeader({ payload: body, secret: SECRET }),
    },
    body,
  });
  const client = app.get(ClaimsService).klarefi instanceof KlarefiClient;
  console.log(JSON.stringify({ status: res.status, body: await res.text(), seen, client }));
  await app.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
