"""Turns a non-2xx answer (or a 2xx that cannot be read) into the typed error for it."""

from __future__ import annotations

import json
from typing import Any, Callable, Dict, Optional, Tuple, Type

from ._errors import (
    KlarefiApiError,
    KlarefiAuthenticationError,
    KlarefiAuthorizationError,
    KlarefiBillingError,
    KlarefiInternalError,
    KlarefiNotFoundError,
    KlarefiPreconditionError,
    KlarefiRateLimitError,
    KlarefiValidationError,
)
from ._retry import retry_after_seconds

_BY_TYPE: Dict[str, Type[KlarefiApiError]] = {
    "validation_error": KlarefiValidationError,
    "authentication_error": KlarefiAuthenticationError,
    "billing_error": KlarefiBillingError,
    "authorization_error": KlarefiAuthorizationError,
    "not_found": KlarefiNotFoundError,
    "precondition_error": KlarefiPreconditionError,
    "rate_limit_error": KlarefiRateLimitError,
    "internal_error": KlarefiInternalError,
}
_BY_STATUS: Dict[int, Type[KlarefiApiError]] = {
    400: KlarefiValidationError,
    401: KlarefiAuthenticationError,
    402: KlarefiBillingError,
    403: KlarefiAuthorizationError,
    404: KlarefiNotFoundError,
    428: KlarefiPreconditionError,
    429: KlarefiRateLimitError,
}
# HTTP/2 gives no reason phrase; these keep messages readable.
_REASONS = {
    301: "Moved Permanently",
    302: "Found",
    307: "Temporary Redirect",
    308: "Permanent Redirect",
    400: "Bad Request",
    401: "Unauthorized",
    402: "Payment Required",
    403: "Forbidden",
    404: "Not Found",
    408: "Request Timeout",
    409: "Conflict",
    428: "Precondition Required",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}
_MAX_TEXT_BODY = 1000
_MISSING = object()


def describe_status(status: int, reason: str) -> str:
    """``"502 Bad Gateway"``: the status with its reason phrase."""
    text = reason.strip() or _REASONS.get(status, "")
    return f"{status} {text}" if text else str(status)


def parse_json(text: str) -> Any:
    """The parsed JSON value, or ``_MISSING`` when the text is empty or not JSON."""
    if text.strip() == "":
        return _MISSING
    try:
        return json.loads(text)
    except ValueError:
        return _MISSING


def is_missing(value: Any) -> bool:
    return value is _MISSING


def create_api_error(
    answer: Tuple[int, str, Dict[str, str], str, str, str],
    scrub: Callable[[str], str],
    now: float,
    override_message: Optional[str] = None,
) -> KlarefiApiError:
    """``answer`` is ``(status, reason, headers, text, method, path)``; ``scrub`` cleans what it shows."""
    status, _reason, raw_headers, text, method, path = answer
    headers = {name.lower(): scrub(value) for name, value in raw_headers.items()}
    parsed = parse_json(text)
    envelope = _envelope(parsed)
    request_id = _non_empty(envelope.get("request_id")) if envelope is not None else None
    request_id = request_id or _non_empty(headers.get("x-request-id")) or _non_empty(headers.get("request-id"))
    error_type = _non_empty(envelope.get("type")) if envelope is not None else None
    details: Dict[str, Any] = {
        "status": status,
        "type": error_type,
        "code": _non_empty(envelope.get("code")) if envelope is not None else None,
        "request_id": None if request_id is None else scrub(request_id),
        "headers": headers,
        "body": _scrub_json(parsed, scrub) if not is_missing(parsed) else _body_text(text, scrub),
        "method": method,
        "path": path,
    }
    where = f"{method} {path}"
    message = scrub(override_message or _describe(answer, envelope, parsed, details["request_id"], where))
    error_class = (
        (_BY_TYPE.get(error_type) if error_type is not None else None)
        or _BY_STATUS.get(status)
        or (KlarefiInternalError if status >= 500 else KlarefiApiError)
    )
    if error_class is KlarefiRateLimitError:
        return KlarefiRateLimitError(message, retry_after_seconds=retry_after_seconds(headers, now), **details)
    return error_class(message, **details)


def _describe(
    answer: Tuple[int, str, Dict[str, str], str, str, str],
    envelope: Optional[Dict[str, str]],
    parsed: Any,
    request_id: Optional[str],
    where: str,
) -> str:
    status_code, reason, headers, text = answer[0], answer[1], answer[2], answer[3]
    status = describe_status(status_code, reason)
    suffix = f"({where})" if request_id is None else f"({where}, request {request_id})"
    if envelope is not None:
        kind = "/".join(
            part for part in (envelope.get("type"), envelope.get("code")) if part is not None and _non_empty(part)
        )
        message = _non_empty(envelope.get("message")) or "no message"
        return f"Klarefi API answered {status}{' ' + kind if kind else ''}: {message} {suffix}"
    if 300 <= status_code < 400:
        location = {k.lower(): v for k, v in headers.items()}.get("location")
        target = f" redirecting to {location}" if location else ""
        return f"Klarefi API answered {status}{target} {suffix}; the client does not follow redirects: check base_url"
    if text.strip() == "":
        return f"Klarefi API answered {status} with an empty body {suffix}"
    if is_missing(parsed):
        return f"Klarefi API answered {status} with a non-JSON body {suffix}"
    return f"Klarefi API answered {status} with a JSON body that is not a Klarefi error envelope {suffix}"


def _envelope(parsed: Any) -> Optional[Dict[str, str]]:
    if not isinstance(parsed, dict) or not isinstance(parsed.get("error"), dict):
        return None
    error = parsed["error"]
    return {f: error[f] for f in ("type", "code", "message", "request_id") if isinstance(error.get(f), str)}


def _scrub_json(value: Any, scrub: Callable[[str], str]) -> Any:
    text = json.dumps(value)
    clean = scrub(text)
    return value if clean == text else json.loads(clean)


def _body_text(text: str, scrub: Callable[[str], str]) -> Optional[str]:
    if text == "":
        return None
    return scrub(text[:_MAX_TEXT_BODY] + "…" if len(text) > _MAX_TEXT_BODY else text)


def _non_empty(value: Optional[str]) -> Optional[str]:
    return value if isinstance(value, str) and value.strip() != "" else None
