import { ClaimStore, exampleConfig } from '@klarefi/example-kit';

/** The environment (PORT, KLAREFI_API_KEY, ...), read when the server loads the build. */
export const config = exampleConfig();

/** The claims this server received; one store, shared by the route modules of the build. */
export const store = new ClaimStore();

/** An HTML answer for the kit's pages. */
export function html(page: string): Response {
  return new Response(page, { headers: { 'content-type': 'text/html; charset=utf-8' } });
}
