"""The wire shapes of the Klarefi API, field for field. Responses are plain dicts; they may gain keys."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, TypedDict


class _SessionOptional(TypedDict, total=False):
    #: A ready-made ``<script>`` redirect to ``signed_url``.
    snippet: str


class Session(_SessionOptional):
    """The answer of ``POST /api/v1/sessions``."""

    #: A UUID; also the case id for ``get_case`` and friends.
    session_id: str
    #: Where to redirect the claimant.
    signed_url: str
    #: When the link stops working (ISO 8601).
    expires_at: str
    #: ``True`` when this answer replays an earlier call with the same idempotency key (HTTP 200).
    idempotent_replay: bool


class Case(TypedDict):
    """The answer of ``GET /api/v1/cases/{case_id}``."""

    case_id: str
    org_id: str
    #: ``processing``, ``applicant_blocked``, ``needs_review``, ``completed``, ``failed``, ...
    status: str
    #: The extracted features, keyed by name (e.g. ``incident_date``).
    features: Dict[str, Any]


class CaseEvent(TypedDict):
    """One entry of a case's event log."""

    event_id: str
    event_type: str
    #: The position in the log; pass it as ``after_cursor`` to read what follows.
    cursor: int
    created_at: str


class CaseEventsPage(TypedDict):
    """One page of ``GET /api/v1/cases/{case_id}/events``."""

    case_id: str
    events: List[CaseEvent]
    #: The cursor to pass as ``after_cursor`` for the next page; ``None`` when there is none.
    next_cursor: Optional[int]


class CasePackage(TypedDict):
    """The answer of ``GET /api/v1/cases/{case_id}/package``: the review-ready handoff view."""

    case_id: str
    #: A signed link to the case file; ``None`` when the deployment cannot make one.
    case_file_url: Optional[str]
    facts: Dict[str, Any]
    documents: List[Dict[str, Any]]


class ProcessingJob(TypedDict):
    """The answer of ``POST /api/v1/process``."""

    case_id: str
    doc_id: str
    job_id: str
    status: str
    idempotent_replay: bool


class DocumentErasure(TypedDict):
    """The answer of ``DELETE /api/v1/documents/{doc_id}`` plus ``status_code``: 200 done, 202 call again."""

    erasure_receipt: Dict[str, Any]
    status_code: int


class TestWebhookResult(TypedDict, total=False):
    """The answer of ``POST /api/v1/webhooks/test``."""

    event_id: str
    event_type: str
    deliveries: List[Dict[str, Any]]


class DeliveryAcknowledgement(TypedDict, total=False):
    """The answer of ``POST /api/v1/webhooks/deliveries/{delivery_id}/ack``."""

    delivery_id: str
    acknowledgement_id: str
    acknowledged: bool
    acknowledged_at: str


class Me(TypedDict):
    """The answer of ``GET /api/v1/me``."""

    org_id: str
    #: ``"test"`` or ``"live"``, decided by the key's prefix.
    environment: str


class Health(TypedDict):
    """The answer of ``GET /api/v1/health``."""

    status: str
