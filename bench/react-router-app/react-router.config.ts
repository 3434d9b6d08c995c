import type { Config } from '@react-router/dev/config';

// Built into dist/, which git, biome and turbo already leave out everywhere in this repository.
export default { ssr: true, buildDirectory: 'dist' } satisfies Config;
