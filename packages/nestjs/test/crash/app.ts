// Built from the package's published entry (dist), as an app would import it.
import 'reflect-metadata';
import { KlarefiModule } from '@klarefi/nestjs';
import { announce, CRASH_TIMEOUT_MS, crashHandler } from '@klarefi/conformance/crash';
import { NestFactory } from '@nestjs/core';

const app = await NestFactory.create(KlarefiModule.forRoot({ startClaim: false, onEvent: crashHandler }), {
  rawBody: true,
  logger: false,
});
// A request-timeout middleware, as apps put in front of every route: it answers first.
type Res = {
  headersSent: boolean;
  status(code: number): { send(body: string): void };
  on(e: 'close', f: () => void): void;
};
app.use((_req: unknown, res: Res, next: () => void) => {
  const timer = setTimeout(() => {
    if (!res.headersSent) res.status(503).send('timed out');
  }, CRASH_TIMEOUT_MS);
  res.on('close', () => clearTimeout(timer));
  next();
});
await app.listen(0, '127.0.0.1');
announce((app.getHttpServer().address() as { port: number }).port);
