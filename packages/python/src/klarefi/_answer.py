"""Every answer the receivers give, in one table: the same statuses, codes and bodies as ``@klarefi/sdk``."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from typing import Dict, Mapping, NamedTuple, Optional


@dataclass(frozen=True)
class Answer:
    """One plain HTTP answer that a receiver writes back unchanged."""

    status: int
    #: Lower-case header names.
    headers: Dict[str, str] = field(default_factory=dict)
    #: ``None`` for a redirect.
    body: Optional[bytes] = None


class Refusal(NamedTuple):
    status: int
    message: str
    retry_after: Optional[int] = None


#: Every refusal's status, default message and ``retry-after``.
REFUSALS: Mapping[str, Refusal] = {
    "method_not_allowed": Refusal(405, "This Klarefi route does not accept this method."),
    "not_found": Refusal(404, "No Klarefi route at this path."),
    "payload_too_large": Refusal(413, "The webhook body is too large."),
    "missing_header": Refusal(400, "The X-Klarefi-Signature header is missing."),
    "malformed_header": Refusal(400, "The X-Klarefi-Signature header is malformed."),
    "timestamp_outside_tolerance": Refusal(401, "The signed timestamp is outside the tolerance."),
    "no_matching_signature": Refusal(401, "No signature matches the body."),
    "invalid_json": Refusal(400, "The verified body is not a JSON object."),
    "invalid_event": Refusal(400, "The verified payload has no event_type (or event, for the legacy body shape)."),
    "raw_body_unavailable": Refusal(500, "The raw request body is not available."),
    "delivery_in_progress": Refusal(409, "This delivery is being processed by another request; retry later.", 5),
    "handler_failed": Refusal(500, "The handler failed; the delivery will be retried."),
    "dedupe_unavailable": Refusal(
        503, "The delivery was not processed: the dedupe store could not be reached. Retry later.", 10
    ),
    "session_create_failed": Refusal(
        502, "Could not start the claim: Klarefi did not create a session. Try again in a moment."
    ),
}

JSON_TYPE = "application/json; charset=utf-8"
RECEIVED = b'{"received":true}'
DUPLICATE = b'{"received":true,"duplicate":true}'


def refuse(code: str, message: Optional[str] = None, headers: Optional[Dict[str, str]] = None) -> Answer:
    """A refusal: the table's status and ``retry-after``, the body ``{"error": {"code", "message"}}``."""
    entry = REFUSALS[code]
    all_headers = {"content-type": JSON_TYPE, **(headers or {})}
    if entry.retry_after is not None:
        all_headers["retry-after"] = str(entry.retry_after)
    body = json.dumps({"error": {"code": code, "message": message or entry.message}}, separators=(",", ":"))
    return Answer(entry.status, all_headers, body.encode("utf-8"))


def method_not_allowed(allow: str) -> Answer:
    return refuse("method_not_allowed", f"This Klarefi route accepts {allow} only.", {"allow": allow})


def payload_too_large(max_bytes: int) -> Answer:
    return refuse("payload_too_large", f"The webhook body is larger than {max_bytes} bytes (webhook.max_body_bytes).")


def received(duplicate: bool) -> Answer:
    return Answer(200, {"content-type": JSON_TYPE}, DUPLICATE if duplicate else RECEIVED)


_PAGE = {
    "en": ("We could not start your claim", "Please try again in a moment.", "Try again"),
    "nl": ("We konden uw claim niet starten", "Probeer het over een moment opnieuw.", "Opnieuw proberen"),
}
_STYLE = (
    "body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:15vh auto;padding:0 1rem;color:#1a1a1a}"
    "a{display:inline-block;margin-top:1rem;padding:.6rem 1.2rem;background:#1a56db;color:#fff;"
    "border-radius:6px;text-decoration:none}"
)


def session_failed(accept: Optional[str], locale: Optional[str], retry_href: str) -> Answer:
    """The start-claim 502: a small page with a retry link for a browser, JSON for anything else."""
    if accept is None or "text/html" not in accept:
        return refuse("session_create_failed", None, {"cache-control": "no-store"})
    lang = "nl" if isinstance(locale, str) and locale.lower().startswith("nl") else "en"
    title, text, retry = _PAGE[lang]
    page = (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{title}</title><style>{_STYLE}</style></head><body><h1>{title}</h1><p>{text}</p>"
        f'<a href="{html.escape(retry_href)}">{retry}</a></body></html>'
    )
    return Answer(502, {"content-type": "text/html; charset=utf-8", "cache-control": "no-store"}, page.encode())
