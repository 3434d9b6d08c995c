import { defineConfig } from 'vitest/config';

// React Router is pinned at 7.18.7 (react-router, @react-router/dev, /node, /express, /serve):
// 7.18 is the newest minor whose packages all declare engines.node >=20.0.0; every 8.x needs
// >=22.22.0 (`npm view <pkg>@<version> engines`). The peer range is ^7, one major; only 7.18 is
// tested. Vite 8 (engines ^20.19.0 || >=22.12.0) is the newest major that runs on Node 20.19.
// Remix 2 is pinned at 2.17.5 (@remix-run/express, @remix-run/node), the newest 2.x (engines
// >=18); @remix-run/express 2 wants express ^4.20, installed as `express4` (see test/express4.d.ts).

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 20_000,
  },
});
