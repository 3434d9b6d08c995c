// The files of release-check's fresh consumer project: what a user writes after `npm install`.

// Loads each package on its own and writes its export names, or why it does not load, as JSON,
// with every exported class whose runtime name is not its export name (what users' logs print).
const exportsDump = (
  names,
  esm,
) => `${esm ? "import { writeFileSync } from 'node:fs';" : "const { writeFileSync } = require('node:fs');"}
const result = {};
${esm ? '' : '(async () => {\n'}for (const name of ${JSON.stringify(names)}) {
  try {
    const mod = ${esm ? 'await import(name)' : 'require(name)'};
    const renamed = Object.entries(mod)
      .filter(([key, value]) => key !== 'default' && typeof value === 'function' && /^class\\b/.test(Function.prototype.toString.call(value)) && value.name !== key)
      .map(([key, value]) => key + ' is named ' + JSON.stringify(value.name));
    result[name] = { keys: Object.keys(mod).sort(), renamed };
  } catch (error) {
    result[name] = { error: String(error && error.message) };
  }
}
writeFileSync('exports-${esm ? 'esm' : 'cjs'}.json', JSON.stringify(result));
${esm ? '' : '})();\n'}`;

// One body for ESM and CommonJS, using the bindings each imports.
const runtimeBody = `
  // Webhooks: sign as Klarefi does, verify, and refuse one changed byte.
  const secret = 'whsec_release_check';
  const payload = JSON.stringify(sampleEvent('v1.case.completed'));
  const header = createSignatureHeader({ payload, secrets: secret });
  assert.equal(constructEvent(payload, header, secret).event_type, 'v1.case.completed');
  assert.throws(() => constructEvent(payload + ' ', header, secret));

  // The client against the emulator, then each adapter in its framework: /start-claim redirects to the form.
  const emulator = await startEmulator();
  try {
    const client = new KlarefiClient({ apiKey: emulator.apiKey, baseUrl: emulator.url });
    const session = await client.createSession({ case_type_id: 'motor_claim' });
    assert.ok(session.signed_url.startsWith(emulator.url), session.signed_url);
    const options = {
      apiKey: emulator.apiKey,
      baseUrl: emulator.url,
      webhookSecret: emulator.webhookSecret,
      startClaim: { caseTypeId: 'motor_claim' },
    };
    const toForm = (status, location) => {
      assert.equal(status, 303);
      assert.ok(String(location).startsWith(emulator.url), String(location));
    };
    const honoAnswer = await new Hono().use(klarefi(options)).request('/start-claim');
    toForm(honoAnswer.status, honoAnswer.headers.get('location'));
    const fastify = Fastify();
    await fastify.register(klarefiFastify, options);
    const fastifyAnswer = await fastify.inject({ url: '/start-claim' });
    toForm(fastifyAnswer.statusCode, fastifyAnswer.headers.location);
    await fastify.close();
    const server = express().use(klarefiRouter(options)).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const expressAnswer = await fetch('http://127.0.0.1:' + server.address().port + '/start-claim', { redirect: 'manual' });
    toForm(expressAnswer.status, expressAnswer.headers.get('location'));
    await new Promise((resolve) => server.close(resolve));
    assert.equal(KlarefiModule.forRoot(options).module, KlarefiModule);
    assert.equal(typeof main, 'function');
  } finally {
    await emulator.close();
  }
`;

const esm = `import 'reflect-metadata';
import assert from 'node:assert/strict';
import { constructEvent, createSignatureHeader, KlarefiClient } from '@klarefi/sdk';
import { sampleEvent, startEmulator } from '@klarefi/emulator';
import { klarefiRouter } from '@klarefi/express';
import klarefiFastify from '@klarefi/fastify';
import { klarefi } from '@klarefi/hono';
import { KlarefiModule } from '@klarefi/nestjs';
import { main } from 'klarefi';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
${runtimeBody}`;

const cjs = `require('reflect-metadata');
const assert = require('node:assert/strict');
const { constructEvent, createSignatureHeader, KlarefiClient } = require('@klarefi/sdk');
const { sampleEvent, startEmulator } = require('@klarefi/emulator');
const { klarefiRouter } = require('@klarefi/express');
const klarefiFastify = require('@klarefi/fastify').default;
const { klarefi } = require('@klarefi/hono');
const { KlarefiModule } = require('@klarefi/nestjs');
const { main } = require('klarefi');
const express = require('express');
const Fastify = require('fastify');
const { Hono } = require('hono');

(async () => {
  // What a CommonJS user's log prints for an error (the CommonJS build once printed '_class4').
  const { KlarefiApiError, KlarefiConfigError } = require('@klarefi/sdk');
  assert.equal(KlarefiApiError.name, 'KlarefiApiError');
  assert.equal(new KlarefiConfigError('x').name, 'KlarefiConfigError');
${runtimeBody}})().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
`;

