import { startEmulator } from '@klarefi/emulator';
import { KlarefiClient } from '@klarefi/sdk';
const em = await startEmulator({ rateLimitPerMinute: 1_000_000_000, retrySchedule: [] });
const client = new KlarefiClient({ apiKey: em.apiKey, baseUrl: em.url });
for (let r = 0; r < 3; r++) {
  const t = performance.now();
  const c0 = process.cpuUsage();
  for (let i = 0; i < 200; i++) await client.createSession({ case_type_id: 'motor_claim' });
  const c = process.cpuUsage(c0);
  console.log(
    '200 sequential createSession',
    (performance.now() - t).toFixed(0),
    'ms wall',
    ((c.user + c.system) / 1000).toFixed(0),
    'ms cpu',
  );
}
const t = performance.now();
await Promise.all(
  Array.from({ length: 10 }, async () => {
    for (let i = 0; i < 50; i++) await client.createSession({ case_type_id: 'motor_claim' });
  }),
);
console.log('500 with 10 concurrent', (performance.now() - t).toFixed(0), 'ms');
await em.close();
