// A local stand-in for the Functions host's HTTP trigger: a Node server that turns each request
// into the `HttpRequest` @azure/functions itself constructs, calls the handler with an
// `InvocationContext`, and writes the `HttpResponseInit` back. A handler that throws is a 500, as
// the host answers it. Not the Functions host: it exists because nothing runs the v4 model locally
// without downloading the host.
import type { HttpHandler, HttpResponseInit } from '@azure/functions';
import azureFunctions from '@azure/functions';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';

// @azure/functions is CommonJS, and Node's ESM loader (`pnpm start`) does not see these two among its
// named exports: they come from its default export.
const { HttpRequest, InvocationContext } = azureFunctions;

export function localHost(handler: HttpHandler): Server {
  return createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      const bytes = Buffer.concat(chunks);
      const request = new HttpRequest({
        method: req.method ?? 'GET',
        url: `http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`,
        headers,
        body: bytes.byteLength > 0 ? { bytes } : undefined,
      });
      const context = new InvocationContext({ functionName: 'klarefi', invocationId: randomUUID() });
      const result = (await handler(request, context)) as HttpResponseInit;
      res.writeHead(result.status ?? 200, Object.fromEntries(new Headers(result.headers as HeadersInit)));
      res.end(result.body == null ? '' : String(result.body));
    } catch (error) {
      console.error(error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    }
  });
}
