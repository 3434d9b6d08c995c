import { sampleEvent } from '@klarefi/emulator';
import { createSignatureHeader } from '@klarefi/sdk';
import pkg from '../../package.json' with { type: 'json' };
import { parseFlags, requireHttpUrl } from '../args.js';
import { documentedType, formatEventList } from '../events.js';
import {
  CommandError,
  excerptOf,
  println,
  type ResolvedIO,
  UsageError,
  warnIfNotSigningSecret,
} from '../io.js';

const COMMAND = 'webhooks trigger';
/** The service waits this long for a receiver to answer; so does the trigger. */
const TIMEOUT_MS = 30_000;
const EXCERPT_CHARS = 300;

const FLAGS = {
  'forward-to': { type: 'string' },
  secret: { type: 'string' },
  legacy: { type: 'boolean' },
  'case-id': { type: 'string' },
  list: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

/** `klarefi webhooks trigger`: signs one sample event and POSTs it to a receiver. */
export async function runWebhooksTrigger(argv: string[], io: ResolvedIO): Promise<number> {
  const { flags, positionals } = parseFlags(argv, FLAGS, COMMAND, 1);
  if (flags.list) {
    println(io.stdout, 'Event types (the v1. prefix is optional):');
    println(io.stdout, formatEventList());
    return 0;
  }
  const name = positionals[0];
  if (!name)
    throw new UsageError('Missing the event type, e.g. `klarefi webhooks trigger case.completed`.', COMMAND);
  const type = documentedType(name);
  if (!type)
    throw new UsageError(`Unknown event type '${name}'. Documented types:\n${formatEventList()}`, COMMAND);
  if (!flags['forward-to']) {
    throw new UsageError(
      'Missing --forward-to, e.g. --forward-to http://127.0.0.1:3000/webhooks/klarefi.',
      COMMAND,
    );
  }
  const url = requireHttpUrl(flags['forward-to'], '--forward-to', COMMAND).href;
  const secret = flags.secret ?? io.env.KLAREFI_WEBHOOK_SECRET;
  if (!secret?.trim()) {
    throw new UsageError(
      'Set KLAREFI_WEBHOOK_SECRET (or pass --secret whsec_...); `klarefi dev` prints one.',
      COMMAND,
    );
  }

  warnIfNotSigningSecret(secret, io);

  const legacy = flags.legacy === true;
  const event = sampleEvent(type, { legacy, ...(flags['case-id'] ? { caseId: flags['case-id'] } : {}) });
  const body = JSON.stringify(event);
  const signature = createSignatureHeader({ payload: body, secrets: secret });
  const sentType = String(legacy ? event.event : event.event_type);
  const deliveryId = typeof event.delivery_id === 'string' ? event.delivery_id : null;
  if (!flags.json) println(io.stdout, `--> ${sentType} ${deliveryId ?? '(legacy body: no delivery_id)'}`);

  const started = performance.now();
  let response: Response;
  let text: string;
  try {
    response = await io.fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': `klarefi-cli/${pkg.version}`,
        'x-klarefi-signature': signature,
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    text = await response.text();
  } catch (error) {
    const reason = describeFetchError(error);
    if (flags.json)
      println(
        io.stdout,
        JSON.stringify({ ok: false, event_type: sentType, delivery_id: deliveryId, url, error: reason }),
      );
    throw new CommandError(`<-- failed ${url}: ${reason}. Is your app listening there? Check --forward-to.`);
  }
  const ms = Math.round(performance.now() - started);
  const ok = response.status >= 200 && response.status < 300;
  const excerpt = excerptOf(text, EXCERPT_CHARS);

  if (flags.json) {
    println(
      io.stdout,
      JSON.stringify({
        ok,
        event_type: sentType,
        delivery_id: deliveryId,
        url,
        status: response.status,
        duration_ms: ms,
        response: excerpt,
      }),
    );
  } else {
    println(io.stdout, `<-- ${response.status} ${url} ${ms}ms`);
    if (excerpt) println(io.stdout, `    ${excerpt}`);
  }
  if (!ok)
    println(io.stderr, `klarefi: the receiver answered ${response.status}, not 2xx.${hint(response.status)}`);
  return ok ? 0 : 1;
}

function hint(status: number): string {
  if (status === 400 || status === 401) {
    return ' If it rejected the signature, make sure it verifies with the same secret as --secret / KLAREFI_WEBHOOK_SECRET and reads the raw body.';
  }
  if (status === 404 || status === 405) return ' Check the path in --forward-to.';
  return '';
}

function describeFetchError(error: unknown): string {
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${TIMEOUT_MS / 1000} s`;
  }
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused (ECONNREFUSED)';
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ''}`;
  return error instanceof Error ? error.message : String(error);
}
