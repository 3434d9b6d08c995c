import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/drizzle.ts', 'src/kysely.ts'],
  external: ['pg', 'postgres', 'drizzle-orm', 'kysely'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  target: 'node18',
  // Without it the CommonJS build renames classes (`_class4`), so users' logs lose `KlarefiHttpError`.
  keepNames: true,
});
