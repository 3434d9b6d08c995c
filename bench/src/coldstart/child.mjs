// One cold start in a fresh process: import the handler's module, build the handler, feed it one
// delivery. argv: `lambda:adapter | lambda:floor | azure:adapter | azure:floor`; env
// COLDSTART_BODY, COLDSTART_HEADER, COLDSTART_SECRET. Prints the milliseconds and bytes as JSON.
// Plain JavaScript, so no loader runs in front of either side.
const rss0 = process.memoryUsage().rss;
const t0 = performance.now();
const [platform, side] = process.argv[2].split(':');
const secret = process.env.COLDSTART_SECRET;
const body = process.env.COLDSTART_BODY;
const signature = process.env.COLDSTART_HEADER;
let handler;
let invoke;
if (platform === 'lambda') {
  if (side === 'adapter') {
    const { klarefiLambda } = await import('@klarefi/aws-lambda');
    handler = klarefiLambda({ webhookSecret: secret, startClaim: false });
  } else {
    const { floorLambda } = await import('./lambda-floor.mjs');
    handler = floorLambda(secret);
  }
  // An HTTP API (payload 2.0) event with the body base64-encoded, as it sends binary bodies.
  const event = {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/webhooks/klarefi',
    rawQueryString: '',
    headers: { 'content-type': 'application/json', 'x-klarefi-signature': signature },
    requestContext: { http: { method: 'POST', path: '/webhooks/klarefi' }, stage: '$default' },
    body: Buffer.from(body).toString('base64'),
    isBase64Encoded: true,
  };
  invoke = async () => (await handler(event, { getRemainingTimeInMillis: () => 30_000 })).statusCode;
} else {
  // A CommonJS package whose names Node cannot see statically: take them from its default export.
  const { HttpRequest, InvocationContext } = (await import('@azure/functions')).default;
  if (side === 'adapter') {
    const { klarefiAzure } = await import('@klarefi/azure-functions');
    handler = klarefiAzure({ webhookSecret: secret, startClaim: false });
  } else {
    const { floorAzure } = await import('./azure-floor.mjs');
    handler = floorAzure(secret);
  }
  const request = new HttpRequest({
    method: 'POST',
    url: 'https://bench.azurewebsites.net/api/webhooks/klarefi',
    headers: { 'content-type': 'application/json', 'x-klarefi-signature': signature },
    body: { string: body },
  });
  const context = new InvocationContext({ functionName: 'klarefi', invocationId: 'bench' });
  invoke = async () => (await handler(request, context)).status;
}
const imported = performance.now();
const status = await invoke();
const done = performance.now();
if (status !== 200) throw new Error(`${process.argv[2]}: the first delivery answered ${status}`);
const { rss, heapUsed } = process.memoryUsage();
console.log(
  JSON.stringify({ importMs: imported - t0, firstMs: done - imported, rssBytes: rss - rss0, heapUsed }),
);
