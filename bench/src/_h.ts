import { parseSignatureHeader, constructEvent } from '@klarefi/sdk';
import { floorVerify } from './floor.js';
import { eventBody, SECRET, signHeader } from './payloads.js';
const body = Buffer.from(eventBody(1024)); const h = signHeader(body);
function bench(name: string, f: () => unknown) { const N = 200000; for (let i=0;i<N;i++) f(); const c0 = process.cpuUsage(); for (let i=0;i<N;i++) f(); const c = process.cpuUsage(c0); console.log(name.padEnd(20), ((c.user+c.system)*1000/N).toFixed(0), 'ns/op'); }
for (let r=0;r<3;r++) {
bench('parseHeader', () => parseSignatureHeader(h));
bench('JSON.parse', () => JSON.parse(body.toString()));
bench('floorVerify', () => floorVerify(body, h, SECRET));
bench('constructEvent', () => constructEvent(body, h, SECRET));
}
