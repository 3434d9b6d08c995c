import type { Config } from '@react-router/dev/config';

// dist/: where turbo looks for every package's build output.
export default { ssr: true, buildDirectory: 'dist' } satisfies Config;
