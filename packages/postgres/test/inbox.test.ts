import { postgresAvailable, testServerUrl } from '@klarefi/test-servers';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INBOX_KINDS } from './inbox-clients.js';

for (const kind of INBOX_KINDS) {
  const tag = kind.name.replace(/\W+/g, '_').toLowerCase();
  describe.skipIf(!postgresAvailable())(`the inbox on ${kind.name}`, () => {
    const table = `inbox_${tag}`;
    const claims = `claims_${tag}`;
    let made: Awaited<ReturnType<typeof kind.make>>;
    let admin: pg.Pool;
    beforeAll(async () => {
      admin = new pg.Pool({ connectionString: testServerUrl('postgres'), max: 4 });
      await admin.query(`CREATE TABLE IF NOT EXISTS ${claims} (case_id text NOT NULL)`);
      made = await kind.make(testServerUrl('postgres'), table, { lockWaitMs: 3_000 });
    });
    afterAll(async () => {
      await made?.close();
      await admin?.end();
    });

    const count = async (caseId: string) =>
      (await admin.query(`SELECT count(*)::int AS n FROM ${claims} WHERE case_id = $1`, [caseId])).rows[0].n;
    const recorded = async (key: string) =>
      (await admin.query(`SELECT count(*)::int AS n FROM ${table} WHERE key = $1`, [key])).rows[0].n;

    it('processes a delivery once; the same key again is a duplicate and its effect does not run', async () => {
      let runs = 0;
      const effect = async (tx: unknown) => {
        runs++;
        await made.writeClaim(tx, claims, 'case_dup');
      };
      expect(await made.inbox.process('whd_dup', effect)).toBe('processed');
      expect(await made.inbox.process('whd_dup', effect)).toBe('duplicate');
      expect(runs).toBe(1);
      expect(await count('case_dup')).toBe(1);
      expect(await recorded('whd_dup')).toBe(1);
    });

    it('50 concurrent copies of one delivery: one effect, the others duplicates', async () => {
      let runs = 0;
      const answers = await Promise.all(
        Array.from({ length: 50 }, () =>
          made.inbox.process('whd_fifty', async (tx) => {
            runs++;
            await made.writeClaim(tx, claims, 'case_fifty');
            // Hold the transaction open a moment, so the others wait on its key.
            await new Promise((resolve) => setTimeout(resolve, 20));
          }),
        ),
      );
      expect(answers.filter((answer) => answer === 'processed')).toHaveLength(1);
      expect(answers.filter((answer) => answer === 'duplicate')).toHaveLength(49);
      expect(runs).toBe(1);
      expect(await count('case_fifty')).toBe(1);
    });

    it('a handler that throws after a partial write leaves nothing; the retry writes once', async () => {
      const failure = new Error('the handler failed after its first write');
      await expect(
        made.inbox.process('whd_partial', async (tx) => {
          await made.writeClaim(tx, claims, 'case_partial');
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await count('case_partial')).toBe(0);
      expect(await recorded('whd_partial')).toBe(0);
      expect(
        await made.inbox.process('whd_partial', (tx) => made.writeClaim(tx, claims, 'case_partial')),
      ).toBe('processed');
      expect(await count('case_partial')).toBe(1);
    });

    it('waits for a transaction holding the key: duplicate if it commits, runs if it rolls back, in_progress past the bound', async () => {
      const holder = await admin.connect();
      try {
        // Commits while the inbox waits: a duplicate, effect not run.
        await holder.query('BEGIN');
        await holder.query(`INSERT INTO ${table} (key) VALUES ('whd_held')`);
        let ran = false;
        const waiting = made.inbox.process('whd_held', async () => {
          ran = true;
        });
        await new Promise((resolve) => setTimeout(resolve, 200));
        await holder.query('COMMIT');
        expect(await waiting).toBe('duplicate');
        expect(ran).toBe(false);

        // Rolls back while the inbox waits: this one runs.
        await holder.query('BEGIN');
        await holder.query(`INSERT INTO ${table} (key) VALUES ('whd_rolled')`);
        const runs = made.inbox.process('whd_rolled', (tx) => made.writeClaim(tx, claims, 'case_rolled'));
        await new Promise((resolve) => setTimeout(resolve, 200));
        await holder.query('ROLLBACK');
        expect(await runs).toBe('processed');
        expect(await count('case_rolled')).toBe(1);

        // Held past lockWaitMs: in_progress, nothing recorded, and it runs once the holder is gone.
        await holder.query('BEGIN');
        await holder.query(`INSERT INTO ${table} (key) VALUES ('whd_long')`);
        expect(await made.inbox.process('whd_long', (tx) => made.writeClaim(tx, claims, 'case_long'))).toBe(
          'in_progress',
        );
        await holder.query('ROLLBACK');
        expect(await count('case_long')).toBe(0);
        expect(await made.inbox.process('whd_long', (tx) => made.writeClaim(tx, claims, 'case_long'))).toBe(
          'processed',
        );
        expect(await count('case_long')).toBe(1);
      } finally {
        holder.release();
      }
    }, 20_000);

    it("does not bound the handler's own lock waits by lockWaitMs", async () => {
      let seen = '';
      await made.inbox.process('whd_timeout', async (tx) => {
        seen = await made.lockTimeout(tx);
      });
      expect(seen).toBe('0');
    });

    it('returned every connection it took', () => {
      expect(made.leaked()).toBe(0);
    });
  });
}
