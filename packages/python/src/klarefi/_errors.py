"""The errors the client raises. Every message says what was wrong and how to fix it, never the key."""

from __future__ import annotations

from typing import Any, Dict, Optional


class KlarefiError(Exception):
    """The base of every error this package raises."""


class KlarefiConfigError(KlarefiError, ValueError):
    """A constructor or function received options it cannot work with (raised at start-up)."""


class KlarefiArgumentError(KlarefiError, ValueError):
    """A method was called with arguments it cannot send; raised before any request is made."""


class KlarefiApiError(KlarefiError):
    """The Klarefi API answered with a status that is not a success.

    The subclass tells the kind (``KlarefiNotFoundError`` and its siblings); this class itself is
    used for statuses the documentation does not name (a 408, a 409, a redirect, an unreadable 2xx).
    """

    def __init__(
        self,
        message: str,
        *,
        status: int,
        type: Optional[str] = None,  # noqa: A002 - the envelope's field name
        code: Optional[str] = None,
        request_id: Optional[str] = None,
        headers: Optional[Dict[str, str]] = None,
        body: Any = None,
        method: str = "",
        path: str = "",
    ) -> None:
        super().__init__(message)
        self.message = message
        #: The HTTP status code, e.g. ``404``.
        self.status = status
        #: The error envelope's ``type``, e.g. ``"not_found"``; ``None`` without an envelope.
        self.type = type
        #: The error envelope's ``code``, e.g. ``"idempotency_key_conflict"``.
        self.code = code
        #: The id Klarefi gave the request: quote it to Klarefi support.
        self.request_id = request_id
        #: The response headers, lower-case names.
        self.headers: Dict[str, str] = headers or {}
        #: The parsed JSON body, or the start of a non-JSON body; ``None`` when empty.
        self.body = body
        #: The request method, e.g. ``"POST"``.
        self.method = method
        #: The request path, e.g. ``"/api/v1/sessions"``.
        self.path = path

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status={self.status!r}, type={self.type!r}, code={self.code!r})"


class KlarefiValidationError(KlarefiApiError):
    """400 ``validation_error``: a bad body, path, query or idempotency use. Not retried."""


class KlarefiAuthenticationError(KlarefiApiError):
    """401 ``authentication_error``: the API key is missing, invalid, expired or revoked. Not retried."""


class KlarefiBillingError(KlarefiApiError):
    """402 ``billing_error``: a live key is blocked by billing or a usage gate. Not retried."""


class KlarefiAuthorizationError(KlarefiApiError):
    """403 ``authorization_error``: the key is valid but lacks the scope this call needs. Not retried."""


class KlarefiNotFoundError(KlarefiApiError):
    """404 ``not_found``: the resource does not exist for this organisation. Not retried."""


class KlarefiPreconditionError(KlarefiApiError):
    """428 ``precondition_error``: a legal or setup precondition of the account is missing. Not retried."""


class KlarefiRateLimitError(KlarefiApiError):
    """429 ``rate_limit_error``: the rate limit was exceeded and the retries did not outlast it."""

    def __init__(self, message: str, *, retry_after_seconds: Optional[int] = None, **details: Any) -> None:
        super().__init__(message, **details)
        #: Seconds until a retry may succeed (``Retry-After`` or ``X-RateLimit-Reset``); ``None`` if unsaid.
        self.retry_after_seconds = retry_after_seconds


class KlarefiInternalError(KlarefiApiError):
    """500 ``internal_error``, and any other 5xx (e.g. a proxy's 502), after the retries ran out."""


class KlarefiConnectionError(KlarefiError):
    """No answer came back (refused, reset, DNS failure), after the retries ran out."""


class KlarefiTimeoutError(KlarefiError):
    """No answer came within ``timeout`` seconds, on every attempt."""

    def __init__(self, message: str, timeout: float) -> None:
        super().__init__(message)
        #: The per-attempt timeout that was reached, in seconds.
        self.timeout = timeout


class KlarefiWebhookSignatureError(KlarefiError):
    """``construct_event`` refused a delivery; ``code`` says which check failed (stable, safe to branch on).

    Codes: ``missing_header``, ``malformed_header``, ``timestamp_outside_tolerance``,
    ``no_matching_signature``, ``invalid_payload_type``, ``invalid_json``.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __repr__(self) -> str:
        return f"KlarefiWebhookSignatureError(code={self.code!r})"
