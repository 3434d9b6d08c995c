import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  target: 'node18',
  // CommonJS only: without it that build renames classes (`_class4`), so logs lose `KlarefiHttpError`.
  // In the ESM build its `__name()` calls are top-level side effects that keep bundlers from
  // dropping unused exports.
  esbuildOptions(options, { format }) {
    options.keepNames = format === 'cjs';
  },
});
