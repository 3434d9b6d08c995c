/** How much of the receiver's answer an attempt keeps. */
export const EXCERPT_CHARS = 200;

/** The `code` of the JSON error body the receiver answered (`{"error":{"code":…}}` or `{"code":…}`). */
export function receiverErrorCode(text: string): string | null {
  if (!text.trimStart().startsWith('{')) return null;
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown }; code?: unknown };
    const code = typeof body.error === 'object' && body.error !== null ? body.error.code : body.code;
    return typeof code === 'string' && code !== '' ? code.slice(0, 100) : null;
  } catch {
    return null;
  }
}

/** The URL without user name and password, for log lines. */
export function safeUrl(url: string): string {
  const u = new URL(url);
  u.username = '';
  u.password = '';
  return u.href;
}

/** Why an attempt got no answer, in a few words (the error code when Node gives one). */
export function describeFetchError(error: unknown, timedOut: boolean, timeoutMs: number): string {
  if (timedOut) return `no answer within ${timeoutMs} ms`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message ?? 'request failed';
}
