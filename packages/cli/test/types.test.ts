import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/index.js';

const run = promisify(execFile);
// Inside the package, so the fixture's `import … from '@klarefi/sdk'` resolves like an app's would.
const HERE = fileURLToPath(new URL('.', import.meta.url));
const TSC = fileURLToPath(new URL('../../../node_modules/typescript/bin/tsc', import.meta.url));
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(HERE, '.types-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sink() {
  let text = '';
  return {
    write(chunk: string) {
      text += chunk;
      return true;
    },
    get text() {
      return text;
    },
  };
}

async function cli(args: string[], cwd = dir) {
  const stdout = sink();
  const stderr = sink();
  const code = await main(args, { stdout, stderr, env: {}, cwd });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

const CONFIG = (extra = '') => `import { defineCaseType, defineConfig } from '@klarefi/sdk/claims';

const bikeClaim = defineCaseType({
  id: 'bike_claim',
  name: { en: 'Bike claim', nl: 'Fietsschade' },
  questions: [
    { id: 'theft_date', kind: 'date', label: { en: 'Date of the theft', nl: 'Datum' }, required: true },
    { id: 'bike_value', kind: 'amount', label: { en: 'Value of the bike', nl: 'Waarde' }, required: true },
    { id: 'frame_number', kind: 'text', label: { en: 'Frame number */', nl: 'Framenummer' } },${extra}
  ],
});
const petClaim = defineCaseType({
  id: 'pet_claim',
  name: { en: 'Pet claim', nl: 'Dierenclaim' },
  questions: [{ id: 'vet_invoice_total', kind: 'amount', label: { en: 'Invoice total', nl: 'Totaal' }, required: true }],
});

export default defineConfig({ caseTypes: [bikeClaim, petClaim] });
`;

const USE = `import { createKlarefiHandler, type Money } from '@klarefi/sdk';

createKlarefiHandler({
  webhookSecret: 'whsec_x',
  startClaim: false,
  on: {
    'case.completed': async (_event, { claim }) => {
      const c = await claim();
      // @ts-expect-error: the case type was not checked
      c.values.theft_date;
      if (c.caseTypeId === 'bike_claim' && c.complete) {
        const date: string = c.values.theft_date;
        const value: Money = c.values.bike_value;
        const frame: string | undefined = c.values.frame_number;
        // @ts-expect-error: a wrong feature name
        c.values.theft_time;
        // @ts-expect-error: a wrong value type
        const n: number = c.values.bike_value;
        void [date, value, frame, n];
      }
    },
  },
});
`;

describe('klarefi types', () => {
  it('writes klarefi-env.d.ts from klarefi.config.ts; tsc then types claim() by it', async () => {
    writeFileSync(join(dir, 'klarefi.config.ts'), CONFIG());
    const first = await cli(['types']);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toBe('Wrote klarefi-env.d.ts (2 case types from klarefi.config.ts).\n');
    const generated = readFileSync(join(dir, 'klarefi-env.d.ts'), 'utf8');
    expect(generated).toContain('export interface BikeClaimValues {');
    expect(generated).toContain(
      '  /** Frame number *\\/. Text. Optional. */\n  frame_number?: string | undefined;',
    );
    expect(generated).toContain('      pet_claim: PetClaimValues;');

    writeFileSync(join(dir, 'use.ts'), USE);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        extends: '../../../../tsconfig.base.json',
        compilerOptions: { types: [] },
        include: ['use.ts', 'klarefi-env.d.ts'],
      }),
    );
    const tsc = await run(process.execPath, [TSC, '-p', join(dir, 'tsconfig.json')]).then(
      () => ({ code: 0, out: '' }),
      (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
    );
    expect(tsc).toEqual({ code: 0, out: '' });
  });

  it('is stable: the same input gives the same bytes, whatever the config order; --check passes', async () => {
    writeFileSync(join(dir, 'klarefi.config.ts'), CONFIG());
    await cli(['types']);
    const before = readFileSync(join(dir, 'klarefi-env.d.ts'));
    const again = await cli(['types']);
    expect(again.stdout).toBe('Unchanged klarefi-env.d.ts (2 case types from klarefi.config.ts).\n');
    writeFileSync(
      join(dir, 'klarefi.config.ts'),
      CONFIG().replace('[bikeClaim, petClaim]', '[petClaim, bikeClaim]'),
    );
    await cli(['types']);
    expect(readFileSync(join(dir, 'klarefi-env.d.ts')).equals(before)).toBe(true);
    expect(await cli(['types', '--check'])).toMatchObject({
      code: 0,
      stdout: 'klarefi-env.d.ts is up to date (2 case types).\n',
    });
  });

  it('--check exits 1 and writes nothing when the config changed', async () => {
    writeFileSync(join(dir, 'klarefi.config.ts'), CONFIG());
    await cli(['types']);
    const before = readFileSync(join(dir, 'klarefi-env.d.ts'), 'utf8');
    writeFileSync(
      join(dir, 'klarefi.config.ts'),
      CONFIG("\n    { id: 'lock_brand', kind: 'text', label: { en: 'Lock', nl: 'Slot' } },"),
    );
    const check = await cli(['types', '--check']);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(
      'klarefi-env.d.ts is stale: klarefi.config.ts changed since it was generated. Run `npx klarefi types` and commit it.',
    );
    expect(readFileSync(join(dir, 'klarefi-env.d.ts'), 'utf8')).toBe(before);
  });

  it('reads klarefi.config.json ({ caseTypes }) and writes Python TypedDicts that Python runs', async () => {
    const json = mkdtempSync(join(HERE, '.types-json-'));
    try {
      const caseTypes = [
        {
          id: 'bike_claim',
          name: { en: 'Bike claim', nl: 'Fietsschade' },
          questions: [
            { id: 'theft_date', kind: 'date', label: { en: 'Date', nl: 'Datum' }, required: true },
            { id: 'bike_value', kind: 'amount', label: { en: 'Value', nl: 'Waarde' } },
          ],
        },
      ];
      writeFileSync(join(json, 'klarefi.config.json'), JSON.stringify({ caseTypes }));
      const result = await cli(['types', '--lang', 'python'], json);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      const py = join(json, 'klarefi_types.py');
      expect(readFileSync(py, 'utf8')).toContain(
        'class BikeClaimValues(_BikeClaimValuesRequired, total=False):',
      );
      const { stdout } = await run('python3', [
        '-c',
        `import runpy; m = runpy.run_path(${JSON.stringify(py)}); v = m["BikeClaimValues"]; print(sorted(v.__required_keys__), sorted(v.__optional_keys__), list(m["CASE_TYPES"]))`,
      ]);
      expect(stdout.trim()).toBe("['theft_date'] ['bike_value'] ['bike_claim']");
    } finally {
      rmSync(json, { recursive: true, force: true });
    }
  });

  it('names the file and the field when the config is wrong, and says how to start without one', async () => {
    const bad = mkdtempSync(join(HERE, '.types-bad-'));
    try {
      const none = await cli(['types'], bad);
      expect(none.code).toBe(2);
      expect(none.stderr).toContain('No case types to generate from: create klarefi.config.ts');
      writeFileSync(join(bad, 'klarefi.config.json'), JSON.stringify([{ id: 'x', name: { en: 'X' } }]));
      const wrong = await cli(['types'], bad);
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toContain(
        'klarefi.config.json: caseTypes[0] ("x").name.nl must be a non-empty string.',
      );
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });

  it('klarefi dev serves the case types of klarefi.config.* without flags', async () => {
    writeFileSync(join(dir, 'klarefi.config.ts'), CONFIG());
    const stdout = sink();
    const controller = new AbortController();
    const exit = main(['dev', '--port', '0', '--json', '--thin-bodies'], {
      stdout,
      stderr: sink(),
      env: {},
      cwd: dir,
      signal: controller.signal,
    });
    await expect.poll(() => stdout.text.includes('\n'), { timeout: 10_000 }).toBe(true);
    const info = JSON.parse(stdout.text) as { url: string; apiKey: string };
    const res = await fetch(`${info.url}/api/v1/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${info.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ case_type_id: 'bike_claim', idempotency_key: 'bike-1' }),
    });
    expect(res.status).toBe(201);
    controller.abort();
    expect(await exit).toBe(0);
  });
});
