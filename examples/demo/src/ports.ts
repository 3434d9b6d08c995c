import { createServer } from 'node:net';

/** A failure the demo explains in one sentence: printed without a stack trace. */
export class DemoError extends Error {
  override name = 'DemoError';
}

/** Resolves to true when nothing can listen on `host:port` because something already does. */
export function portInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') resolve(true);
      else if (error.code === 'EACCES')
        reject(new DemoError(`Port ${port} needs extra privileges: pick one above 1023.`));
      else reject(error);
    });
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(false)));
  });
}

/** A port next to `taken` to suggest instead, skipping the ones in `avoid`. */
function suggestion(taken: number, avoid: number[]): number {
  let next = taken + 1;
  while (avoid.includes(next) || next > 65535) next = next > 65535 ? 1024 : next + 1;
  return next;
}

/**
 * Checks every port before anything starts, so taken ports are one clear message (naming all of
 * them at once) instead of a half-started demo. `ports` maps each flag to its port.
 * @throws DemoError naming each taken port and the flag that moves it.
 */
export async function assertPortsFree(ports: Array<{ port: number; flag: string }>): Promise<void> {
  const all = ports.map((p) => p.port);
  const taken: string[] = [];
  for (const { port, flag } of ports) {
    if (await portInUse(port)) {
      const next = suggestion(port, all);
      all.push(next);
      taken.push(`Port ${port} is already in use: stop what runs there or pass ${flag} ${next}`);
    }
  }
  if (taken.length) throw new DemoError(taken.join('\n'));
}
