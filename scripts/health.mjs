// Package health on what users will install: pack the package, then run publint and
// @arethetypeswrong/cli on the tarball itself (not on the work tree).
// `pnpm health` in a package runs it on that package; scripts/release-check.mjs imports checkTarball.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

/**
 * Runs publint (strict) and attw on one packed tarball.
 * @returns {Promise<{ name: string, ok: boolean, report: string }>} `report` holds both tools' findings.
 */
export async function checkTarball(tarball) {
  const data = readFileSync(tarball);
  const { messages, pkg } = await publint({
    pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) },
    level: 'suggestion',
    strict: true,
  });
  const lines = messages.map((m) => `publint ${m.type}: ${formatMessage(m, pkg)}`);
  const bad = messages.filter((m) => m.type !== 'suggestion');
  const attw = await new Promise((resolve) =>
    execFile('attw', [tarball, '--format', 'table-flipped'], (error, stdout, stderr) =>
      resolve({ ok: !error, output: stripVTControlCharacters(`${stdout}${stderr}`).trim() }),
    ),
  );
  lines.push(attw.output);
  if (bad.length) lines.push(`${pkg.name}: publint found ${bad.length} problem(s) in the packed tarball.`);
  if (!attw.ok) lines.push(`${pkg.name}: attw found problems in the packed tarball (table above).`);
  return { name: pkg.name, ok: bad.length === 0 && attw.ok, report: lines.join('\n') };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'klarefi-health-'));
  try {
    const pnpm = process.env.npm_execpath;
    if (!pnpm)
      throw new Error('Run this through pnpm (pnpm run health), so workspace: ranges are rewritten on pack.');
    execFileSync(process.execPath, [pnpm, 'pack', '--pack-destination', dir], { stdio: 'ignore' });
    const tarball = join(
      dir,
      readdirSync(dir).find((f) => f.endsWith('.tgz')),
    );
    const { name, ok, report } = await checkTarball(tarball);
    console.log(report);
    if (!ok) process.exitCode = 1;
    else console.log(`${name}: publint and attw pass on ${tarball.split('/').pop()}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
