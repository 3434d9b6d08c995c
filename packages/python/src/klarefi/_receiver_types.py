"""The receivers' options as you pass them (typed dicts) and as the core holds them once validated."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Literal, Optional, TypedDict, Union

from ._async_client import AsyncKlarefiClient
from ._client import KlarefiClient
from ._dedupe import AnyDedupeStore

DEFAULT_START_CLAIM_PATH = "/start-claim"
DEFAULT_WEBHOOK_PATH = "/webhooks/klarefi"
DEFAULT_MAX_BODY_BYTES = 1024 * 1024
DEFAULT_DEDUPE_TTL_SECONDS = 86_400
# A claim outlives the sender's 30 s answer window, so a crashed handler's claim lapses.
DEFAULT_CLAIM_TTL_SECONDS = 60
DEFAULT_START_CLAIM_TIMEOUT_SECONDS = 10.0

#: A handler: ``handler(event, context)``; raising makes the delivery answer 500, so Klarefi retries it.
EventHandler = Callable[[Dict[str, Any], Any], Any]


class StartClaimOptions(TypedDict, total=False):
    """The ``/start-claim`` redirect route. ``case_type_id`` is required."""

    #: The case type every session is created with, e.g. ``"motor_claim"``. Required.
    case_type_id: str
    #: The route's path, relative to where the receiver is mounted. Default: ``"/start-claim"``.
    path: str
    #: How long the claimant's link stays valid, in hours. Default: the API's (168).
    ttl_hours: int
    #: The hosted form's language (BCP 47, e.g. ``"nl"``). Default: the API's.
    locale: str
    #: 303 See Other, or 302 for old clients. Default: 303.
    redirect_status: int
    #: ``session(request)`` returns more session parameters (``return_url``, external ids, ``trace_id``,
    #: ``idempotency_key``) from the request. What it raises is your framework's to handle. Default: none.
    session: Callable[[Any], Any]
    #: The most the whole session creation may take, retries included, in seconds; then a 502. Default: 10.
    timeout_seconds: float


class WebhookOptions(TypedDict, total=False):
    """The verified webhook route."""

    #: The route's path, relative to where the receiver is mounted. Default: ``"/webhooks/klarefi"``.
    path: str
    #: How far the signed timestamp may lie from now, either side, in seconds. Default: 300.
    tolerance_seconds: float
    #: The largest body accepted, in bytes; larger deliveries answer 413. Default: 1048576.
    max_body_bytes: int
    #: Where processed delivery ids are remembered (a shared store for several workers); ``False`` for none.
    #: Default: a ``MemoryDedupeStore`` per receiver.
    dedupe: Union[AnyDedupeStore, Literal[False]]
    #: How long a processed delivery id is remembered, in seconds. Default: 86400.
    dedupe_ttl_seconds: int
    #: How long a claim lasts while its handler runs, in seconds; keep it above your slowest handler. Default: 60.
    claim_ttl_seconds: int
    #: ``on_outcome(outcome, request)`` receives every decision once (never a secret, header or body);
    #: what it raises is ignored. Default: none.
    on_outcome: Callable[[Any, Any], Any]
    #: The clock in seconds since the epoch, for tests. Default: ``time.time``.
    now: Callable[[], float]


@dataclass(frozen=True)
class StartClaim:
    case_type_id: str
    path: str
    ttl_hours: Optional[int]
    locale: Optional[str]
    redirect_status: int
    session: Optional[Callable[[Any], Any]]
    timeout_seconds: float


@dataclass(frozen=True)
class Webhook:
    path: str
    tolerance_seconds: float
    max_body_bytes: int
    dedupe: Optional[AnyDedupeStore]
    dedupe_async: bool
    dedupe_ttl_seconds: int
    claim_ttl_seconds: int
    on_outcome: Optional[Callable[[Any, Any], Any]]
    now: Optional[Callable[[], float]]


@dataclass(frozen=True)
class Options:
    client: Union[KlarefiClient, AsyncKlarefiClient, None]
    secrets: List[str]
    start_claim: Optional[StartClaim]
    webhook: Webhook
    on: Dict[str, EventHandler]
    on_event: Optional[EventHandler]
