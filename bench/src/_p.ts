import { benchVerify, verifySection } from './verify.js';
import { renderSection } from './table.js';
const cfg = { sizes: [1024], rounds: 15, batchMs: 100, warmupMs: 300 };
console.log(renderSection(verifySection(await benchVerify(cfg), cfg)));
