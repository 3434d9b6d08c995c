import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/bin.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  target: 'node18',
  // setup.ts finds the clone from import.meta.url, in the CommonJS build too.
  shims: true,
});
