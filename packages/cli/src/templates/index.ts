import { astro } from './astro.js';
import { express } from './express.js';
import { fastify } from './fastify.js';
import { hono } from './hono.js';
import { nestjs } from './nestjs.js';
import { nextjs } from './nextjs.js';
import { reactRouter } from './react-router.js';
import { sveltekit } from './sveltekit.js';
import type { Template } from './types.js';

export type { Template } from './types.js';

/** The starter receivers, keyed by `--framework`. */
export const TEMPLATES: Readonly<Record<string, Template>> = {
  express,
  fastify,
  hono,
  nestjs,
  nextjs,
  astro,
  'react-router': reactRouter,
  sveltekit,
};
