import { existsSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type CaseTypeDefinition, KlarefiConfigError } from '@klarefi/sdk';
import { readCaseTypes } from '@klarefi/sdk/claims';

/** The names `klarefi dev` and `klarefi types` look for in the working directory, in this order. */
export const CONFIG_FILES = [
  'klarefi.config.ts',
  'klarefi.config.mts',
  'klarefi.config.js',
  'klarefi.config.mjs',
  'klarefi.config.json',
] as const;

/** A loaded config: where it came from and its checked case types. */
export interface LoadedConfig {
  file: string;
  caseTypes: CaseTypeDefinition[];
}

/** The config file in `cwd`, or `undefined` when there is none. */
export function findConfig(cwd: string): string | undefined {
  return CONFIG_FILES.map((name) => resolve(cwd, name)).find((file) => existsSync(file));
}

/**
 * Loads `klarefi.config.{ts,mts,js,mjs,json}`: its default export (or the JSON) is an array of case
 * types or `{ caseTypes: [...] }`. TypeScript is loaded through tsx, so Node 20 needs no flag.
 * @throws {KlarefiConfigError} naming the file and what is wrong in it
 */
export async function loadConfig(file: string): Promise<LoadedConfig> {
  const name = basename(file);
  let value: unknown;
  if (file.endsWith('.json')) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new KlarefiConfigError(
        `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
      );
    }
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new KlarefiConfigError(`${name} is not valid JSON: ${(error as Error).message}`);
    }
  } else {
    let module: { default?: unknown };
    try {
      if (/\.m?ts$/.test(file)) {
        const { tsImport } = await import('tsx/esm/api');
        module = (await tsImport(pathToFileURL(file).href, import.meta.url)) as { default?: unknown };
      } else {
        module = (await import(pathToFileURL(file).href)) as { default?: unknown };
      }
    } catch (error) {
      if (error instanceof KlarefiConfigError) {
        throw new KlarefiConfigError(`${name}: ${error.message}`);
      }
      throw new KlarefiConfigError(`${name} could not be loaded: ${(error as Error).message}`);
    }
    // tsx may wrap a CommonJS-compiled default export once more.
    value = module.default;
    if (value && typeof value === 'object' && 'default' in value && !('caseTypes' in value)) {
      value = (value as { default: unknown }).default;
    }
    if (value === undefined) {
      throw new KlarefiConfigError(
        `${name} has no default export: end it with \`export default defineConfig({ caseTypes: [...] })\`.`,
      );
    }
  }
  return { file, caseTypes: readCaseTypes(value, name) };
}
