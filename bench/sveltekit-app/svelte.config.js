import adapter from '@sveltejs/adapter-node';

// The build lands under node_modules so that git and biome never see it.
const cache = '../node_modules/.cache/sveltekit-app';

/** @type {import('@sveltejs/kit').Config} */
export default {
  kit: { adapter: adapter({ out: `${cache}/build` }), outDir: `${cache}/.svelte-kit` },
};
