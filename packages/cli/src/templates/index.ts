import { astro } from './astro.js';
import { awsLambda } from './aws-lambda.js';
import { azureFunctions } from './azure-functions.js';
import { elysia } from './elysia.js';
import { express } from './express.js';
import { fastify } from './fastify.js';
import { googleCloudFunctions } from './google-cloud-functions.js';
import { h3 } from './h3.js';
import { hono } from './hono.js';
import { koa } from './koa.js';
import { nestjs } from './nestjs.js';
import { nextjs } from './nextjs.js';
import { reactRouter } from './react-router.js';
import { sveltekit } from './sveltekit.js';
import type { Template } from './types.js';

export type { Template } from './types.js';

/** The starter receivers, keyed by `--framework`: the servers first, then the function platforms. */
export const TEMPLATES: Readonly<Record<string, Template>> = {
  express,
  fastify,
  hono,
  nestjs,
  nextjs,
  astro,
  'react-router': reactRouter,
  sveltekit,
  koa,
  h3,
  elysia,
  'aws-lambda': awsLambda,
  'azure-functions': azureFunctions,
  'google-cloud-functions': googleCloudFunctions,
};
