/**
 * A child process that runs servers and reports their ports over IPC, so that the load
 * generator in the parent never shares an event loop with a server it measures.
 * argv: `<options JSON> <id> [<id> ...]`, each id a scenario (`hono:adapter`) or `emulator`.
 * Replies to `{ cpu: true }` with its CPU time so far; `{ profile: 'start' | 'stop' }` starts the
 * V8 CPU profiler and stops it, replying with the profile; `{ direct: options }` runs
 * `directCreateSession(options)` here and replies with its result. Exits when the parent disconnects.
 */
import { Session } from 'node:inspector/promises';
import { directCreateSession } from './direct.js';
import { scenario } from './servers/index.js';

const [json = '{}', ...ids] = process.argv.slice(2);
const options = JSON.parse(json);
const closers: Array<() => Promise<void>> = [];
const info: Record<string, unknown> = {};

for (const id of ids) {
  if (id === 'emulator') {
    const { startEmulator } = await import('@klarefi/emulator');
    const emulator = await startEmulator(options);
    info[id] = { url: emulator.url, apiKey: emulator.apiKey };
    closers.push(() => emulator.close());
  } else {
    const server = await (await scenario(id))(options);
    info[id] = { port: server.port };
    closers.push(() => server.close());
  }
}

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.all(closers.map((close) => close()));
  process.exit(0);
}
process.on('disconnect', stop);
process.on('SIGTERM', stop);
const inspector = new Session();
type Message = {
  cpu?: boolean;
  profile?: 'start' | 'stop';
  direct?: Parameters<typeof directCreateSession>[0];
};
process.on('message', async (message: Message) => {
  if (message.cpu) process.send?.({ cpu: process.cpuUsage() });
  if (message.direct) process.send?.({ direct: await directCreateSession(message.direct) });
  if (message.profile === 'start') {
    inspector.connect();
    await inspector.post('Profiler.enable');
    await inspector.post('Profiler.start');
    process.send?.({ profiling: true });
  }
  if (message.profile === 'stop') {
    const { profile } = await inspector.post('Profiler.stop');
    inspector.disconnect();
    process.send?.({ profile });
  }
});
process.send?.({ info });
