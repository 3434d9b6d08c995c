/**
 * @module
 * What the examples' tests share: a real case at the emulator, so the handler's `claim()` has a
 * case to read.
 */
import { KlarefiClient } from '@klarefi/sdk';
import { claimant } from '@klarefi/testing';

/** Where a test's emulator listens and the key it accepts (a `RunningEmulator` fits). */
export interface TestEmulator {
  url: string;
  apiKey: string;
}

/**
 * Creates a session at the emulator and submits its hosted form over HTTP, as a claimant would:
 * a real case that `claim()` can read. Answers not given come from a valid persona.
 * @param answers by question id, e.g. `{ license_plate: '??' }` for a case that needs review
 * @returns the case id
 */
export async function submitClaim(
  emulator: TestEmulator,
  answers: Record<string, string> = {},
  caseTypeId = 'motor_claim',
): Promise<string> {
  const client = new KlarefiClient({ apiKey: emulator.apiKey, baseUrl: emulator.url, maxRetries: 0 });
  const session = await client.createSession({ case_type_id: caseTypeId });
  return (await claimant(session.signed_url).submit(answers)).caseId;
}
