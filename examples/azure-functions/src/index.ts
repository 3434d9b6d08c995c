// What the Functions host (`func start`, or Azure) loads: one HTTP function at the site root.
// host.json sets "extensions.http.routePrefix" to "" so the paths are /, /start-claim, ...
import { app } from '@azure/functions';
import { createHandler } from './function.js';

app.http('klarefi', {
  route: '{*path}',
  methods: ['GET', 'POST'],
  authLevel: 'anonymous',
  handler: createHandler(),
});
