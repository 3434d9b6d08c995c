"""Each documented call as an ``ApiRequest``, its arguments checked first; both clients send these."""

from __future__ import annotations

import math
import re
from typing import Any, Dict, Optional
from urllib.parse import quote

from ._errors import KlarefiArgumentError
from ._options import describe
from ._request import ApiRequest, generate_idempotency_key

CASE_TYPE_HINT = 'a case type configured in the Klarefi dashboard, e.g. "motor_claim"'
CASE_ID_HINT = "the session_id that create_session returned"
# Printable ASCII without leading or trailing spaces: what an HTTP header value can carry as is.
_HEADER_SAFE = re.compile(r"^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$")


def path_param(value: Any, name: str, method: str, hint: str) -> str:
    """Checks an id and returns it percent-encoded for the URL path."""
    if not isinstance(value, str) or value.strip() == "":
        raise KlarefiArgumentError(f"{method}: {name} must be a non-empty string ({hint}), got {describe(value)}.")
    if value.strip() != value:
        raise KlarefiArgumentError(f"{method}: {name} has whitespace at its start or end; strip it.")
    if value in (".", ".."):
        raise KlarefiArgumentError(f'{method}: {name} cannot be "{value}" ({hint}).')
    return quote(value, safe="")


def require_string(value: Any, name: str, method: str, hint: str) -> str:
    if not isinstance(value, str) or value.strip() == "":
        raise KlarefiArgumentError(
            f"{method}: {name} is required and must be a non-empty string ({hint}), got {describe(value)}."
        )
    return value


def optional_strings(method: str, **fields: Any) -> Dict[str, str]:
    """The fields that were given, each checked to be a string."""
    given: Dict[str, str] = {}
    for name, value in fields.items():
        if value is None:
            continue
        if not isinstance(value, str):
            raise KlarefiArgumentError(
                f"{method}: {name} must be a string when given (leave it out otherwise), got {describe(value)}."
            )
        given[name] = value
    return given


def idempotency_key(value: Any, method: str) -> Optional[str]:
    if value is None:
        return None
    if not isinstance(value, str) or not _HEADER_SAFE.match(value):
        raise KlarefiArgumentError(
            f"{method}: idempotency_key must be a non-empty string of printable ASCII without surrounding "
            f"spaces (e.g. your order id or a UUID), got {describe(value)}."
        )
    return value


def _number(value: Any) -> bool:
    return not isinstance(value, bool) and isinstance(value, (int, float)) and math.isfinite(value)


def create_session(case_type_id: Any, ttl_hours: Any, key: Any, strings: Dict[str, Any]) -> ApiRequest:
    method = "create_session"
    body: Dict[str, Any] = {"case_type_id": require_string(case_type_id, "case_type_id", method, CASE_TYPE_HINT)}
    if ttl_hours is not None:
        if not _number(ttl_hours) or ttl_hours <= 0:
            raise KlarefiArgumentError(
                f"{method}: ttl_hours must be a positive number of hours, got {describe(ttl_hours)}."
            )
        body["ttl_hours"] = ttl_hours
    body.update(optional_strings(method, **strings))
    return ApiRequest(
        "POST", "/sessions", body=body, idempotency_key=idempotency_key(key, method) or generate_idempotency_key()
    )


def get_case(case_id: Any) -> ApiRequest:
    return ApiRequest("GET", f"/cases/{path_param(case_id, 'case_id', 'get_case', CASE_ID_HINT)}")


def case_events(case_id: Any, after_cursor: Any, method: str = "get_case_events") -> ApiRequest:
    path = f"/cases/{path_param(case_id, 'case_id', method, CASE_ID_HINT)}/events"
    if after_cursor is None:
        return ApiRequest("GET", path)
    if isinstance(after_cursor, bool) or not isinstance(after_cursor, int) or after_cursor < 0:
        raise KlarefiArgumentError(
            f"{method}: after_cursor must be a whole number >= 0 (a next_cursor from an earlier page), "
            f"got {describe(after_cursor)}."
        )
    return ApiRequest("GET", path, query={"after_cursor": after_cursor})


def get_case_package(case_id: Any) -> ApiRequest:
    return ApiRequest("GET", f"/cases/{path_param(case_id, 'case_id', 'get_case_package', CASE_ID_HINT)}/package")


def process_document(document_url: Any, case_type_id: Any, key: Any, strings: Dict[str, Any]) -> ApiRequest:
    method = "process_document"
    body: Dict[str, Any] = {
        "document_url": require_string(document_url, "document_url", method, "a public https:// URL of the document"),
        "case_type_id": require_string(case_type_id, "case_type_id", method, CASE_TYPE_HINT),
    }
    body.update(optional_strings(method, **strings))
    return ApiRequest(
        "POST", "/process", body=body, idempotency_key=idempotency_key(key, method) or generate_idempotency_key()
    )


def delete_document(doc_id: Any) -> ApiRequest:
    hint = "a doc_id from process_document or a case"
    return ApiRequest("DELETE", f"/documents/{path_param(doc_id, 'doc_id', 'delete_document', hint)}")


def send_test_webhook(fields: Dict[str, Any], key: Any) -> ApiRequest:
    return ApiRequest(
        "POST", "/webhooks/test", body=dict(fields), idempotency_key=idempotency_key(key, "send_test_webhook")
    )


def acknowledge_delivery(delivery_id: Any, acknowledgement_id: Any, key: Any) -> ApiRequest:
    method = "acknowledge_delivery"
    delivery = path_param(delivery_id, "delivery_id", method, "the delivery_id of the webhook event")
    body: Dict[str, Any] = dict(optional_strings(method, acknowledgement_id=acknowledgement_id))
    return ApiRequest(
        "POST", f"/webhooks/deliveries/{delivery}/ack", body=body, idempotency_key=idempotency_key(key, method)
    )


def get_me() -> ApiRequest:
    return ApiRequest("GET", "/me")


def get_health() -> ApiRequest:
    return ApiRequest("GET", "/health", authenticate=False)


def next_cursor(page: Dict[str, Any], cursor: Optional[int]) -> Optional[int]:
    """The cursor of the next page, or ``None`` at the end (or when it stops advancing)."""
    following = page.get("next_cursor")
    if not isinstance(following, int) or isinstance(following, bool) or following == cursor:
        return None
    return following
