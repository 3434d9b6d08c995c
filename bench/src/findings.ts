import type { Section } from './table.js';

/**
 * Why a target is missed, as found with a profile or by counting (`pnpm --filter @klarefi/bench
 * profile <scenario>`, the metafile breakdown under the weight table). Each text is shown under
 * its table only while a matching row misses (or, for `info` rows, is present), so a fixed cause
 * stops being reported.
 */
const FINDINGS: Array<{ section: string; row: RegExp; text: string }> = [
  {
    section: '1.',
    row: /constructEvent \/ floor .*MISS/,
    text:
      'constructEvent / floor: the floor skips what the SDK validates. At 1 KB an HMAC plus JSON.parse costs about 8 µs; ' +
      "the SDK's strict header parse (split, trim and regular-expression checks of t, each v1 and each key) is about " +
      '0.5 µs of it and the argument checks (raw body type, secrets, tolerance) a little more, so the ratio sits near 0.9× ' +
      'at 1 KB and at 1.0× from 16 KB up, where hashing dominates. A profile shows no other difference (same ' +
      'createHmac/update/digest calls, same JSON.parse). A faster hand-rolled header parser saved under 0.2 µs in a trial, ' +
      'within run-to-run noise, so no change is proposed: the strictness is the point.',
  },
  {
    section: '1.',
    row: /constructEventAsync( \(web entry\))? \/ stripe async .*MISS/,
    text:
      'constructEventAsync / stripe async: with Web Crypto on both sides the 3× target cannot be met. Each call of either ' +
      'library does one `crypto.subtle.sign` job on the libuv thread pool over the same bytes; stripe additionally imports ' +
      'the key and converts the Buffer to a string and back on every call, which the SDK avoids (its key is imported once ' +
      'per secret). The saved work is a fraction of the shared cost (the thread-pool round trip dominates at 1 KB, hashing ' +
      'at 256 KB), so the ratio stays between about 1.2× and 2×, and on a loaded machine the round trip grows for both. ' +
      'Fix for Node (packages/sdk/src/index.ts): export a Node `constructEventAsync` that runs the node:crypto path, e.g. ' +
      '`export async function constructEventAsync(rawBody, signatureHeader, secret, options) { return constructEvent(rawBody, ' +
      'signatureHeader, secret, options); }` (a local export shadows the `export *` from common.ts; keep the Web Crypto one ' +
      'for web.ts, and do the same for createSignatureHeaderAsync / generateTestHeaderAsync). The `proposal` row measures ' +
      'exactly that change. Where even it stays under 3× (larger bodies), the cost is JSON.parse and SHA-256 over the ' +
      'body, which every verifier pays alike, so no verifier can be 3× another there: the target only means something for ' +
      'small bodies, where fixed per-call costs dominate. For Workers and browsers (the web entry, Web Crypto only) the ' +
      'honest target is "faster than stripe at every size".',
  },
  {
    section: '4.',
    row: /^@klarefi\/sdk .*MISS/,
    text:
      '@klarefi/sdk over 6 KB: the entry is the whole SDK: the API client with every documented endpoint, one typed error ' +
      'class per API error type, retries with backoff, argument validation and secret scrubbing (src/client, about half the ' +
      'bytes), the framework-neutral start-claim and webhook handlers (src/handler) and verification on node:crypto and Web ' +
      'Crypto (src/webhooks). Without a single message string it would still be over 10 KB gzipped, so 6 KB for the full ' +
      'entry is out of reach without dropping documented API surface; the budget predates the full client. A fair budget is ' +
      '≤ 14 KB for the full entry with what an app imports kept small: `{ constructEvent } only` ≤ 3 KB and ' +
      '`{ KlarefiClient } only` ≤ 8 KB (see the next note for why those rows are large today).',
  },
  {
    section: '4.',
    row: /^@klarefi\/sdk \{ constructEvent \} only +\| +[\d.]+ KB \| +([4-9]|\d\d)\./,
    text:
      'Tree-shaking is broken: an app that imports only `constructEvent` (or only `KlarefiClient`) ships the whole SDK. ' +
      'Cause: src/index.ts and src/web.ts create the factories with a top-level call, `export const { createKlarefiCore, ' +
      'createKlarefiHandler } = bindFactories(verifyAndParse)`, which a bundler must keep because a call may have side ' +
      'effects; it reaches createCore → resolveOptions → KlarefiClient and every handler. Fix (packages/sdk/src/index.ts, ' +
      'same in web.ts with verifyAndParseAsync): declare them as functions, `export function createKlarefiCore(options) { ' +
      'return createCore(options, verifyAndParse); }` and `export function createKlarefiHandler(options) { return ' +
      'createWebHandler(createCore(options, verifyAndParse)); }`, moving the body of the inner createKlarefiHandler into ' +
      'handler/create.ts as `createWebHandler(core)`. Measured on a patched copy of the source built the same way: ' +
      '`{ constructEvent } only` 2.5 KB gzipped (from 11.9 KB), `{ constructEventAsync } only` 2.7 KB, `{ KlarefiClient } ' +
      'only` 7.1 KB; the full entry does not change.',
  },
  {
    section: '4.',
    row: /^@klarefi\/nestjs .*MISS/,
    text:
      '@klarefi/nestjs over 2 KB: a Nest integration is a module, a controller, a discovery explorer for ' +
      '`@OnKlarefiEvent()`, an exception class and a start-up check that the app was created with `rawBody: true` on both ' +
      "platforms (klarefi.raw-body.ts, the largest file: it wraps Nest's parser set-up to learn the rawBody flag and to let " +
      'a body the JSON parser refused reach the webhook route with its bytes). The function-style adapters need none of ' +
      'that (Express 0.8 KB, Hono 0.7 KB, Fastify 1.8 KB with fastify-plugin inlined). Dropping every message would save ' +
      'only the message bytes shown above, not enough. The 2 KB budget is right for function-style adapters; for NestJS a ' +
      '3 KB budget is the honest one. If 2 KB must hold, the cut is klarefi.raw-body.ts: check `rawBody` once at the first ' +
      'webhook request (a 500 with the same help text when `req.rawBody` is missing) instead of wrapping the HTTP ' +
      "adapter's parser set-up, which loses the start-up failure the design asks for.",
  },
];

/** The findings that apply to a section's rows. */
export function findings(section: Section): string[] {
  const rows = section.rows.map((row) => row.join(' | '));
  return FINDINGS.filter(
    (f) => section.title.startsWith(f.section) && rows.some((row) => f.row.test(row)),
  ).map((f) => f.text);
}
