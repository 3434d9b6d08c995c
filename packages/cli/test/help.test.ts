import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { requireBuiltCli, runCli } from './helpers.js';

beforeAll(requireBuiltCli);

const version = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

describe('klarefi --help and --version', () => {
  it('lists every command', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const command of [
      'dev',
      'sessions create',
      'webhooks trigger',
      'webhooks init',
      'webhooks verify',
    ]) {
      expect(result.stdout).toContain(command);
    }
    expect(result.stdout).toContain('KLAREFI_API_KEY');
    expect(result.stderr).toBe('');
  });

  it('prints help with no arguments', async () => {
    const result = await runCli([]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage');
  });

  it('prints the package version', async () => {
    for (const flag of ['--version', '-v']) {
      const result = await runCli([flag]);
      expect(result.code).toBe(0);
      expect(result.stdout.trim()).toBe(version);
    }
  });

  it.each([
    [['dev', '--help'], '--forward-to'],
    [['sessions', 'create', '--help'], '--case-type'],
    [['sessions', 'create', '-h'], '--url-only'],
    [['webhooks', 'trigger', '--help'], '--legacy'],
    [['webhooks', 'init', '--help'], '--framework'],
    [['help', 'webhooks', 'init'], '--force'],
    [['webhooks', 'verify', '--help'], '--body-file'],
    [['sessions', '--help'], 'sessions create'],
    [['webhooks', '--help'], 'webhooks trigger'],
  ])('klarefi %j shows the command help', async (args, flag) => {
    const result = await runCli(args);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage');
    expect(result.stdout).toContain(flag);
  });

  it('--help wins over missing required flags', async () => {
    const result = await runCli(['sessions', 'create', '--help', '--bogus']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--case-type');
  });
});

describe('bad usage exits 2 and points to --help', () => {
  it('names an unknown command', async () => {
    const result = await runCli(['deploy']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown command 'deploy'");
    expect(result.stderr).toContain('klarefi --help');
    expect(result.stdout).toBe('');
  });

  it('names an unknown subcommand', async () => {
    const result = await runCli(['webhooks', 'resend']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown command 'webhooks resend'");
    expect(result.stderr).toContain('klarefi webhooks --help');
  });

  it('asks for a subcommand', async () => {
    const result = await runCli(['sessions']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('needs a subcommand');
    expect(result.stderr).toContain('sessions create');
  });

  it('names an unknown flag', async () => {
    const result = await runCli(['dev', '--prot', '4011']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unknown flag '--prot'");
    expect(result.stderr).toContain('klarefi dev --help');
  });

  it('names a flag given without its value', async () => {
    const result = await runCli(['webhooks', 'init', '--framework']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("'--framework' needs a value");
    expect(result.stderr).toContain('klarefi webhooks init --help');
  });

  it('refuses stray arguments', async () => {
    const result = await runCli(['sessions', 'create', 'motor_claim']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unexpected argument 'motor_claim'");
  });

  it('a negative number is a value: the range error, not a flag error', async () => {
    const result = await runCli(['dev', '--port', '-5']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--port must be a whole number from 0 to 65535 (got '-5')");
    expect(result.stderr.trim().split('\n')).toHaveLength(2);
  });

  it('says each message once', async () => {
    const result = await runCli(['sessions', 'create', 'motor_claim', 'extra']);
    expect(result.stderr.match(/Unexpected argument/g)).toHaveLength(1);
  });

  it('names a malformed number', async () => {
    const result = await runCli(['dev', '--port', 'eighty']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--port must be a whole number');
  });

  it('does not print a stack trace', async () => {
    const result = await runCli(['dev', '--retry-schedule', 'sometimes']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--retry-schedule must be 'dev' or 'service'");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
