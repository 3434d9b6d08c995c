import { type RouteConfig, route } from '@react-router/dev/routes';

export default [
  route('webhooks/klarefi', 'routes/bench.ts', { id: 'webhook' }),
  route('start-claim', 'routes/bench.ts', { id: 'start-claim' }),
] satisfies RouteConfig;
