import { runConformance } from '@klarefi/conformance';
import { bodyReaderFirstApp, driver, H3_MAJOR, readmeApp } from './helpers.js';

runConformance(driver('the README app (the handler first)', readmeApp));
// h3 1 (Nuxt 3 and 4, Nitro 2) keeps what readBody() read for readRawBody(); h3 2 reads a body
// once, and h3.test.ts asserts the clear refusal it gets instead.
if (H3_MAJOR === 1) runConformance(driver("a middleware calling h3's readBody() first", bodyReaderFirstApp));
