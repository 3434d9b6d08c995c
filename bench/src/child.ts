/**
 * A child process that runs one server and reports its port over IPC, so that the load
 * generator in the parent never shares an event loop with the server it measures.
 * argv: `<scenario id | emulator> <options JSON>`. Exits when the parent disconnects.
 */
import { scenario } from './servers/index.js';

const [id = '', json = '{}'] = process.argv.slice(2);
const options = JSON.parse(json);

async function main(): Promise<{ message: Record<string, unknown>; close: () => Promise<void> }> {
  if (id === 'emulator') {
    const { startEmulator } = await import('@klarefi/emulator');
    const emulator = await startEmulator(options);
    return { message: { url: emulator.url, apiKey: emulator.apiKey }, close: () => emulator.close() };
  }
  const server = await (await scenario(id))(options);
  return { message: { port: server.port }, close: () => server.close() };
}

const { message, close } = await main();
let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await close();
  process.exit(0);
}
process.on('disconnect', stop);
process.on('SIGTERM', stop);
process.send?.(message);
