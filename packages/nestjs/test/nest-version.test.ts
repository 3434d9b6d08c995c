import common from '@nestjs/common/package.json' with { type: 'json' };
import core from '@nestjs/core/package.json' with { type: 'json' };
import express from '@nestjs/platform-express/package.json' with { type: 'json' };
import fastify from '@nestjs/platform-fastify/package.json' with { type: 'json' };
import testing from '@nestjs/testing/package.json' with { type: 'json' };
import { expect, it } from 'vitest';

// vitest.nest10.config.ts sets NEST_MAJOR=10: this fails if its aliases stop reaching Nest 10.
const major = process.env.NEST_MAJOR ?? '11';

it(`runs against NestJS ${major} (common, core, both platforms, testing)`, () => {
  const versions = [common, core, express, fastify, testing].map((pkg) => pkg.version.split('.')[0]);
  expect(versions).toEqual([major, major, major, major, major]);
});
