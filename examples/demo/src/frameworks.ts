/** The example apps the demo can run, each in `examples/<name>` as the package `@klarefi/example-<name>`. */
export const FRAMEWORKS = [
  'express',
  'fastify',
  'hono',
  'nestjs',
  'nextjs',
  'sveltekit',
  'react-router',
  'astro',
  'koa',
  'h3',
  'elysia',
  'aws-lambda',
  'azure-functions',
  'google-cloud-functions',
] as const;

/** One of {@link FRAMEWORKS}. */
export type Framework = (typeof FRAMEWORKS)[number];

/** What the demo builds before it starts `framework`: turbo filters, and whether declaration files are needed. */
export function buildPlan(framework: Framework): { filters: string[]; declarations: boolean } {
  return {
    filters: ['@klarefi/emulator...', `@klarefi/example-${framework}...`],
    // `next build` type-checks the app against the packages' declaration files; tsx runs JavaScript.
    declarations: framework === 'nextjs',
  };
}
