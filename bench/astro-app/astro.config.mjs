// The bench's Astro app: a production build served in the bench child by @astrojs/node's
// middleware handler on node:http (src/servers/astro.ts).
import node from '@astrojs/node';
import { defineConfig } from 'astro/config';

export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'middleware' }),
});
