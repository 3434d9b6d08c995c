// pnpm klarefi <command>: the CLI from this clone (packages/cli, built by the README's set-up).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const bin = fileURLToPath(new URL('../packages/cli/dist/bin.js', import.meta.url));
if (!existsSync(bin)) {
  console.error(
    'klarefi: the CLI is not built yet. Run the set-up (npx -y pnpm@10.34.9 install && npx -y pnpm@10.34.9 demo), or build it alone: npx -y pnpm@10.34.9 exec turbo run build --filter=klarefi...',
  );
  process.exit(2);
}
// bin.js reads process.argv.slice(2): the arguments after `pnpm klarefi`, as given.
await import(pathToFileURL(bin).href);
