// Package health on what users will install: pack the package, then run publint and
// @arethetypeswrong/cli on the tarball itself (not on the work tree).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'klarefi-health-'));
try {
  const pnpm = process.env.npm_execpath;
  if (!pnpm) throw new Error('Run this through pnpm (pnpm run health), so workspace: ranges are rewritten on pack.');
  execFileSync(process.execPath, [pnpm, 'pack', '--pack-destination', dir], { stdio: 'ignore' });
  const tarball = join(dir, readdirSync(dir).find((f) => f.endsWith('.tgz')));
  const data = readFileSync(tarball);
  const { messages, pkg: packed } = await publint({
    pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) },
    level: 'suggestion',
    strict: true,
  });
  for (const m of messages) console.log(`publint ${m.type}: ${formatMessage(m, packed)}`);
  const bad = messages.filter((m) => m.type !== 'suggestion');
  execFileSync('attw', [tarball, '--format', 'table-flipped'], { stdio: 'inherit' });
  if (bad.length) {
    console.error(`${pkg.name}: publint found ${bad.length} problem(s) in the packed tarball.`);
    process.exit(1);
  }
  console.log(`${pkg.name}: publint and attw pass on ${tarball.split('/').pop()}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
