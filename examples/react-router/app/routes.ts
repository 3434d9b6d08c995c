import { index, type RouteConfig, route } from '@react-router/dev/routes';

export default [
  index('routes/home.ts'),
  route('start-claim', 'routes/start-claim.ts'),
  route('webhooks/klarefi', 'routes/webhooks.klarefi.ts'),
  route('claims', 'routes/claims.ts'),
  route('claims/result', 'routes/claims.result.ts'),
] satisfies RouteConfig;
