import { setupServers } from './global-setup.js';

/** Vitest `globalSetup`: one PostgreSQL for the whole run. */
export default function setup(): Promise<() => Promise<void>> {
  return setupServers(['postgres']);
}
