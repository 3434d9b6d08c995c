import 'reflect-metadata';
import type { ExampleConfig } from '@klarefi/example-kit';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { acceptKlarefiDeliveries } from './body-limit.js';
import { EXAMPLE_CONFIG } from './config.js';

// rawBody: true keeps the exact bytes the signature covers; without it deliveries answer 500 raw_body_unavailable.
const app = await NestFactory.create(AppModule, { rawBody: true });
acceptKlarefiDeliveries(app);
app.enableShutdownHooks();

const config = app.get<ExampleConfig>(EXAMPLE_CONFIG);
await app.listen(config.port, config.host);
console.log(`Klarefi NestJS example on ${(await app.getUrl()).replace('[::1]', 'localhost')}`);
console.log(`Using the Klarefi API at ${config.baseUrl}`);
