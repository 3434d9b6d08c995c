// Run with `bun test`: the shared conformance suite runs on Bun through Elysia's own app.handle,
// on Elysia's Bun adapter (its default there).
import { runConformance } from '@klarefi/conformance';
import { elysiaDriver } from '../test/driver.js';

runConformance(elysiaDriver('root'));
runConformance(elysiaDriver('prefix'));
