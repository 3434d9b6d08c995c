// One Lambda cold start in a fresh process: import the handler's module, build the handler, feed
// it one event. argv: `adapter | floor`; env COLDSTART_EVENT (JSON), COLDSTART_SECRET. Prints the
// milliseconds and bytes as JSON. Plain JavaScript, so no loader runs in front of either side.
const rss0 = process.memoryUsage().rss;
const t0 = performance.now();
const kind = process.argv[2];
const secret = process.env.COLDSTART_SECRET;
const event = JSON.parse(process.env.COLDSTART_EVENT);
const context = { getRemainingTimeInMillis: () => 30_000, awsRequestId: 'bench' };
let handler;
if (kind === 'adapter') {
  const { klarefiLambda } = await import('@klarefi/aws-lambda');
  handler = klarefiLambda({ webhookSecret: secret, startClaim: false });
} else {
  const { floorLambda } = await import('./lambda-floor.mjs');
  handler = floorLambda(secret);
}
const imported = performance.now();
const result = await handler(event, context);
const done = performance.now();
if (result.statusCode !== 200) throw new Error(`${kind}: the first delivery answered ${result.statusCode}`);
const { rss, heapUsed } = process.memoryUsage();
console.log(
  JSON.stringify({ importMs: imported - t0, firstMs: done - imported, rssBytes: rss - rss0, heapUsed }),
);
