"""The framework-neutral receiver core: every rule of the start-claim and webhook routes lives here.

The rules are written once, as generators that yield the calls they need (a store, a handler, the
API) and return the one :class:`Answer`. ``_drivers`` performs those calls for WSGI and asyncio
receivers; the Flask, FastAPI and Django modules only translate requests and answers.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import re
import time
from dataclasses import dataclass
from typing import (
    Any,
    Callable,
    Dict,
    Generator,
    Generic,
    List,
    Mapping,
    NamedTuple,
    Optional,
    TypeVar,
    Union,
)
from urllib.parse import quote

from ._answer import Answer, method_not_allowed, payload_too_large, received, refuse, session_failed
from ._dedupe import new_claim_token
from ._errors import KlarefiWebhookSignatureError
from ._receiver_types import Options
from ._webhooks import event_name, verify_delivery

logger = logging.getLogger("klarefi")
R = TypeVar("R")
HeaderValue = Union[str, List[str], None]


@dataclass(frozen=True)
class EventContext(Generic[R]):
    """What a handler receives beside the event."""

    #: The event's semantic name, e.g. ``"case.completed"``.
    name: str
    #: The envelope's ``delivery_id``; ``None`` for the legacy body, which has none.
    delivery_id: Optional[str]
    #: The key the delivery was deduplicated on.
    dedupe_key: str
    #: The API client, when ``api_key`` or ``client`` was given.
    client: Any
    #: The framework's own request.
    request: R


class WebhookRequest(NamedTuple):
    """A delivery as an adapter hands it to the core."""

    method: str
    #: A header by lower-case name: ``None`` when absent, a list when sent more than once.
    header: Callable[[str], HeaderValue]
    #: The body exactly as received; ``None`` when the framework could not give it.
    body: Optional[bytes]
    #: Set when the adapter's reader stopped at ``max_body_bytes``.
    body_too_large: bool
    request: Any
    #: How to fix a missing raw body in this framework.
    raw_body_help: str


class StartClaimRequest(NamedTuple):
    method: str
    #: The ``Accept`` header: ``text/html`` gets the HTML 502 page.
    accept: Optional[str]
    #: The request's own path, the 502 page's retry link.
    path: str
    request: Any


class Call(NamedTuple):
    """A call the rules need performed: ``kind`` is ``store``, ``user`` (a handler or hook) or ``session``."""

    kind: str
    fn: Callable[..., Any]
    args: tuple  # type: ignore[type-arg]


Steps = Generator[Call, Any, Answer]


class Facts:
    """What the webhook rules learn on the way to their answer, for the outcome."""

    def __init__(self) -> None:
        self.code: Optional[str] = None
        self.event_name: Optional[str] = None
        self.delivery_id: Optional[str] = None


def _refuse(facts: Facts, code: str, message: Optional[str] = None) -> Answer:
    facts.code = code
    return refuse(code, message)


def header_value(values: List[str]) -> HeaderValue:
    """A header's values as the core takes them: ``None``, the one value, or all of them."""
    return None if not values else values[0] if len(values) == 1 else list(values)


def _content_length(header: HeaderValue) -> int:
    value = header[0] if isinstance(header, list) and header else header
    return int(value) if isinstance(value, str) and value.strip().isdigit() else 0


def declared_too_large(o: Options, content_length: HeaderValue) -> bool:
    """True when the declared length is over ``max_body_bytes``: the adapter need not read the body."""
    return _content_length(content_length) > o.webhook.max_body_bytes


