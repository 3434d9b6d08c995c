import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
export default {
  // `node build` serves the app; start.mjs builds first when the sources changed.
  kit: { adapter: adapter() },
};
