import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { postgresAvailable, redisAvailable, startPostgres, startRedis } from '../src/index.js';

function redisPing(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.end();
      resolve(data.toString());
    });
    socket.once('error', reject);
  });
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe.skipIf(!redisAvailable())('startRedis', () => {
  it('answers PING, then stops and frees its port', async () => {
    const redis = await startRedis();
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
    expect(await redisPing(redis.port)).toBe('+PONG\r\n');
    await redis.stop();
    expect(await refused(redis.port)).toBe(true);
  });
});

describe.skipIf(!redisAvailable())('a killed server', () => {
  it('refuses connections after kill() and answers again on the same port after restart()', async () => {
    const redis = await startRedis();
    try {
      await redis.kill();
      expect(await refused(redis.port)).toBe(true);
      await expect(redis.restart()).resolves.toBeUndefined();
      expect(await redisPing(redis.port)).toBe('+PONG\r\n');
    } finally {
      await redis.stop();
    }
  });
});

describe.skipIf(!postgresAvailable())('a killed PostgreSQL', () => {
  it('keeps its checkpointed data through kill() and restart()', async () => {
    const pg = await startPostgres();
    const psql = (sql: string) =>
      execFileSync('/usr/lib/postgresql/15/bin/psql', [pg.url, '-At', '-c', sql]).toString().trim();
    try {
      psql('CREATE TABLE kept (n int); INSERT INTO kept VALUES (7)');
      // Its own statement: inside the one above it would run before that transaction commits.
      psql('CHECKPOINT');
      await pg.kill();
      expect(await refused(pg.port)).toBe(true);
      await pg.restart();
      expect(psql('SELECT n FROM kept')).toBe('7');
    } finally {
      await pg.stop();
    }
  });
});

describe.skipIf(!postgresAvailable())('startPostgres', () => {
  it('answers a query over TCP, then stops, frees its port and removes its dir', async () => {
    const pg = await startPostgres();
    const psql = '/usr/lib/postgresql/15/bin/psql';
    expect(execFileSync(psql, [pg.url, '-At', '-c', 'select 40 + 2']).toString().trim()).toBe('42');
    const dir = execFileSync(psql, [pg.url, '-At', '-c', 'show data_directory']).toString().trim();
    expect(existsSync(dir)).toBe(true);
    await pg.stop();
    expect(await refused(pg.port)).toBe(true);
    expect(existsSync(dir)).toBe(false);
  });
});
