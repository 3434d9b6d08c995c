import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  target: 'node18',
  // Without it the CommonJS build renames classes (`_class4`), so users' logs lose `KlarefiHttpError`.
  keepNames: true,
});