def webhook_steps(o: Options, req: WebhookRequest, facts: Facts) -> Steps:
    """The checks in order: method 405, size 413, raw body 500, header 400, timestamp and HMAC 401,
    JSON and event type 400; then dedupe (200 duplicate, 409, 503) and the handlers (200, 500)."""
    w = o.webhook
    if req.method.upper() != "POST":
        facts.code = "method_not_allowed"
        return method_not_allowed("POST")
    declared = _content_length(req.header("content-length"))
    if req.body_too_large or declared > w.max_body_bytes or len(req.body or b"") > w.max_body_bytes:
        facts.code = "payload_too_large"
        return payload_too_large(w.max_body_bytes)
    body = req.body
    declares_body = declared > 0 or req.header("transfer-encoding") is not None
    # No body where one was declared, or none of the bytes a content-length promised: something read the
    # body before this route and kept no copy.
    if (body is None and declares_body) or (not body and declared > 0):
        return _refuse(facts, "raw_body_unavailable", req.raw_body_help)
    try:
        verified = verify_delivery(
            body or b"", req.header("x-klarefi-signature"), o.secrets, w.tolerance_seconds, (w.now or time.time)()
        )
    except KlarefiWebhookSignatureError as error:
        return _refuse(facts, error.code, error.message)
    event = verified.event
    name = facts.event_name = event_name(event)
    if name is None:
        return _refuse(facts, "invalid_event")
    delivery_id = event.get("delivery_id")
    if isinstance(delivery_id, str) and delivery_id:
        key = facts.delivery_id = delivery_id
    else:
        # The legacy body has no id: our own secret's HMAC, so a v1 appended by anyone makes no new key.
        key = f"sig:{verified.timestamp}:{verified.signature}"
    store, token = w.dedupe, None
    if store is not None:
        token = new_claim_token()
        try:
            state = yield Call("store", store.claim, (key, token, w.claim_ttl_seconds * 1000))
        except Exception as error:
            logger.error("Klarefi webhook: the dedupe store's claim() failed (%s)", type(error).__name__)
            return _refuse(facts, "dedupe_unavailable")
        if state == "done":
            return received(duplicate=True)
        if state == "processing":
            return _refuse(facts, "delivery_in_progress")
        if state != "claimed":
            logger.error(
                'Klarefi webhook: the dedupe store\'s claim() answered %r, not "claimed", '
                '"processing" or "done"; fix the store',
                state,
            )
            return _refuse(facts, "dedupe_unavailable")
    context = EventContext(name, facts.delivery_id, key, o.client, req.request)
    try:
        handler = o.on.get(name)
        if handler is not None:
            yield Call("user", handler, (event, context))
        if o.on_event is not None:
            yield Call("user", o.on_event, (event, context))
    except Exception:
        logger.exception('Klarefi webhook: the handler for "%s" failed; the delivery will be retried', name)
        if store is not None:
            yield from _settle(Call("store", store.release, (key, token)))
        return _refuse(facts, "handler_failed", f'The handler for "{name}" failed; the delivery will be retried.')
    if store is not None:
        yield from _settle(Call("store", store.complete, (key, token, w.dedupe_ttl_seconds * 1000)))
    return received(duplicate=False)


def _settle(call: Call) -> Generator[Call, Any, None]:
    # A failure here is not the delivery's: the handler's outcome stands, and the claim lapses after
    # claim_ttl_seconds (answering 503 after a handler succeeded would run it twice).
    try:
        yield call
    except Exception as error:
        logger.warning("Klarefi webhook: the dedupe store's %s() failed (%s)", call.fn.__name__, type(error).__name__)


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_URL_SAFE = "".join(chr(c) for c in range(0x21, 0x7F))


def safe_location(value: Any) -> Optional[str]:
    """``signed_url`` as a header-safe ``location``: absolute http(s), no control characters, ASCII."""
    if not isinstance(value, str) or _CONTROL.search(value) or not re.match(r"https?://[^/?#\s]", value, re.I):
        return None
    return quote(value, safe=_URL_SAFE)


def start_claim_steps(o: Options, req: StartClaimRequest) -> Steps:
    """``GET {start_claim.path}``: 303 to ``signed_url``, or the 502 page; only ``session()`` may raise."""
    sc = o.start_claim
    if sc is None or o.client is None:
        return refuse("not_found", "No start-claim route is configured.")
    if req.method.upper() != "GET":
        return method_not_allowed("GET")
    extra = (yield Call("user", sc.session, (req.request,))) if sc.session is not None else None
    if extra is not None and not isinstance(extra, Mapping):
        raise TypeError('start_claim["session"]() must return a dict of session parameters (or None).')
    params: Dict[str, Any] = {"case_type_id": sc.case_type_id}
    if sc.ttl_hours is not None:
        params["ttl_hours"] = sc.ttl_hours
    if sc.locale is not None:
        params["locale"] = sc.locale
    params.update(extra or {})
    try:
        session = yield Call("session", o.client.create_session, (params, sc.timeout_seconds))
        location = safe_location(session.get("signed_url") if isinstance(session, Mapping) else None)
        failure = "Klarefi answered without a usable signed_url (not an absolute http(s) URL)."
    except (TimeoutError, asyncio.TimeoutError, concurrent.futures.TimeoutError):
        location, failure = None, f'no session within start_claim["timeout_seconds"] ({sc.timeout_seconds:g} s)'
    except Exception as error:
        request_id = getattr(error, "request_id", None)
        ref = f" (Klarefi request {request_id})" if isinstance(request_id, str) else ""
        location, failure = None, f"{type(error).__name__}: {error}{ref}"
    if location is not None:
        return Answer(sc.redirect_status, {"location": location, "cache-control": "no-store"}, None)
    logger.error("Klarefi start-claim failed: %s", failure)
    return session_failed(req.accept, params.get("locale"), req.path)
