import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
for (const src of ['/work/main/packages/sdk/src', '/tmp/sdkcopy/src']) {
  const outdir = src.startsWith('/tmp') ? '/tmp/sdkcopy/dist' : '/tmp/sdkorig/dist';
  await build({ entryPoints: [`${src}/index.ts`, `${src}/web.ts`], bundle: true, splitting: true, format: 'esm', platform: 'neutral', target: 'es2022', external: ['node:crypto', 'node:buffer'], outdir, define: { __KLAREFI_SDK_VERSION__: '"0.0.0"' } });
  const { writeFileSync } = await import('node:fs');
  writeFileSync(`${outdir}/../package.json`, '{"type":"module","sideEffects":false}');
  for (const names of ['constructEvent', 'constructEventAsync', 'KlarefiClient', 'createKlarefiCore', '*']) {
    const contents = names === '*' ? `export * from '${outdir}/index.js';` : `export { ${names} } from '${outdir}/index.js';`;
    const r = await build({ stdin: { contents, resolveDir: process.cwd(), loader: 'js' }, bundle: true, minify: true, format: 'esm', platform: 'node', write: false, target: 'es2022' });
    const code = r.outputFiles[0].contents;
    console.log(outdir.padEnd(20), names.padEnd(22), code.length, gzipSync(code, { level: 9 }).length);
  }
}
