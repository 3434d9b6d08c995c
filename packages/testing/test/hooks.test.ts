import { describe, expect, it } from 'vitest';
import { KlarefiConfigError, startKlarefiTest } from '../src/index.js';
import { useKlarefi } from '../src/vitest.js';

describe('useKlarefi() for vitest', () => {
  const klarefi = useKlarefi();
  // Read while the file is collected, before beforeAll ran: the error says where to read it.
  let early: unknown;
  try {
    void klarefi.apiKey;
  } catch (error) {
    early = error;
  }

  it('explains a read before beforeAll', () => {
    expect(early).toBeInstanceOf(KlarefiConfigError);
    expect((early as Error).message).toMatch(/inside a test or a hook/);
  });

  it('is a running emulator inside a test', async () => {
    expect(klarefi.apiKey).toMatch(/^sk_test_/);
    expect((await fetch(`${klarefi.baseUrl}/api/v1/health`)).status).toBe(200);
    expect(klarefi.env.KLAREFI_API_BASE_URL).toBe(klarefi.baseUrl);
  });
});

describe('startKlarefiTest options', () => {
  it.each([
    [{ forwardTo: 'not a url' }, /webhook URL/],
    [{ forwardTo: 42 as never }, /fetch handler/],
    [{ webhookPath: 'webhooks' }, /starting with '\/'/],
    [{ apiKey: 'sk_live_abcdef123456' }, /live key/],
  ])('%j is refused with what to pass', async (options, message) => {
    await expect(startKlarefiTest(options)).rejects.toThrow(message);
  });

  it('two fixtures share nothing: ports, keys and secrets differ', async () => {
    const [a, b] = await Promise.all([startKlarefiTest(), startKlarefiTest()]);
    expect(a.baseUrl).not.toBe(b.baseUrl);
    expect(a.apiKey).not.toBe(b.apiKey);
    expect(a.webhookSecret).not.toBe(b.webhookSecret);
    await Promise.all([a.close(), b.close(), a.close()]);
  });
});
