import { TEMPLATES } from './templates/index.js';

/** The `--framework` values, wrapped to the help's flag column. */
const FRAMEWORK_LIST = Object.keys(TEMPLATES)
  .join(', ')
  .replace(/(.{1,54})(?:, |$)/g, '$1,\n                        ')
  .replace(/,\n\s*$/, '');

/** The `--help` text of every command, keyed by its name (`''` is `klarefi` itself). */
export const HELP: Record<string, string> = {
  '': `klarefi: a local Klarefi and tools for integrating Klarefi's hosted intake

Usage
  klarefi <command> [flags]

Commands
  dev                  Start a local Klarefi (API, hosted form, signed webhooks, dashboard)
  doctor               Check a running webhook receiver, in any language, and say what is wrong
  sessions create      Create an intake session and print its signed URL
  types                Generate typed claims from klarefi.config.* (klarefi-env.d.ts)
  webhooks trigger     Send one signed sample event to your webhook receiver
  webhooks init        Write a starter webhook receiver for your framework
  webhooks verify      Check one captured delivery's signature and say what failed

Flags
  -h, --help           Show help (also: klarefi <command> --help)
  -v, --version        Print the version

Environment
  KLAREFI_API_KEY          API key for \`sessions create\` (\`klarefi dev\` prints a test key)
  KLAREFI_API_BASE_URL     API base URL (default: Klarefi's service)
  KLAREFI_WEBHOOK_SECRET   Signing secret for \`doctor\`, \`webhooks trigger\` and \`webhooks verify\`

Exit codes: 0 success, 1 the command failed, 2 bad usage or configuration.`,

  dev: `klarefi dev: start a local Klarefi

Runs the emulator: the API under /api/v1, the hosted intake form at each session's
signed_url, signed webhook delivery with retries, and a dashboard. The test key and
signing secret stay the same across restarts, so an app configured once keeps working.

Usage
  klarefi dev [flags]

Flags
  --port <n>                Port to listen on; 0 picks a free one (default 4010)
  --host <host>             Interface to listen on (default 127.0.0.1)
  --forward-to <url>        Deliver webhooks to this URL; repeat for several
                            (default http://127.0.0.1:3000/webhooks/klarefi)
                            none: deliver nowhere until endpoints are added
                            (POST /_emulator/endpoints, as the pytest plugin does)
  --secret <whsec_...>      Webhook signing secret for the forwarded endpoints
  --previous-secret <whsec_...>
                            The secret before --secret, for signWith: 'previous-secret' faults
  --api-key <sk_test_...>   Test API key the emulator accepts
  --case-types <file.json>  Extra case types (with their questions) from a JSON file
                            (default: klarefi.config.* in this directory, when present)
  --thin-bodies             Send case events with data { case_status } only, as documented;
                            receivers read the case for its features
  --data-file <path>        Keep sessions, cases and queued deliveries in this file
  --retry-schedule <name>   dev (fast: first retry within seconds) or service (like Klarefi)
  --json                    Print the connection details as one JSON object
  -h, --help                Show this help

Examples
  klarefi dev
  klarefi dev --port 4011 --forward-to http://127.0.0.1:8080/webhooks/klarefi
  klarefi dev --data-file .klarefi/dev-state.json --retry-schedule service`,

  doctor: `klarefi doctor: check a running webhook receiver

Sends a battery of signed test deliveries (v1.webhook.test) to your receiver and prints
one line per check: the good path for both body shapes; bodies only a byte-exact
verifier accepts (whitespace, key order, \\u escapes, non-ASCII, 900 KB); deliveries
it must refuse (tampered, wrong secret, stale and future timestamps, no or a malformed
header, over 1 MiB); the same delivery_id twice in a row and at once; rotation; the
timestamp window and the receiver's apparent clock offset; and how long each answer
took. Each failure comes with its likely cause and the fix. Never prints the secret.

Usage
  klarefi doctor <url> --secret <whsec_...> [flags]

Arguments
  <url>                  The receiver's webhook URL (loopback only unless --allow-remote)

Flags
  --secret <whsec_...>   The receiver's signing secret (default $KLAREFI_WEBHOOK_SECRET);
                         pass it twice while rotating: both must be accepted
  --probe-url <url>      A URL on the receiver that answers GET ?delivery_id=<id> with
                         the number of handler runs for it (3 or {"count":3}), so the
                         retry checks can see whether the handler ran once
  --allow-remote         Allow a receiver that is not on this machine
  --verbose              Print every delivery sent and every answer
  --json                 Print the report as one JSON object (for CI)
  -h, --help             Show this help

Exit codes: 0 every check passed (notes allowed), 1 a check failed, 2 bad usage.

Examples
  klarefi doctor http://127.0.0.1:3000/webhooks/klarefi --secret "$KLAREFI_WEBHOOK_SECRET"
  klarefi doctor http://127.0.0.1:8080/hooks --secret whsec_new --secret whsec_old --json`,
  types: `klarefi types: typed claims from your case types

Reads the case types of klarefi.config.ts (or .mts, .js, .mjs, .json) in this directory and
writes a declaration file that registers them with @klarefi/sdk: after it, claim() in a handler
returns values typed by your own questions. Commit the file; run with --check in CI.

Usage
  klarefi types [flags]

Flags
  --config <file>       The config to read (default: klarefi.config.* here)
  --out <file>          Where to write (default klarefi-env.d.ts; klarefi_types.py for python)
  --lang <ts|python>    TypeScript declarations, or Python TypedDicts (default ts)
  --check               Write nothing; exit 1 when the file is missing or stale
  -h, --help            Show this help

Examples
  klarefi types
  klarefi types --check
  klarefi types --lang python --out app/klarefi_types.py`,

  sessions: `klarefi sessions: intake sessions

Usage
  klarefi sessions create --case-type <id> [flags]

Run \`klarefi sessions create --help\` for the flags.`,

  'sessions create': `klarefi sessions create: create an intake session

Calls POST /api/v1/sessions and prints the session. Reads KLAREFI_API_KEY and
KLAREFI_API_BASE_URL; the flags below override them. Without a base URL the request goes
to Klarefi's service, where a test key (sk_test_) uses your test environment; for the
local emulator, set KLAREFI_API_BASE_URL to the URL \`klarefi dev\` prints.

Usage
  klarefi sessions create --case-type <id> [flags]

Flags
  --case-type <id>                Case type, e.g. motor_claim (required)
  --locale <tag>                  Language of the hosted form, e.g. nl
  --external-case-id <id>         Your case id
  --external-applicant-id <id>    Your applicant id
  --external-customer-id <id>     Your customer id
  --return-url <url>              Where the claimant goes after finishing
  --ttl-hours <n>                 Link lifetime in hours (default 168)
  --trace-id <id>                 Correlation id carried into events
  --idempotency-key <key>         Reuse to replay the same session (default: a new key)
  --api-key <key>                 API key (default $KLAREFI_API_KEY)
  --base-url <url>                API base URL (default $KLAREFI_API_BASE_URL)
  --url-only                      Print only the signed URL
  --json                          Print the whole response as JSON
  -h, --help                      Show this help

Examples
  klarefi sessions create --case-type motor_claim --locale nl
  open "$(klarefi sessions create --case-type motor_claim --url-only)"`,

  webhooks: `klarefi webhooks: webhook tools

Usage
  klarefi webhooks trigger <event> --forward-to <url> [flags]
  klarefi webhooks trigger --list
  klarefi webhooks init --framework <name> [flags]
  klarefi webhooks verify --header <t=...,v1=...> (--body-file <file> | < body) [flags]

Run \`klarefi webhooks <trigger|init|verify> --help\` for the flags.`,

  'webhooks trigger': `klarefi webhooks trigger: send one signed sample event

Builds a realistic event, signs it with X-Klarefi-Signature exactly like Klarefi
does, and POSTs it to your receiver. Exits 0 when the receiver answers 2xx.

Usage
  klarefi webhooks trigger <event> --forward-to <url> [flags]
  klarefi webhooks trigger --list

Arguments
  <event>                 An event type, e.g. v1.case.completed or case.completed

Flags
  --forward-to <url>      Your webhook receiver (required)
  --secret <whsec_...>    Signing secret (default $KLAREFI_WEBHOOK_SECRET)
  --legacy                Send the legacy body shape ({ event, case_id, org_id, timestamp, data })
  --case-id <id>          Use this case id in the event
  --list                  List the event types
  --json                  Print the result as one JSON object
  -h, --help              Show this help

Examples
  klarefi webhooks trigger case.completed --forward-to http://127.0.0.1:3000/webhooks/klarefi
  klarefi webhooks trigger case.completed --legacy --forward-to http://127.0.0.1:3000/webhooks/klarefi`,

  'webhooks init': `klarefi webhooks init: write a starter webhook receiver

Writes one file that uses the Klarefi package for your framework: a start-claim
route that redirects to the hosted form, and a verified webhook route with a
case.completed handler. Prints the install command to run.

Usage
  klarefi webhooks init --framework <name> [flags]

Flags
  --framework <name>    The framework (required), one of:
                        ${FRAMEWORK_LIST}
  --out <path>          Where to write the file (default depends on the framework)
  --force               Overwrite the file if it exists
  -h, --help            Show this help

Examples
  klarefi webhooks init --framework express
  klarefi webhooks init --framework aws-lambda --out src/handler.ts
  klarefi webhooks init --framework nextjs --out src/app/api/klarefi/[...klarefi]/route.ts`,

  'webhooks verify': `klarefi webhooks verify: check one captured delivery

Verifies a delivery you captured (from a log, a proxy or the emulator's dashboard) with
the SDK's constructEvent, exactly as your receiver would: the header, the timestamp
window, the HMAC over the raw body, the JSON. Says which check failed, why, and what
usually causes it.

Usage
  klarefi webhooks verify --header <t=...,v1=...> --body-file <file> [flags]
  klarefi webhooks verify --header <t=...,v1=...> [flags] < body.json

Flags
  --header <value>        The X-Klarefi-Signature header value (required)
  --body-file <file>      The raw body, byte for byte (default: read stdin)
  --secret <whsec_...>    Signing secret (default $KLAREFI_WEBHOOK_SECRET); repeat while rotating
  --tolerance <seconds>   How far the signed time may lie from now (default 300)
  --now <time>            Check as of this time: unix seconds or an ISO 8601 date
                          (default: now; pass the header's t to check an old capture)
  -h, --help              Show this help

Exit codes: 0 valid (prints the event type and delivery id), 1 refused (prints the
check that failed), 2 bad usage.

Examples
  klarefi webhooks verify --header "$SIG" --body-file delivery.json
  klarefi webhooks verify --header 't=1700000000,v1=5f…' --now 1700000000 < delivery.json`,
};
