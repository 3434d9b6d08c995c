/** @type {import('next').NextConfig} */
const nextConfig = {
  // The examples' shared kit is TypeScript source with NodeNext imports ('./config.js' for
  // config.ts): webpack maps them, which Turbopack does not, so `next build --webpack`.
  transpilePackages: ['@klarefi/example-kit'],
  // `next build` type-checks the app; the tests are `pnpm typecheck`'s (tsconfig.json).
  typescript: { tsconfigPath: 'tsconfig.next.json' },
  webpack(config) {
    config.resolve.extensionAlias = { '.js': ['.ts', '.js'] };
    return config;
  },
};

export default nextConfig;
