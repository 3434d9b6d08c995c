import { runConformance } from '@klarefi/conformance';
import klarefi from '../src/index.js';
import { asConformanceApp, installGlobalParsers, MAJORS } from './support.js';

for (const [major, Fastify] of MAJORS) {
  runConformance({
    name: major,
    sessionHookErrorStatus: 500,
    async setup(options) {
      const app = Fastify();
      await app.register(klarefi, options);
      await app.ready();
      return asConformanceApp(app);
    },
  });

  runConformance({
    name: `${major}, app-wide JSON, form and catch-all parsers installed first`,
    sessionHookErrorStatus: 500,
    async setup(options) {
      const app = Fastify();
      installGlobalParsers(app);
      await app.register(klarefi, options);
      await app.ready();
      return asConformanceApp(app);
    },
  });
}
