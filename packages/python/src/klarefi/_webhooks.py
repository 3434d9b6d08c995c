"""Webhook verification: the same strict rules, codes and messages as ``@klarefi/sdk``'s ``constructEvent``."""

from __future__ import annotations

import hmac
import json
import math
import re
import time
from typing import Any, Dict, List, Mapping, NamedTuple, NoReturn, Optional, Sequence, Tuple, Union

from ._errors import KlarefiConfigError, KlarefiWebhookSignatureError

#: The header Klarefi signs deliveries with.
SIGNATURE_HEADER = "X-Klarefi-Signature"
#: Longer headers are refused before any parsing work.
MAX_SIGNATURE_HEADER_BYTES = 8192
#: How far, in seconds, the signed timestamp may lie from now, on either side.
DEFAULT_TOLERANCE = 300

Payload = Union[str, bytes, bytearray, memoryview]
Header = Union[str, Sequence[str], None]
Secrets = Union[str, Sequence[str]]

# Looked up at call time, so tests can pin the clock.
_now = time.time

# The header as Klarefi sends it; anything else goes through the full parser, which agrees on this shape.
_COMMON = re.compile(r"t=([0-9]{1,15}),v1=([0-9a-f]{64})")
_DIGITS = re.compile(r"[0-9]{1,15}")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_SCHEME = re.compile(r"[A-Za-z0-9_-]+")
# HTTP's optional whitespace around list elements, and the other ASCII blanks.
_BLANKS = " \t\n\x0b\x0c\r"
_RAW_BODY_HELP = (
    "Pass the raw request body (bytes or str exactly as received), not a parsed object: the signature covers "
    "the exact bytes. Flask: request.get_data(); Django: request.body; FastAPI/Starlette: await request.body()."
)


def _malformed(detail: str) -> KlarefiWebhookSignatureError:
    return KlarefiWebhookSignatureError(
        "malformed_header",
        f"The {SIGNATURE_HEADER} header is malformed: {detail}. Expected "
        '"t=<unix seconds>,v1=<64 lowercase hex digits>"; pass the header value exactly as received.',
    )


def parse_signature_header(header: Any) -> Tuple[str, List[str]]:
    """The signed timestamp (as sent) and every ``v1`` signature; raises ``KlarefiWebhookSignatureError``.

    Exactly one ``t`` of digits, one or more ``v1`` of 64 lowercase hex digits, other schemes
    ignored, at most 8 KiB.
    """
    if isinstance(header, (list, tuple)):
        if len(header) > 1:
            raise _malformed(f"it was sent {len(header)} times; send it once")
        header = header[0] if header else None
    if header is None or header == "":
        raise KlarefiWebhookSignatureError(
            "missing_header",
            f"No {SIGNATURE_HEADER} header was provided. Klarefi signs every delivery; pass the request's "
            f"{SIGNATURE_HEADER} header value (Flask: request.headers.get('X-Klarefi-Signature'); Django: "
            "request.headers.get('X-Klarefi-Signature')).",
        )
    if not isinstance(header, str):
        raise _malformed(f"expected a string, got {type(header).__name__}")
    if len(header) > MAX_SIGNATURE_HEADER_BYTES:
        raise _malformed(f"it is {len(header)} characters long, over the {MAX_SIGNATURE_HEADER_BYTES} limit")
    timestamp: Optional[str] = None
    signatures: List[str] = []
    for element in header.split(","):
        part = element.strip(_BLANKS)
        eq = part.find("=")
        if eq <= 0:
            raise _malformed("it has an empty element" if part == "" else f'"{part[:32]}" is not key=value')
        key, value = part[:eq], part[eq + 1 :]
        if key == "t":
            if timestamp is not None:
                raise _malformed("it has more than one t")
            if not _DIGITS.fullmatch(value):
                raise _malformed("t must be unix seconds, digits only")
            timestamp = value
        elif key == "v1":
            if not _HEX64.fullmatch(value):
                raise _malformed("each v1 must be 64 lowercase hex digits")
            signatures.append(value)
        elif not _SCHEME.fullmatch(key):
            raise _malformed(f'"{key[:32]}" is not a valid key')
    if timestamp is None:
        raise _malformed("it has no t (timestamp)")
    if not signatures:
        raise _malformed("it has no v1 signature")
    return timestamp, signatures


