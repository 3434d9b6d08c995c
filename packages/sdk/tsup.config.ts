import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

export default defineConfig({
  // `web` and `adapter-web` are the Web Crypto builds the workerd/worker/browser conditions select.
  entry: {
    index: 'src/entries/index.ts',
    web: 'src/entries/web.ts',
    adapter: 'src/entries/adapter.ts',
    'adapter-web': 'src/entries/adapter-web.ts',
    // No Web Crypto twin: nothing in it touches crypto, so one build serves every runtime.
    claims: 'src/entries/claims.ts',
    testing: 'src/entries/testing.ts',
  },
  format: ['esm', 'cjs'],
  // One copy of each class for both entries in CommonJS too, so instanceof holds across them.
  splitting: true,
  dts: true,
  clean: true,
  target: 'es2022',
  // CommonJS only: without it that build renames classes (`_class4`), so logs lose `KlarefiHttpError`.
  // In the ESM build its `__name()` calls are top-level side effects that keep bundlers from
  // dropping unused exports.
  esbuildOptions(options, { format }) {
    options.keepNames = format === 'cjs';
  },
  platform: 'neutral',
  external: [/^node:/],
  removeNodeProtocol: false,
  define: { __KLAREFI_SDK_VERSION__: JSON.stringify(version) },
});
