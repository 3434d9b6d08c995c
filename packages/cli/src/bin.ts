#!/usr/bin/env node
import { main } from './index.js';

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  // A safety net, not a delay: this timer does not keep the process alive, so a clean exit happens
  // at once; it only fires if a socket or timer outlived the command (e.g. a peer's keep-alive).
  setTimeout(() => process.exit(code), 2000).unref();
});