def _check_secrets(secrets: Any, option: str = "webhook secret") -> List[str]:
    if type(secrets) is str and secrets.strip():
        return [secrets]
    listed = list(secrets) if isinstance(secrets, (list, tuple)) else [secrets]
    if not listed or any(not isinstance(s, str) or s.strip() == "" for s in listed):
        raise KlarefiConfigError(
            f'The {option} is missing or empty. Set it to the endpoint\'s signing secret ("whsec_..."), e.g. from '
            "KLAREFI_WEBHOOK_SECRET; pass a list of secrets while rotating."
        )
    return listed


def _check_tolerance(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 1:
        raise KlarefiConfigError(f"tolerance must be a number of seconds of at least 1 (default 300); got {value!r}.")
    return value


def _raw_bytes(payload: Any) -> bytes:
    if isinstance(payload, bytes):
        return payload
    if isinstance(payload, str):
        return payload.encode("utf-8")
    if isinstance(payload, (bytearray, memoryview)):
        return bytes(payload)
    got = "None" if payload is None else f"a {type(payload).__name__}"
    parsed = " (it looks like a parsed JSON body)" if isinstance(payload, (dict, list)) else ""
    raise KlarefiWebhookSignatureError(
        "invalid_payload_type", f"The webhook payload was {got}{parsed}. {_RAW_BODY_HELP}"
    )


def _outside(skew: int, tolerance: float) -> NoReturn:
    side = f"{skew} s old" if skew > 0 else f"{-skew} s in the future"
    raise KlarefiWebhookSignatureError(
        "timestamp_outside_tolerance",
        f"The delivery's signed timestamp is {side}, outside the {tolerance:g} s tolerance: it may be a replay. "
        "Check that this server's clock is synchronised (NTP); raise tolerance only if you must.",
    )


def _no_match(secrets: List[str]) -> KlarefiWebhookSignatureError:
    message = (
        f"No {SIGNATURE_HEADER} signature matches the payload for the configured "
        f"secret{'s' if len(secrets) > 1 else ''}. Check that the secret is this endpoint's signing secret and "
        "that the body is the raw request body, not re-serialised JSON (a JSON body parser that ran first "
        "changes the bytes)."
    )
    if any(s != s.strip() for s in secrets):
        message += (
            " Note: a configured secret has leading or trailing whitespace; copy it again without spaces or newlines."
        )
    if any(not s.strip().startswith("whsec_") for s in secrets):
        message += ' Note: a configured secret does not start with "whsec_"; signing secrets do.'
    return KlarefiWebhookSignatureError("no_matching_signature", message)


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not JSON")


# One decoder, made once: json.loads with any keyword argument builds a new one per call.
_DECODER = json.JSONDecoder(parse_constant=_reject_constant)


def _parse_event(body: bytes) -> Dict[str, Any]:
    text = body.decode("utf-8", "replace")
    # A leading BOM is ignored (RFC 8259 section 8.1 allows it).
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        value = _DECODER.decode(text)
    except (ValueError, RecursionError) as error:
        raise KlarefiWebhookSignatureError(
            "invalid_json", f"The signature is valid but the payload is not valid JSON ({error})."
        ) from None
    if not isinstance(value, dict):
        raise KlarefiWebhookSignatureError(
            "invalid_json",
            "The signature is valid but the payload is not a JSON object, so it cannot be a Klarefi event.",
        )
    return value


def construct_event(
    payload: Payload, header: Header, secret_or_secrets: Secrets, *, tolerance: float = DEFAULT_TOLERANCE
) -> Dict[str, Any]:
    """Verifies a webhook delivery and returns its event as a dict.

    Checks, in order: the payload is raw (bytes or str), the header is present and well-formed, its
    timestamp lies within ``tolerance`` seconds of now on either side, an HMAC-SHA256 over
    ``t + "." + payload`` matches any ``v1`` for any secret (constant-time), and the body is a JSON object.

    Args:
        payload: The request body exactly as received.
        header: The ``X-Klarefi-Signature`` header value.
        secret_or_secrets: The endpoint's signing secret (``whsec_...``), or a list while rotating.
        tolerance: Seconds the timestamp may lie from now. Default: 300.

    Raises:
        KlarefiWebhookSignatureError: with a ``code`` that says which check failed.
        KlarefiConfigError: when the secret or the tolerance is unusable.
    """
    body = _raw_bytes(payload)
    secrets = _check_secrets(secret_or_secrets)
    if tolerance != DEFAULT_TOLERANCE:
        tolerance = _check_tolerance(tolerance)
    return verify_delivery(body, header, secrets, tolerance, _now()).event


class Verified(NamedTuple):
    """A verified delivery: its event, the signed timestamp as sent, and the HMAC our own secret produced."""

    event: Dict[str, Any]
    timestamp: str
    #: The hex HMAC-SHA256 of the first configured secret that matches one of the header's ``v1`` values.
    signature: str


def _sign(secret: str, timestamp: str, body: bytes) -> str:
    return hmac.digest(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, "sha256").hex()


def verify_delivery(body: bytes, header: Any, secrets: List[str], tolerance: float, now: float) -> Verified:
    """``construct_event``'s checks on already validated secrets and tolerance; the receivers' core calls it."""
    common = _COMMON.fullmatch(header) if type(header) is str else None
    if common is not None:
        timestamp, signatures = common.group(1), [common.group(2)]
    else:
        timestamp, signatures = parse_signature_header(header)
    skew = int(now) - int(timestamp)
    if skew > tolerance or -skew > tolerance:
        _outside(skew, tolerance)
    matched: Optional[str] = None
    # Every secret against every v1, whatever matched first: the time taken says nothing about which did.
    for secret in secrets:
        expected = _sign(secret, timestamp, body)
        for signature in signatures:
            if hmac.compare_digest(expected, signature) and matched is None:
                matched = expected
    if matched is None:
        raise _no_match(secrets)
    return Verified(_parse_event(body), timestamp, matched)


def generate_test_header(payload: Payload, secret: Secrets, *, timestamp: Optional[int] = None) -> str:
    """Signs a payload the way Klarefi does: ``t=<unix seconds>,v1=<hex>``, one ``v1`` per secret. For tests."""
    secrets = _check_secrets(secret, "signing secret")
    if timestamp is None:
        t = str(int(_now()))
    elif isinstance(timestamp, bool) or not isinstance(timestamp, int) or timestamp < 0:
        raise KlarefiConfigError(f"timestamp must be whole unix seconds, e.g. int(time.time()); got {timestamp!r}.")
    else:
        t = str(timestamp)
    body = _raw_bytes(payload)
    parts = [f"v1={_sign(s, t, body)}" for s in secrets]
    return ",".join([f"t={t}", *parts])


def event_name(event: Mapping[str, Any]) -> Optional[str]:
    """The semantic name of an event for either body shape: ``"case.completed"`` for a
    ``v1.case.completed`` envelope and for the legacy ``{"event": "case.completed"}``; else ``None``."""
    semantic = event.get("semantic_event_type")
    if isinstance(semantic, str) and semantic:
        return semantic
    event_type = event.get("event_type")
    if isinstance(event_type, str) and event_type:
        return event_type[3:] if event_type.startswith("v1.") else event_type
    legacy = event.get("event")
    if isinstance(legacy, str) and legacy:
        return legacy
    return None
