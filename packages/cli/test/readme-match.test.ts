import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { setupFor } from '../src/setup.js';
import { TEMPLATES } from '../src/templates/index.js';

const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

/**
 * The first ```ts block under `### <heading>` in the root README; a `ts no-check` block (which
 * docs:check skips) is type-checked here, as part of its starter.
 */
function readmeBlock(heading: string): string {
  const section = README.split(/^### /m).find((part) => part.startsWith(`${heading}\n`));
  const code = section && /^```ts(?: no-check)?\n([\s\S]*?)^```$/m.exec(section)?.[1];
  if (!code) throw new Error(`The root README has no \`\`\`ts block under "### ${heading}".`);
  return code;
}

/** Code lines, trimmed: no blank lines, no comment-only lines. */
const codeLines = (source: string) =>
  source
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('//'));

describe("each starter of `klarefi webhooks init` is the root README's block", () => {
  it.each([
    ['Express', 'express'],
    ['Fastify', 'fastify'],
    ['Hono', 'hono'],
    ['NestJS', 'nestjs'],
    ['Next.js', 'nextjs'],
    ['Koa', 'koa'],
    ['Nuxt, Nitro and h3', 'h3'],
    ['Elysia', 'elysia'],
    ['AWS Lambda', 'aws-lambda'],
    ['Azure Functions', 'azure-functions'],
    ['Google Cloud Functions', 'google-cloud-functions'],
  ])('%s: every line of the README block, in order (the port lines may add a host)', (heading, framework) => {
    const template = TEMPLATES[framework]!;
    const starter = codeLines(template.source(setupFor(template)));
    let at = 0;
    for (const line of codeLines(readmeBlock(heading))) {
      // The starters listen on 127.0.0.1 and say where; the README keeps that line short.
      if (/\b3000\b/.test(line)) continue;
      const found = starter.indexOf(line, at);
      expect(
        found,
        `"${line}" is missing from the ${framework} starter (or out of order)`,
      ).toBeGreaterThanOrEqual(0);
      at = found + 1;
    }
  });
});

const CLI_README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe("the CLI README's `webhooks init` section names every --framework", () => {
  const flagRow = /^\| `--framework <name>` \|([^\n]*)$/m.exec(CLI_README)?.[1] ?? '';
  it.each(Object.keys(TEMPLATES))(
    '%s: a row in the table with its default file, and in the flag row',
    (framework) => {
      const template = TEMPLATES[framework]!;
      const row = new RegExp(
        `^\\| \`${framework}\` +\\| \`${template.defaultOut.replace(/[.[\]]/g, '\\$&')}\``,
        'm',
      );
      expect(CLI_README, `no table row for ${framework} with \`${template.defaultOut}\``).toMatch(row);
      expect(flagRow).toContain(`\`${framework}\``);
    },
  );
});
