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
    // A Node listener on a port of its own, asked for /start-claim.
    const viaServer = async (listener) => {
      const server = createServer(listener).listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      try {
        const answer = await fetch('http://127.0.0.1:' + server.address().port + '/start-claim', { redirect: 'manual' });
        toForm(answer.status, answer.headers.get('location'));
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    };
    await viaServer(express().use(klarefiRouter(options)));
    await viaServer(new Koa().use(klarefiKoa(options)).callback());
    const h3App = createApp();
    h3App.use(defineKlarefiHandler(options));
    await viaServer(toNodeListener(h3App));
    const elysiaAnswer = await new Elysia().use(klarefiElysia(options)).handle(new Request('http://localhost/start-claim'));
    toForm(elysiaAnswer.status, elysiaAnswer.headers.get('location'));
    const lambdaAnswer = await klarefiLambda(options)(
      { version: '2.0', rawPath: '/start-claim', headers: {}, requestContext: { http: { method: 'GET' } } },
      { getRemainingTimeInMillis: () => 10_000 },
    );
    toForm(lambdaAnswer.statusCode, lambdaAnswer.headers.location);
    const { HttpRequest, InvocationContext } = azureFunctions;
    const azureAnswer = await klarefiAzure(options)(
      new HttpRequest({ method: 'GET', url: 'http://localhost/api/start-claim' }),
      new InvocationContext({ functionName: 'klarefi', invocationId: 'release-check' }),
    );
    toForm(azureAnswer.status, new Headers(azureAnswer.headers).get('location'));
    assert.equal(KlarefiModule.forRoot(options).module, KlarefiModule);
    assert.equal(typeof main, 'function');
  } finally {
    await emulator.close();
  }

  // @klarefi/testing: a claim through a Hono app in process, to its verified case.completed.
  const test = await startKlarefiTest();
  try {
    const app = new Hono().use(
      klarefi({ apiKey: test.apiKey, baseUrl: test.baseUrl, webhookSecret: test.webhookSecret, startClaim: { caseTypeId: 'motor_claim' } }),
    );
    test.forwardTo(app);
    const started = await app.request('/start-claim');
    assert.equal(started.status, 303);
    const claim = await test.claimant(started.headers.get('location')).submit();
    const delivery = await test.deliveries.waitFor('case.completed', { caseId: claim.caseId });
    assert.equal(delivery.response?.status, 200);
  } finally {
    await test.close();
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
import { klarefi as klarefiKoa } from '@klarefi/koa';
import { defineKlarefiHandler } from '@klarefi/h3';
import { klarefi as klarefiElysia } from '@klarefi/elysia';
import { klarefiLambda } from '@klarefi/aws-lambda';
import { klarefiAzure } from '@klarefi/azure-functions';
import { startKlarefiTest } from '@klarefi/testing';
import { main } from 'klarefi';
import { createServer } from 'node:http';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import Koa from 'koa';
import { createApp, toNodeListener } from 'h3';
import { Elysia } from 'elysia';
import azureFunctions from '@azure/functions';
${runtimeBody}`;

const cjs = `require('reflect-metadata');
const assert = require('node:assert/strict');
const { constructEvent, createSignatureHeader, KlarefiClient } = require('@klarefi/sdk');
const { sampleEvent, startEmulator } = require('@klarefi/emulator');
const { klarefiRouter } = require('@klarefi/express');
const klarefiFastify = require('@klarefi/fastify').default;
const { klarefi } = require('@klarefi/hono');
const { KlarefiModule } = require('@klarefi/nestjs');
const { klarefi: klarefiKoa } = require('@klarefi/koa');
const { defineKlarefiHandler } = require('@klarefi/h3');
const { klarefi: klarefiElysia } = require('@klarefi/elysia');
const { klarefiLambda } = require('@klarefi/aws-lambda');
const { klarefiAzure } = require('@klarefi/azure-functions');
const { startKlarefiTest } = require('@klarefi/testing');
const { main } = require('klarefi');
const { createServer } = require('node:http');
const express = require('express');
const Fastify = require('fastify');
const { Hono } = require('hono');
const Koa = require('koa');
const { createApp, toNodeListener } = require('h3');
const { Elysia } = require('elysia');
const azureFunctions = require('@azure/functions');

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
import { klarefi as klarefiKoa } from '@klarefi/koa';
import { defineKlarefiHandler } from '@klarefi/h3';
import { klarefi as klarefiElysia } from '@klarefi/elysia';
import { klarefiLambda, type LambdaHttpResult } from '@klarefi/aws-lambda';
import { klarefiAzure } from '@klarefi/azure-functions';
import { startKlarefiTest, type KlarefiTest } from '@klarefi/testing';
import { main, VERSION } from 'klarefi';
import express, { type Router } from 'express';
import Fastify from 'fastify';
import { Hono, type MiddlewareHandler } from 'hono';
import type { DynamicModule } from '@nestjs/common';
import Koa from 'koa';
import { createApp } from 'h3';
import { Elysia } from 'elysia';
import { app as azureApp, type HttpHandler } from '@azure/functions';

// A declaration that lost its types shows up as any; each of these must be a real type.
type IsAny<T> = 0 extends 1 & T ? true : false;
type Typed<T> = IsAny<T> extends true ? 'is any' : 'typed';
export const typed: Array<'typed'> = [] as Array<
  | Typed<typeof constructEvent> | Typed<KlarefiClient> | Typed<KlarefiEvent> | Typed<typeof startEmulator>
  | Typed<typeof klarefiRouter> | Typed<typeof klarefiFastify> | Typed<typeof klarefi>
  | Typed<typeof KlarefiModule> | Typed<typeof main>
  | Typed<typeof klarefiKoa> | Typed<typeof defineKlarefiHandler> | Typed<typeof klarefiElysia>
  | Typed<typeof klarefiLambda> | Typed<typeof klarefiAzure> | Typed<typeof startKlarefiTest>
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
new Koa().use(klarefiKoa(options));
createApp().use(defineKlarefiHandler(options));
export const elysia = new Elysia().use(klarefiElysia(options));
export const lambdaResult: Promise<LambdaHttpResult> = klarefiLambda(options)(
  { version: '2.0', rawPath: '/start-claim', headers: {}, requestContext: { http: { method: 'GET' } } },
  { getRemainingTimeInMillis: () => 10_000 },
);
const azureHandler: HttpHandler = klarefiAzure(options);
azureApp.http('klarefi', { route: '{*path}', methods: ['GET', 'POST'], handler: azureHandler });
export const fixture: Promise<KlarefiTest> = startKlarefiTest();
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
