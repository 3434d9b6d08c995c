import type { StartScenario } from './common.js';

/** One framework: the adapter's server and the hand-written baseline in the same framework. */
export interface Framework {
  name: string;
  /** Module and export names, loaded lazily so a child process imports only its framework. */
  adapter: () => Promise<StartScenario>;
  baseline: () => Promise<StartScenario>;
  /** Runs once in the parent before any server of the framework starts (a build step). */
  prepare?: () => Promise<void>;
}

/** Every framework the bench drives, in table order. */
export const FRAMEWORKS: Framework[] = [
  {
    name: 'express',
    adapter: async () => (await import('./express.js')).expressAdapter,
    baseline: async () => (await import('./express.js')).expressBaseline,
  },
  {
    name: 'fastify',
    adapter: async () => (await import('./fastify.js')).fastifyAdapter,
    baseline: async () => (await import('./fastify.js')).fastifyBaseline,
  },
  {
    name: 'hono',
    adapter: async () => (await import('./hono.js')).honoAdapter,
    baseline: async () => (await import('./hono.js')).honoBaseline,
  },
  {
    name: 'koa',
    adapter: async () => (await import('./koa.js')).koaAdapter,
    baseline: async () => (await import('./koa.js')).koaBaseline,
  },
  {
    name: 'h3',
    adapter: async () => (await import('./h3.js')).h3Adapter,
    baseline: async () => (await import('./h3.js')).h3Baseline,
  },
  {
    name: 'elysia',
    adapter: async () => (await import('./elysia.js')).elysiaAdapter,
    baseline: async () => (await import('./elysia.js')).elysiaBaseline,
  },
  {
    name: 'nestjs-express',
    adapter: async () => (await import('./nestjs.js')).nestExpressAdapter,
    baseline: async () => (await import('./nestjs.js')).nestExpressBaseline,
  },
  {
    name: 'nestjs-fastify',
    adapter: async () => (await import('./nestjs.js')).nestFastifyAdapter,
    baseline: async () => (await import('./nestjs.js')).nestFastifyBaseline,
  },
  {
    name: 'nextjs',
    adapter: async () => (await import('./nextjs.js')).nextAdapter,
    baseline: async () => (await import('./nextjs.js')).nextBaseline,
    prepare: async () => (await import('./nextjs.js')).buildNextApp(),
  },
];

/** A scenario id: `<framework>:adapter` or `<framework>:baseline`. */
export type ScenarioId = `${string}:${'adapter' | 'baseline'}`;

/** The start function of a scenario id; throws with the known ids for an unknown one. */
export async function scenario(id: string): Promise<StartScenario> {
  const [name, kind] = id.split(':');
  const framework = FRAMEWORKS.find((f) => f.name === name);
  if (!framework || (kind !== 'adapter' && kind !== 'baseline')) {
    throw new Error(
      `Unknown scenario "${id}"; use <${FRAMEWORKS.map((f) => f.name).join('|')}>:<adapter|baseline>.`,
    );
  }
  return framework[kind]();
}
