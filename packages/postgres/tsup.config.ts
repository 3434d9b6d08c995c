import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/drizzle.ts', 'src/kysely.ts'],
  external: ['pg', 'postgres', 'drizzle-orm', 'kysely'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  target: 'node18',
});
