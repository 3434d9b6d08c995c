#!/usr/bin/env node
// A committed launcher, so installing the workspace links the bin before the CLI is built.
await import('../dist/bin.js');
