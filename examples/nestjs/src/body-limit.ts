import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';

/**
 * Nest's Express JSON parser refuses bodies over 100 kB before the Klarefi route sees them;
 * deliveries may be up to 1 MiB (webhook.maxBodyBytes), so the limit is raised to match.
 * (On the Fastify platform the limit is Fastify's own, already 1 MiB.)
 */
export function acceptKlarefiDeliveries(app: INestApplication): void {
  const express = app as NestExpressApplication;
  if (typeof express.useBodyParser === 'function' && app.getHttpAdapter().getType() === 'express') {
    express.useBodyParser('json', { limit: '1mb' });
  }
}
