// The bench's one resource route: the scenario server (bench/src/servers/react-router.ts) hands
// the route function under test (the adapter's, the hand-written one or the peer's) in the load
// context, so every scenario runs through the same build and the same React Router pipeline.
interface RouteArgs {
  request: Request;
  params: Record<string, string | undefined>;
  context: unknown;
}
type RouteFunction = (args: RouteArgs) => Promise<Response>;

function handler(args: RouteArgs): Promise<Response> | Response {
  const routes = (args.context as { benchRoutes: Map<string, RouteFunction> }).benchRoutes;
  const route = routes.get(new URL(args.request.url).pathname);
  return route ? route(args) : new Response('Not Found', { status: 404 });
}

export { handler as loader, handler as action };
