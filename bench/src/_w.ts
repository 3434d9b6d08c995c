import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
for (const entry of ['/work/main/packages/sdk/src/index.ts', '/tmp/sdkcopy/src/index.ts'])
for (const names of ['constructEvent', 'KlarefiClient', 'createKlarefiCore', '*']) {
  const contents = names === '*' ? `export * from '${entry}';` : `export { ${names} } from '${entry}';`;
  const r = await build({ stdin: { contents, resolveDir: process.cwd(), loader: 'ts' }, bundle: true, minify: true, format: 'esm', platform: 'node', write: false, target: 'es2022', define: { __KLAREFI_SDK_VERSION__: '"0.0.0"' } });
  const code = r.outputFiles[0].contents;
  console.log(entry.slice(0,12), names.padEnd(22), code.length, gzipSync(code, { level: 9 }).length);
}
