import * as functions from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { type ConformanceDriver, type ConformanceRequest, listenOnFreePort } from '@klarefi/conformance';
import { klarefiRouter } from '@klarefi/express';
import type { KlarefiOptions } from '@klarefi/sdk';
import express from 'express';

let registered = 0;

/**
 * `@klarefi/express` unchanged, as an HTTP function in the Functions Framework's own server: its
 * body parsers (JSON, text, urlencoded, raw) run first and keep the bytes as `req.rawBody`.
 */
export const functionsFrameworkDriver: ConformanceDriver = {
  name: 'google-cloud-functions (functions-framework + @klarefi/express)',
  // The framework's JSON parser refuses invalid JSON and JSON that is not an object or array
  // before the function runs.
  bodyParsedBeforeAdapter: true,
  // A `session()` hook's error goes to Express's own error handler.
  sessionHookErrorStatus: 500,
  async setup(options: KlarefiOptions<any>) {
    const name = `klarefi_${++registered}`;
    functions.http(name, express().use(klarefiRouter(options)));
    const server = await listenOnFreePort(getTestServer(name));
    return {
      async request({ method, path, headers, body }: ConformanceRequest) {
        const res = await fetch(`${server.url}${path}`, {
          method,
          headers,
          body: body as BodyInit | undefined,
          redirect: 'manual',
        });
        return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
      },
      close: () => server.close(),
    };
  },
};
