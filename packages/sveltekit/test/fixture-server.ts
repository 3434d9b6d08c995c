import { fileURLToPath } from 'node:url';
import type { Fixture } from './fixture/src/fixture.js';

/** Where global-setup.ts builds the fixture app (adapter-node's output). */
export const BUILD_DIR = fileURLToPath(
  new URL('../node_modules/.cache/klarefi-fixture/build', import.meta.url),
);

/** Installs what the fixture app answers with (see test/fixture/src/fixture.ts). */
export function install(fixture: Partial<Fixture>): void {
  (globalThis as { __klarefiSvelteKitFixture?: Fixture }).__klarefiSvelteKitFixture = {
    handle: fixture.handle ?? (({ event, resolve }) => resolve(event)),
    routes: fixture.routes ?? new Map(),
  };
}
