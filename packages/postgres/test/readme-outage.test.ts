import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { generateTestHeader } from '@klarefi/sdk';
import { postgresAvailable, startPostgres, type TestServer } from '@klarefi/test-servers';
import { type ChildApp, deliver, readmeBlocks, runExpressBlock } from '@klarefi/test-servers/app';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const SECRET = 'whsec_readme_postgres';
const sign = (payload: string) => generateTestHeader({ payload, secret: SECRET });
const dir = fileURLToPath(new URL('..', import.meta.url));
const [code] = readmeBlocks(fileURLToPath(new URL('../README.md', import.meta.url)), 'PostgresDedupeStore({');

// The README's own set-up, run as its user would, with its PostgreSQL killed and restarted: the
// process must stay up, answer 503 while the database is away, and 200 once it is back.
describe.skipIf(!postgresAvailable())("the README's pg Pool app while PostgreSQL restarts", () => {
  let postgres: TestServer;
  let app: ChildApp;
  beforeAll(async () => {
    expect(code).toContain('klarefiRouter(');
    postgres = await startPostgres();
    app = await runExpressBlock({
      code: code as string,
      dir,
      env: { DATABASE_URL: postgres.url, KLAREFI_WEBHOOK_SECRET: SECRET },
    });
  });
  afterAll(async () => {
    await app?.stop();
    await postgres?.stop();
  });

  it('stays alive, answers 503 while PostgreSQL is down, and 200 after the restart', async () => {
    // Several at once, so the pool holds idle connections when the server dies.
    const first = await Promise.all(
      Array.from({ length: 5 }, (_, i) => deliver(app, sign, `whd_before_${i}`)),
    );
    expect(first).toEqual([200, 200, 200, 200, 200]);
    // The test server runs with fsync and synchronous commit off: only a checkpoint makes sure the
    // table the store created is on disk when the server is killed (a real server keeps it anyway).
    execFileSync('/usr/lib/postgresql/15/bin/psql', [postgres.url, '-At', '-c', 'CHECKPOINT']);
    await postgres.kill();
    const whileDown: Array<number | 'conn'> = [];
    for (let i = 0; i < 5; i++) {
      whileDown.push(await deliver(app, sign, `whd_down_${i}`));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(app.alive()).toBe(true);
    expect(whileDown).toEqual([503, 503, 503, 503, 503]);
    await postgres.restart();
    await vi.waitFor(async () => expect(await deliver(app, sign, 'whd_down_0')).toBe(200), {
      timeout: 30_000,
      interval: 200,
    });
    expect(await deliver(app, sign, 'whd_after')).toBe(200);
    expect(app.alive()).toBe(true);
    expect(app.stderr()).toContain('KLAREFI_POSTGRES_CLIENT_ERROR');
  }, 60_000);
});
