import { execFileSync } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findBinary, freePort, requireOrSkip, startServer, type TestServer } from './process.js';

const BIN = process.env.KLAREFI_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const FIX = `Install PostgreSQL 15 (apt-get install -y postgresql-15) or set KLAREFI_PG_BIN to its bin dir.`;

/** True when PostgreSQL's `initdb` and `postgres` exist; throws under `CI=true` when not, else warns loudly. */
export function postgresAvailable(): boolean {
  return (
    requireOrSkip('PostgreSQL', join(BIN, 'initdb'), FIX) &&
    requireOrSkip('PostgreSQL', join(BIN, 'postgres'), FIX)
  );
}

const asRoot = process.getuid?.() === 0;

// PostgreSQL refuses to run as root: as root, its dirs belong to, and it runs as, the `postgres` OS user.
function giveToServerUser(...dirs: string[]): void {
  if (!asRoot) return;
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  for (const dir of dirs) chownSync(dir, uid, gid);
}

function asServerUser(command: string, args: string[]): [string, string[]] {
  return asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

/**
 * Starts a throwaway PostgreSQL 15 (`initdb` + `postgres`) in a temp dir, on 127.0.0.1 and a
 * free port, trust auth, fsync off. Connect as user `postgres` to database `postgres`.
 */
export async function startPostgres(): Promise<TestServer> {
  const initdb = join(BIN, 'initdb');
  const postgres = join(BIN, 'postgres');
  if (!findBinary(initdb) || !findBinary(postgres)) throw new Error(`PostgreSQL not found in ${BIN}. ${FIX}`);
  const dir = mkdtempSync(join(tmpdir(), 'klarefi-pg-'));
  const data = join(dir, 'data');
  mkdirSync(data, { mode: 0o700 });
  giveToServerUser(dir, data);
  const [initCommand, initArgs] = asServerUser(initdb, [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '--no-sync',
    '-E',
    'UTF8',
    '--no-instructions',
  ]);
  execFileSync(initCommand, initArgs, { stdio: 'pipe' });
  const port = await freePort();
  const [command, args] = asServerUser(postgres, [
    '-D',
    data,
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
    '-c',
    'synchronous_commit=off',
    '-c',
    'full_page_writes=off',
    '-c',
    'max_connections=200',
  ]);
  return startServer({
    command,
    args,
    dir,
    ready: /database system is ready to accept connections/,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
  });
}
