import { type KlarefiAnswer, methodNotAllowed, REFUSALS, refuse } from './answer.js';
import type { HeaderValue } from './webhook.js';
import type { ResolvedOptions } from './resolve.js';

/** What the core pulls from a start-claim request. */
export interface StartClaimRequest<TRequest = unknown> {
  method: string;
  /** A request header by its lower-case name (`accept` chooses the HTML or JSON 502). */
  header(name: string): HeaderValue;
  /** The framework's request, handed to the `session()` hook. */
  request: TRequest;
  /**
   * Aborted when the claimant goes away: session creation stops retrying.
   * @default none
   */
  signal?: AbortSignal;
  /**
   * Where the one line about a failed session creation goes (the framework's logger).
   * @default console.error
   */
  log?: (line: string) => void;
}

const PAGE = {
  en: {
    title: 'We could not start your claim',
    text: 'Please try again in a moment.',
    retry: 'Try again',
  },
  nl: {
    title: 'We konden uw claim niet starten',
    text: 'Probeer het over een moment opnieuw.',
    retry: 'Opnieuw proberen',
  },
} as const;

/** The 502 a person sees in a browser: a small page with a retry link, in the form's language. */
function failurePage(locale: string | undefined, retryHref: string): string {
  const t = locale?.toLowerCase().startsWith('nl') ? PAGE.nl : PAGE.en;
  const lang = t === PAGE.nl ? 'nl' : 'en';
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${t.title}</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:15vh auto;padding:0 1rem;color:#1a1a1a}a{display:inline-block;margin-top:1rem;padding:.6rem 1.2rem;background:#1a56db;color:#fff;border-radius:6px;text-decoration:none}</style></head><body><h1>${t.title}</h1><p>${t.text}</p><a href="${retryHref}">${t.retry}</a></body></html>`;
}

function wantsHtml(accept: HeaderValue): boolean {
  const value = Array.isArray(accept) ? accept.join(',') : accept;
  return typeof value === 'string' && value.includes('text/html');
}

// Control characters would split a header (CR/LF) or be dropped by the URL parser, changing the URL.
function hasControl(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/**
 * The `signed_url` as a header-safe `location`, or `null`: an absolute http(s) URL without
 * control characters, percent-encoded to ASCII by the URL parser (so a non-ASCII IRI still
 * redirects instead of making the framework throw while writing the header).
 */
export function safeLocation(value: unknown): string | null {
  if (typeof value !== 'string' || hasControl(value) || !/^https?:\/\//i.test(value)) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function describeCause(cause: unknown): string {
  if (typeof cause !== 'object' || cause === null) return String(cause);
  const { name, message, requestId } = cause as { name?: unknown; message?: unknown; requestId?: unknown };
  const ref = typeof requestId === 'string' ? ` (Klarefi request ${requestId})` : '';
  return `${typeof name === 'string' ? name : 'Error'}: ${typeof message === 'string' ? message : ''}${ref}`;
}

/**
 * The start-claim route: one answer for every outcome. Only the integrator's own `session()`
 * hook can make it reject, with the hook's own error, for the framework's error handling.
 */
export function createStartClaimHandler<TRequest>(
  o: ResolvedOptions<TRequest, unknown>,
): (req: StartClaimRequest<TRequest>) => Promise<KlarefiAnswer> {
  const { startClaim, client } = o;
  return async function handleStartClaim(req) {
    if (!startClaim || !client) return refuse('not_found', 'No start-claim route is configured.');
    if (req.method.toUpperCase() !== 'GET') return methodNotAllowed('GET');
    const extra = startClaim.session ? await startClaim.session(req.request) : undefined;
    if (extra !== undefined && (typeof extra !== 'object' || extra === null)) {
      throw new TypeError('startClaim.session() must return an object of session parameters (or undefined).');
    }
    const params = {
      case_type_id: startClaim.caseTypeId,
      ...(startClaim.ttlHours !== undefined && { ttl_hours: startClaim.ttlHours }),
      ...(startClaim.locale !== undefined && { locale: startClaim.locale }),
      ...extra,
    };
    const deadline = AbortSignal.timeout(startClaim.timeoutMs);
    const signal = req.signal ? AbortSignal.any([deadline, req.signal]) : deadline;
    let failure: string;
    try {
      const session = await client.createSession(params, { signal });
      const location = safeLocation(session?.signed_url);
      if (location !== null) {
        return {
          status: startClaim.redirectStatus,
          headers: { location, 'cache-control': 'no-store' },
          body: null,
          outcome: null,
        };
      }
      failure =
        'Klarefi answered without a usable signed_url (not an absolute http(s) URL, or with control characters).';
    } catch (cause) {
      failure = deadline.aborted
        ? `no session within startClaim.timeoutMs (${startClaim.timeoutMs} ms): ${describeCause(cause)}`
        : describeCause(cause);
    }
    (req.log ?? console.error)(`Klarefi start-claim failed: ${failure}`);
    if (wantsHtml(req.header('accept'))) {
      return {
        status: 502,
        headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
        body: failurePage(params.locale, startClaim.path.slice(1) || '.'),
        outcome: null,
      };
    }
    const answer = refuse('session_create_failed', REFUSALS.session_create_failed.message);
    answer.headers['cache-control'] = 'no-store';
    return answer;
  };
}
