"""Klarefi for Python: the API client and webhook verification.

>>> from klarefi import KlarefiClient
>>> client = KlarefiClient(api_key="sk_live_your_api_key")  # doctest: +SKIP
>>> session = client.create_session(case_type_id="motor_claim", ttl_hours=168, locale="nl")  # doctest: +SKIP
"""

from ._async_client import AsyncKlarefiClient
from ._claims import Claim, KlarefiClaimError, ValueMismatch, async_claim, claim
from ._client import KlarefiClient
from ._dedupe import AsyncDedupeStore, DedupeState, DedupeStore, MemoryDedupeStore
from ._drivers import WebhookOutcome
from ._errors import (
    KlarefiApiError,
    KlarefiArgumentError,
    KlarefiAuthenticationError,
    KlarefiAuthorizationError,
    KlarefiBillingError,
    KlarefiConfigError,
    KlarefiConnectionError,
    KlarefiError,
    KlarefiInternalError,
    KlarefiNotFoundError,
    KlarefiPreconditionError,
    KlarefiRateLimitError,
    KlarefiTimeoutError,
    KlarefiValidationError,
    KlarefiWebhookSignatureError,
)
from ._options import DEFAULT_BASE_URL
from ._receiver import EventContext
from ._receiver_types import StartClaimOptions, WebhookOptions
from ._types import (
    Case,
    CaseEvent,
    CaseEventsPage,
    CasePackage,
    DeliveryAcknowledgement,
    DocumentErasure,
    Health,
    Me,
    ProcessingJob,
    Session,
    TestWebhookResult,
)
from ._version import __version__
from ._webhooks import (
    DEFAULT_TOLERANCE,
    SIGNATURE_HEADER,
    construct_event,
    event_name,
    generate_test_header,
    parse_signature_header,
)

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_TOLERANCE",
    "SIGNATURE_HEADER",
    "AsyncDedupeStore",
    "AsyncKlarefiClient",
    "Case",
    "CaseEvent",
    "CaseEventsPage",
    "CasePackage",
    "Claim",
    "DedupeState",
    "DedupeStore",
    "DeliveryAcknowledgement",
    "DocumentErasure",
    "EventContext",
    "Health",
    "KlarefiApiError",
    "KlarefiArgumentError",
    "KlarefiAuthenticationError",
    "KlarefiAuthorizationError",
    "KlarefiBillingError",
    "KlarefiClaimError",
    "KlarefiClient",
    "KlarefiConfigError",
    "KlarefiConnectionError",
    "KlarefiError",
    "KlarefiInternalError",
    "KlarefiNotFoundError",
    "KlarefiPreconditionError",
    "KlarefiRateLimitError",
    "KlarefiTimeoutError",
    "KlarefiValidationError",
    "KlarefiWebhookSignatureError",
    "Me",
    "MemoryDedupeStore",
    "ProcessingJob",
    "Session",
    "StartClaimOptions",
    "TestWebhookResult",
    "ValueMismatch",
    "WebhookOptions",
    "WebhookOutcome",
    "__version__",
    "async_claim",
    "claim",
    "construct_event",
    "event_name",
    "generate_test_header",
    "parse_signature_header",
]
