import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
const r = await build({ entryPoints: ['../packages/sdk/src/index.ts'], bundle: true, minify: true, format: 'esm', platform: 'node', write: false, target: 'es2022' });
const code = r.outputFiles[0].text;
// crude literal scanner
let i=0, strBytes=0, n=0; const long: string[] = [];
while (i<code.length) { const c=code[i]; if (c==='"'||c==="'"||c==='`') { let j=i+1; while (j<code.length && code[j]!==c) { if (code[j]==='\\') j++; j++; } const s=code.slice(i,j+1); if (s.length>40) { strBytes+=s.length; n++; long.push(s);} i=j+1; } else i++; }
console.log('minified', code.length, 'in literals >40 chars:', strBytes, 'count', n);
const stripped = long.reduce((acc, s) => acc.replace(s, '""'), code);
console.log('without long literals', stripped.length, 'gz', gzipSync(stripped,{level:9}).length, 'vs', gzipSync(code,{level:9}).length);
