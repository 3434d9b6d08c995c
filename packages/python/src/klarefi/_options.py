"""Validates the client's options at construction; every problem is a ``KlarefiConfigError``."""

from __future__ import annotations

import math
import os
import re
from typing import Any, Optional, Tuple
from urllib.parse import urlsplit

from ._errors import KlarefiConfigError

#: The Klarefi API used when ``base_url`` is not given. Every path lives under ``/api/v1``.
DEFAULT_BASE_URL = "https://api.klarefi.com"
#: The path prefix of every documented endpoint.
API_PREFIX = "/api/v1"
#: The per-attempt timeout in seconds.
DEFAULT_TIMEOUT = 60.0
#: How many times a failed request is retried.
DEFAULT_MAX_RETRIES = 2

_KEY_HELP = (
    "A key looks like sk_test_... (test) or sk_live_... (live); create one in the Klarefi dashboard under "
    "Developer settings and pass it, e.g. KlarefiClient(api_key=os.environ['KLAREFI_API_KEY']), "
    "or set the KLAREFI_API_KEY environment variable."
)
# RFC 6750 b64token: the characters a Bearer token may hold.
_TOKEN_CHARS = re.compile(r"^[A-Za-z0-9\-._~+/]+=*$")
_PREFIX = re.compile(r"^sk_(test|live)_")
_BEARER = re.compile(r"^bearer\s", re.IGNORECASE)


def describe(value: Any) -> str:
    """A short, secret-free description of a value, for error messages."""
    if value is None:
        return "None"
    if isinstance(value, bool):
        return repr(value)
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return "an empty string" if value == "" else "a string"
    return f"a {type(value).__name__}"


def resolve_api_key(value: Any) -> str:
    """The key given, else ``KLAREFI_API_KEY``; checked without ever echoing it."""
    if value is None:
        value = os.environ.get("KLAREFI_API_KEY")

    def fail(problem: str) -> KlarefiConfigError:
        return KlarefiConfigError(f"KlarefiClient: {problem} {_KEY_HELP}")

    if value is None or value == "":
        raise fail("api_key is missing (neither given nor set in KLAREFI_API_KEY).")
    if not isinstance(value, str):
        raise fail(f"api_key must be a string, got {describe(value)}.")
    if value.strip() == "":
        raise fail("api_key is blank.")
    if value.strip() != value:
        raise fail(
            "api_key has whitespace or a line break at its start or end (often a trailing newline from a "
            ".env file or a copy-paste); strip it."
        )
    if _BEARER.match(value):
        raise fail('api_key starts with "Bearer "; pass the key alone, the client adds it.')
    if value.startswith("whsec_"):
        raise fail("api_key looks like a webhook signing secret (whsec_...), not an API key.")
    prefix = _PREFIX.match(value)
    if prefix is None:
        raise fail("api_key must start with sk_test_ or sk_live_; the value given does not.")
    if len(value) == len(prefix.group(0)):
        raise fail(f"api_key is only the prefix {prefix.group(0)}; copy the whole key.")
    if not _TOKEN_CHARS.match(value):
        raise fail("api_key contains characters an API key cannot hold (spaces, quotes, non-ASCII); copy it again.")
    return value


def resolve_base_url(value: Any) -> str:
    """The origin given, else ``KLAREFI_API_BASE_URL``, else the Klarefi API; no trailing slash."""
    if value is None:
        value = os.environ.get("KLAREFI_API_BASE_URL") or DEFAULT_BASE_URL

    def fail(problem: str) -> KlarefiConfigError:
        return KlarefiConfigError(
            f'KlarefiClient: base_url {problem} Give the API\'s origin, e.g. "{DEFAULT_BASE_URL}" or '
            '"http://127.0.0.1:4010" for the local emulator; the client adds /api/v1 itself.'
        )

    if not isinstance(value, str):
        raise fail(f"must be a string, got {describe(value)}.")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise fail("is not an absolute http:// or https:// URL.")
    if "@" in parts.netloc:
        raise fail("must not contain a user name or password.")
    if parts.query or parts.fragment or value.endswith(("?", "#")):
        raise fail("must not have a query string or a fragment.")
    try:
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError:
        raise fail("has a malformed port.") from None
    path = parts.path.rstrip("/")
    if path.endswith(API_PREFIX):
        raise fail(f"must not end with {API_PREFIX}.")
    return f"{parts.scheme}://{parts.netloc.lower()}{path}"


def check_timeout(value: Any, where: str = "KlarefiClient: timeout") -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
        raise KlarefiConfigError(f"{where} must be a positive number of seconds, got {describe(value)}.")
    return float(value)


def check_max_retries(value: Any, where: str = "KlarefiClient: max_retries") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise KlarefiConfigError(
            f"{where} must be a whole number from 0 to 10 (0 turns retries off), got {describe(value)}."
        )
    return value


def resolve_options(
    api_key: Optional[str], base_url: Optional[str], timeout: float, max_retries: int
) -> Tuple[str, str, float, int]:
    return (
        resolve_api_key(api_key),
        resolve_base_url(base_url),
        check_timeout(timeout),
        check_max_retries(max_retries),
    )
