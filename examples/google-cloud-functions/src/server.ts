// `pnpm start`: the Functions Framework's own server, exactly as `functions-framework
// --target=klarefi --source=src/index.ts` runs it (PORT defaults to 3000 here, as in the other
// examples), started from a file so that `tsx` loads the TypeScript source and `pnpm demo` runs it.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

process.env.FUNCTION_TARGET ??= 'klarefi';
process.env.FUNCTION_SOURCE ??= fileURLToPath(new URL('./index.ts', import.meta.url));
process.env.PORT ??= '3000';

// The package exports no path to its command; `main.js` (its `bin`) sits next to its main entry.
const entry = createRequire(import.meta.url).resolve('@google-cloud/functions-framework');
await import(pathToFileURL(join(dirname(entry), 'main.js')).href);
