import type { StartScenario } from './common.js';

/**
 * One framework: the adapter's server, the hand-written baseline and the peer route (on
 * `standardwebhooks`) in the same framework.
 */
export interface Framework {
  name: string;
  /** Module and export names, loaded lazily so a child process imports only its framework. */
  adapter: () => Promise<StartScenario>;
  baseline: () => Promise<StartScenario>;
  peer: () => Promise<StartScenario>;
  /** Runs once in the parent before any server of the framework starts (a build step). */
  prepare?: () => Promise<void>;
}

/** Every framework the bench drives, in table order. */
export const FRAMEWORKS: Framework[] = [
  {
    name: 'express',
    adapter: async () => (await import('./express.js')).expressAdapter,
    baseline: async () => (await import('./express.js')).expressBaseline,
    peer: async () => (await import('./express.js')).expressPeer,
  },
  {
    name: 'fastify',
    adapter: async () => (await import('./fastify.js')).fastifyAdapter,
    baseline: async () => (await import('./fastify.js')).fastifyBaseline,
    peer: async () => (await import('./fastify.js')).fastifyPeer,
  },
  {
    name: 'hono',
    adapter: async () => (await import('./hono.js')).honoAdapter,
    baseline: async () => (await import('./hono.js')).honoBaseline,
    peer: async () => (await import('./hono.js')).honoPeer,
  },
  {
    name: 'koa',
    adapter: async () => (await import('./koa.js')).koaAdapter,
    baseline: async () => (await import('./koa.js')).koaBaseline,
    peer: async () => (await import('./koa.js')).koaPeer,
  },
  {
    name: 'h3',
    adapter: async () => (await import('./h3.js')).h3Adapter,
    baseline: async () => (await import('./h3.js')).h3Baseline,
    peer: async () => (await import('./h3.js')).h3Peer,
  },
  {
    name: 'elysia',
    adapter: async () => (await import('./elysia.js')).elysiaAdapter,
    baseline: async () => (await import('./elysia.js')).elysiaBaseline,
    peer: async () => (await import('./elysia.js')).elysiaPeer,
  },
  {
    name: 'nestjs-express',
    adapter: async () => (await import('./nestjs.js')).nestExpressAdapter,
    baseline: async () => (await import('./nestjs.js')).nestExpressBaseline,
    peer: async () => (await import('./nestjs.js')).nestExpressPeer,
  },
  {
    name: 'nestjs-fastify',
    adapter: async () => (await import('./nestjs.js')).nestFastifyAdapter,
    baseline: async () => (await import('./nestjs.js')).nestFastifyBaseline,
    peer: async () => (await import('./nestjs.js')).nestFastifyPeer,
  },
  {
    name: 'nextjs',
    adapter: async () => (await import('./nextjs.js')).nextAdapter,
    baseline: async () => (await import('./nextjs.js')).nextBaseline,
    peer: async () => (await import('./nextjs.js')).nextPeer,
    prepare: async () => (await import('./nextjs.js')).buildNextApp(),
  },
  {
    name: 'astro',
    adapter: async () => (await import('./astro.js')).astroAdapter,
    baseline: async () => (await import('./astro.js')).astroBaseline,
    peer: async () => (await import('./astro.js')).astroPeer,
    prepare: async () => (await import('./astro.js')).buildAstroApp(),
  },
  {
    name: 'react-router',
    adapter: async () => (await import('./react-router.js')).reactRouterAdapter,
    baseline: async () => (await import('./react-router.js')).reactRouterBaseline,
    peer: async () => (await import('./react-router.js')).reactRouterPeer,
    prepare: async () => (await import('./react-router.js')).buildReactRouterApp(),
  },
];

/** What a scenario serves: the adapter, the hand-written route or the peer route. */
export const KINDS = ['adapter', 'baseline', 'peer'] as const;
export type Kind = (typeof KINDS)[number];

/** A scenario id: `<framework>:<kind>`. */
export type ScenarioId = `${string}:${Kind}`;

/** The start function of a scenario id; throws with the known ids for an unknown one. */
export async function scenario(id: string): Promise<StartScenario> {
  const [name, kind] = id.split(':');
  const framework = FRAMEWORKS.find((f) => f.name === name);
  if (!framework || !(KINDS as readonly string[]).includes(kind as string)) {
    throw new Error(
      `Unknown scenario "${id}"; use <${FRAMEWORKS.map((f) => f.name).join('|')}>:<${KINDS.join('|')}>.`,
    );
  }
  return framework[kind as Kind]();
}
