import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Setup, Template } from './templates/types.js';

/** This package's directory: the bundle runs from `dist/`. */
const CLI_DIR = dirname(dirname(fileURLToPath(import.meta.url)));

/** Where `pack:local` (the clone's root script) writes the tarballs. */
export const PACKS_DIR = '.packs';

interface Manifest {
  version?: string;
  packageManager?: string;
  dependencies?: Record<string, string>;
}

const readManifest = (file: string): Manifest => JSON.parse(readFileSync(file, 'utf8')) as Manifest;

/**
 * The root of the klarefi-js clone this CLI runs from, or `undefined` when it was installed from
 * the registry. Before the first release the packages exist only in a clone, so the next steps
 * install them from its packed tarballs.
 */
export function cloneRoot(cliDir: string = CLI_DIR): string | undefined {
  const root = dirname(dirname(cliDir));
  const own = join(root, 'packages', 'cli');
  if (!existsSync(join(root, 'pnpm-workspace.yaml')) || !existsSync(own)) return undefined;
  return realpathSync(own) === realpathSync(cliDir) ? root : undefined;
}

/** The install commands and the CLI command for `template`, from a clone or from the registry. */
export function setupFor(template: Template, cliDir: string = CLI_DIR): Setup {
  const root = cloneRoot(cliDir);
  return root === undefined ? publishedSetup(template) : cloneSetup(template, root);
}

const devInstall = (template: Template) =>
  template.devPackages.length ? ` && npm install -D ${template.devPackages.join(' ')}` : '';

/** Once the packages are on the registry. */
export function publishedSetup(template: Template): Setup {
  return {
    fromClone: false,
    install: [`npm install ${template.packages.join(' ')}${devInstall(template)}`],
    redisInstall: 'npm install @klarefi/redis ioredis',
    klarefi: 'npx klarefi',
  };
}

/** Before the first release: the packages from the clone's packed tarballs, the clone's CLI. */
function cloneSetup(template: Template, root: string): Setup {
  const dev = devInstall(template);
  const ours = template.packages.filter((name) => name.startsWith('@klarefi/'));
  const tarballs = withWorkspaceDependencies(root, ours).map((name) => tarballPath(root, name));
  const others = template.packages.filter((name) => !name.startsWith('@klarefi/'));
  const pnpm = readManifest(join(root, 'package.json')).packageManager ?? 'pnpm';
  return {
    fromClone: true,
    install: [
      `(cd ${quote(root)} && npx -y ${pnpm} pack:local)`,
      `npm install ${[...others, ...tarballs].join(' ')}${dev}`,
    ],
    redisInstall: `npm install ioredis ${tarballPath(root, '@klarefi/redis')}`,
    klarefi: `node ${quote(join(root, 'packages', 'cli', 'dist', 'bin.js'))}`,
  };
}

/** `names` and every `@klarefi/*` package they depend on through `workspace:` ranges. */
function withWorkspaceDependencies(root: string, names: string[]): string[] {
  const all = new Set<string>();
  const pending = [...names];
  while (pending.length) {
    const name = pending.pop() as string;
    if (all.has(name)) continue;
    all.add(name);
    const deps = readManifest(packageJson(root, name)).dependencies ?? {};
    for (const [dep, range] of Object.entries(deps)) if (range.startsWith('workspace:')) pending.push(dep);
  }
  return [...all].sort();
}

const packageJson = (root: string, name: string) =>
  join(root, 'packages', name.replace('@klarefi/', ''), 'package.json');

/** The file `pnpm pack` writes for a package: `@klarefi/sdk` 0.1.0 → `klarefi-sdk-0.1.0.tgz`. */
function tarballPath(root: string, name: string): string {
  const version = readManifest(packageJson(root, name)).version ?? '0.0.0';
  return quote(join(root, PACKS_DIR, `${name.replace('@', '').replace('/', '-')}-${version}.tgz`));
}

function quote(path: string): string {
  return /^[\w./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}
