import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  target: 'node18',
  // The fastify-plugin convention: `require('@klarefi/fastify')` is the plugin itself, with
  // `.default` and `.klarefi` pointing back at it (set in src/plugin.ts).
  footer: ({ format }) => (format === 'cjs' ? { js: 'module.exports = module.exports.default;' } : {}),
});
