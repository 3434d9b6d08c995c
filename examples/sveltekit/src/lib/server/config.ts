import { env } from '$env/dynamic/private';
import { type ExampleConfig, exampleConfig } from '@klarefi/example-kit';

/** PORT, KLAREFI_API_KEY, ... from the server's environment, read when the first request needs them. */
export const config = (): ExampleConfig => exampleConfig(env);

/** An HTML answer of the example kit's pages. */
export const html = (body: string): Response =>
  new Response(body, { headers: { 'content-type': 'text/html; charset=utf-8' } });
