import type { Section } from './table.js';

/**
 * Why a target is missed, as found with a profile or by counting (`pnpm --filter @klarefi/bench
 * profile <scenario>`, the metafile breakdown under the weight table). Each text is shown under
 * its table only while a matching row misses (or, for `info` rows, is present) and no row matches
 * `unless`, so a fixed cause stops being reported.
 */
const FINDINGS: Array<{ section: string; row: RegExp; unless?: RegExp; text: string }> = [
  {
    section: '1.',
    row: /constructEvent \/ floor .*MISS/,
    text:
      'constructEvent / floor at 1 KB: the floor skips what the SDK validates. An HMAC plus JSON.parse of 1 KB costs ' +
      "about 8 µs; on distinct header strings (as a server sees them) the SDK's strict header parse (split, trim, a " +
      "regular-expression check of every key, of t and of each v1) takes about 0.75 µs against 0.17 µs for the floor's " +
      'split, and the argument checks (raw body type, secrets, tolerance) a little more: together the 5–10 % seen at 1 KB. ' +
      'From 16 KB hashing dominates and the ratio is 1.0×. A profile shows no other difference (the same createHmac, ' +
      'update, digest and JSON.parse calls). Optional fix (packages/sdk/src/webhooks/header.ts): parse in one pass with ' +
      'indexOf instead of split + trim, and run the SCHEME check only for keys other than t and v1; a rough trial of such ' +
      'a parse took 0.45–0.55 µs, about 3 % at 1 KB. The strictness itself (every refusal it makes) should stay.',
  },
  {
    section: '1.',
    // Before the Node entry had its own constructEventAsync, its row was the Web Crypto one.
    row: /constructEventAsync (\(web entry\) )?\/ stripe async .*MISS/,
    unless: /\(web entry\)/,
    text:
      'constructEventAsync / stripe async: with Web Crypto on both sides the 3× target cannot be met. Each call of either ' +
      'library does one `crypto.subtle.sign` job on the libuv thread pool over the same bytes; stripe additionally imports ' +
      'the key and converts the Buffer to a string and back on every call, which the SDK avoids (its key is imported once ' +
      'per secret). The saved work is a fraction of the shared cost (the thread-pool round trip dominates at 1 KB, ' +
      'JSON.parse and hashing from 16 KB), so the ratio stays between about 1.2× and 2×. Fix for Node ' +
      '(packages/sdk/src/entries/index.ts): export a Node `constructEventAsync` that runs the node:crypto path and returns a ' +
      'promise (a local export shadows the `export *` from common.ts), keeping Web Crypto in web.ts. The `proposal` row ' +
      'measures exactly that change.',
  },
  {
    section: '1.',
    row: /constructEventAsync \(web entry\) \/ stripe async .*MISS/,
    text:
      'constructEventAsync (web entry) / stripe async: the Web Crypto path, what Workers and browsers get, cannot be 3× ' +
      "stripe's Web Crypto path. Each call of either library does one `crypto.subtle.sign` job on the libuv thread pool " +
      'over the same bytes; stripe additionally imports the key and converts the Buffer to a string and back on every ' +
      'call, which the SDK avoids (its key is imported once per secret). The saved work is a fraction of the shared cost ' +
      '(the thread-pool round trip dominates at 1 KB, JSON.parse and hashing from 16 KB), so the ratio stays between ' +
      'about 1.2× and 2×. The honest target for this path is "faster than stripe at every size", which it is.',
  },
  {
    section: '1.',
    row: /(KB \| constructEventAsync \/ stripe async|proposal: .*) .*\| (MISS|info)/,
    text:
      "constructEventAsync on node:crypto (the Node entry, or the `proposal` row): far over 3× at 1 KB, where stripe's " +
      'per-call key import and thread-pool round trip dominate its cost, but not at 16 KB and up. There JSON.parse and ' +
      'SHA-256 over the body, which every verifier pays alike, are most of both costs (the sync rows show the SDK at the ' +
      'floor there), so no verifier can be 3× another: the target only means something for small bodies, where fixed ' +
      'per-call costs dominate. Klarefi events are 1–20 KB; read the target as "≥ 3× at 1 KB, faster at every size".',
  },
  {
    section: '2.',
    row: /^(express|fastify|hono|nestjs-express|nestjs-fastify) .*≥ 0\.90× \| MISS/,
    text:
      'Adapter cost, from interleaved profiles (`pnpm --filter @klarefi/bench profile express:adapter 3 2`; on 2026-12-07 ' +
      'at load average 15–25, so every µs was inflated about 5×: read the shares). Verification is at the floor ' +
      '(verifyAndParse 128 µs against floorVerify 117 µs, JSON.parse included); the rest is plumbing, in three places. ' +
      "(1) The body read: the SDK's readStreamBody pulls a Node request through `stream[Symbol.asyncIterator]()`, which " +
      'builds an async iterator and attaches its listeners per request (createAsyncIterator and _addListener about 40 µs ' +
      'self, readStreamBody about 98 µs inclusive), where express.raw() (raw-body) listens for `data` and `end`. Fix in ' +
      "packages/sdk/src/handler/body.ts: read a stream that has `on` with `on('data')`, `once('end')` and `once('error')`, " +
      'keeping the limit check per chunk, and keep the iterator for other async iterables. (2) Express routing: the ' +
      "`router.use` layer that sets `req.klarefi` for every request and the nested Router's `router.all` matches double " +
      'the router work (handle + next about 105 µs against 56 µs). (3) About 50 µs more garbage collection per request: ' +
      "the per-request closures (`header`, `readBody`), the answer object and the iterator's promises. " +
      'Every adapter pays (1) and (3) where it reads a Node stream.',
  },
  {
    section: '2.',
    row: /^nestjs-(express|fastify) .*≥ 0\.90× \| MISS/,
    text:
      'NestJS adapters (`pnpm --filter @klarefi/bench profile nestjs-express:adapter 3 2`): verification is at the floor. ' +
      "Nest's body-parser still parses the JSON for the webhook route (rawBody: true keeps the bytes too) and the core " +
      'parses the verified bytes again (parseEvent about 31 µs), and the default outcome log formats a line for every ' +
      'delivery (logWithNest about 35 µs inclusive, describeOutcome) that Nest then drops when the app runs with ' +
      '`logger: false` or without the `log` level. Fix in packages/nestjs/src/klarefi.outcomes.ts: return before ' +
      '`describeOutcome` unless `Logger.isLevelEnabled(level)` (public since Nest 8). The double parse stays unless the ' +
      "module registers a raw parser for its own route, which needs Nest's parser internals.",
  },
  {
    section: '4.',
    row: /^@klarefi\/sdk .*MISS/,
    text:
      '@klarefi/sdk over 12 KB: the root entry is what an integrator uses (adapter plumbing moved to @klarefi/sdk/adapter), ' +
      'but `createKlarefiHandler` is part of it and pulls in the whole framework-neutral core (src/handler: option checks, ' +
      'verification, deduplication, outcome reporting), next to the API client with every documented endpoint (src/client, ' +
      'about 45 % of the bytes). The bytes an app ships are the `{ name } only` rows: `{ constructEvent }` ≤ 3 KB and ' +
      "`{ KlarefiClient }` ≤ 7 KB hold. To bring the full entry under 12 KB, the candidates are the core's option checks " +
      '(src/handler/resolve.ts, the largest file) and the message strings shown above.',
  },
  {
    section: '4.',
    row: /^@klarefi\/sdk \{ constructEvent \} only +\| +[\d.]+ KB \| +([4-9]|\d\d)\./,
    text:
      'Tree-shaking is broken: an app that imports only `constructEvent` (or only `KlarefiClient`) ships the whole SDK. ' +
      'Look for a top-level call or side effect in src/index.ts, src/web.ts or src/common.ts: a bundler must keep any call ' +
      'whose result is exported unless it is marked `/* @__PURE__ */` (this once happened with ' +
      '`export const { createKlarefiCore } = bindFactories(...)`; each factory is now its own `@__PURE__` call). With that ' +
      'fixed, `{ constructEvent } only` is about 2.6 KB gzipped and ' +
      '`{ KlarefiClient } only` about 7 KB.',
  },
  {
    section: '4.',
    row: /^@klarefi\/nestjs .*MISS/,
    text:
      '@klarefi/nestjs over 2 KB: a Nest integration is a module (ConfigurableModuleBuilder), a controller whose routes ' +
      'take their paths and `decorators` from the options, a discovery explorer for `@OnKlarefiEvent()` and an exception ' +
      'class; it was 1.99 KB once the raw-body start-up check went (it now reads `req.rawBody` and lets the core answer ' +
      '500 raw_body_unavailable). Look at what grew in the largest files above; the Nest decorator helpers and the ' +
      'imports (about 230 B) are a fixed cost.',
  },
];

/** The findings that apply to a section's rows. */
export function findings(section: Section): string[] {
  const rows = section.rows.map((row) => row.join(' | '));
  return FINDINGS.filter(
    (f) =>
      section.title.startsWith(f.section) &&
      rows.some((row) => f.row.test(row)) &&
      !(f.unless && rows.some((row) => f.unless?.test(row))),
  ).map((f) => f.text);
}