// Type-checked as .mts and .cts (nodenext) and as .ts (node10): every main export, used as documented.
const typed = `import 'reflect-metadata';
import { constructEvent, createSignatureHeader, KlarefiClient, type KlarefiEvent } from '@klarefi/sdk';
import { type RunningEmulator, startEmulator } from '@klarefi/emulator';
import { klarefiRouter } from '@klarefi/express';
import klarefiFastify from '@klarefi/fastify';
import { klarefi } from '@klarefi/hono';
import { KlarefiModule } from '@klarefi/nestjs';
import { main, VERSION } from 'klarefi';
import express, { type Router } from 'express';
import Fastify from 'fastify';
import { Hono, type MiddlewareHandler } from 'hono';
import type { DynamicModule } from '@nestjs/common';

// A declaration that lost its types shows up as any; each of these must be a real type.
type IsAny<T> = 0 extends 1 & T ? true : false;
type Typed<T> = IsAny<T> extends true ? 'is any' : 'typed';
export const typed: Array<'typed'> = [] as Array<
  | Typed<typeof constructEvent> | Typed<KlarefiClient> | Typed<KlarefiEvent> | Typed<typeof startEmulator>
  | Typed<typeof klarefiRouter> | Typed<typeof klarefiFastify> | Typed<typeof klarefi>
  | Typed<typeof KlarefiModule> | Typed<typeof main>
>;

const options = { apiKey: 'sk_test_x', webhookSecret: 'whsec_x', startClaim: { caseTypeId: 'motor_claim' } };
const router: Router = klarefiRouter({ ...options, onEvent: (event) => void (event satisfies KlarefiEvent) });
express().use(router);
const middleware: MiddlewareHandler = klarefi(options);
new Hono().use(middleware);
export const registered = Fastify().register(klarefiFastify, options);
export const nestModule: DynamicModule = KlarefiModule.forRoot(options);
const header: string = createSignatureHeader({ payload: '{}', secrets: 'whsec_x' });
export const event: KlarefiEvent = constructEvent('{}', header, 'whsec_x');
export const signedUrl: Promise<string> = new KlarefiClient({ apiKey: 'sk_test_x' })
  .createSession({ case_type_id: 'motor_claim' })
  .then((session) => session.signed_url);
export const emulator: Promise<RunningEmulator> = startEmulator({ port: 0 });
export const exitCode: Promise<number> = main(['--version']);
export const version: string = VERSION;
`;

const tsconfig = (module, moduleResolution, files) =>
  JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        // h3 2's own types override `Error.isError`, which TypeScript declares in ESNext.Error.
        lib: ['ES2022', 'ESNext.Error'],
        module,
        moduleResolution,
        strict: true,
        esModuleInterop: true,
        // Some frameworks' own declarations do not compile on their own (elysia's context.d.ts,
        // @types/koa against content-disposition 1), so declaration files are not checked here;
        // ours are, by attw and publint on every tarball and by each package's typecheck.
        skipLibCheck: true,
        noEmit: true,
        types: ['node'],
      },
      files,
    },
    null,
    2,
  );

/** Every file of the consumer project, by name; `names` are the public packages. */
export function consumerFiles(names) {
  return {
    'exports.mjs': exportsDump(names, true),
    'exports.cjs': exportsDump(names, false),
    'esm.mjs': esm,
    'cjs.cjs': cjs,
    'check.mts': typed,
    'check.cts': typed,
    'check.ts': typed,
    // One program per format, as in a real project: a program holding both the .d.ts and the .d.cts
    // of a package sees its global augmentations twice.
    'tsconfig.nodenext-esm.json': tsconfig('NodeNext', 'NodeNext', ['check.mts', 'exports.mts']),
    'tsconfig.nodenext-cjs.json': tsconfig('NodeNext', 'NodeNext', ['check.cts', 'exports.cts']),
    'tsconfig.node10.json': tsconfig('CommonJS', 'Node10', ['check.ts']),
  };
}

/**
 * A TypeScript file asserting that every value a package's types declare exists at runtime (else
 * code compiles and then fails), and, with `complete`, that every runtime export is declared.
 * `keys`: package name to its runtime export names. Checked as .mts and as .cts.
 */
export function exportsCheck(keys, complete) {
  const lines = ['// Generated by scripts/release-check.mjs from the runtime exports.'];
  Object.entries(keys).forEach(([name, runtime], i) => {
    const union = runtime.map((k) => JSON.stringify(k)).join(' | ') || 'never';
    lines.push(
      `import * as p${i} from '${name}';`,
      `export const p${i}Declared: [Exclude<keyof typeof p${i}, ${union}>] extends [never] ? 'ok' : { '${name} declares but does not export': Exclude<keyof typeof p${i}, ${union}> } = 'ok';`,
    );
    if (complete) {
      lines.push(
        `export const p${i}Exported: [Exclude<${union}, keyof typeof p${i}>] extends [never] ? 'ok' : { '${name} exports without a type': Exclude<${union}, keyof typeof p${i}> } = 'ok';`,
      );
    }
  });
  return `${lines.join('\n')}\n`;
}
