"""When to retry and how long to wait: pure functions, the clock and randomness come in as arguments."""

from __future__ import annotations

import math
import re
from email.utils import parsedate_to_datetime
from typing import Mapping, Optional

#: The first backoff delay in seconds, doubled on every retry.
INITIAL_RETRY_DELAY = 0.5
#: The longest backoff delay the client computes itself.
MAX_RETRY_DELAY = 8.0
#: A server-given wait (``Retry-After``, ``X-RateLimit-Reset``) longer than this is ignored.
MAX_SERVER_DELAY = 60.0

_SECONDS = re.compile(r"^\d+(\.\d+)?$")
_RESET = re.compile(r"^\s*\d+(\.\d+)?\s*$")
_LETTER = re.compile(r"[a-z]", re.IGNORECASE)


def is_retryable_status(status: int) -> bool:
    """408 and 409 (may succeed as sent), 429 (after the window) and every 5xx; never another 4xx."""
    return status in (408, 409, 429) or status >= 500


def retry_delay(
    retry_index: int,
    status: Optional[int],
    headers: Optional[Mapping[str, str]],
    now: float,
    random: float,
) -> float:
    """Seconds to wait before retry number ``retry_index`` (0 for the first).

    A ``Retry-After`` between 0 and 60 s wins; for a 429 without it, an ``X-RateLimit-Reset`` less
    than 60 s away; otherwise ``min(0.5 s * 2**retry_index, 8 s)``, less up to 25 % jitter.
    """
    if status is not None and headers is not None:
        server = _server_delay(headers, now, status == 429)
        if server is not None and server <= MAX_SERVER_DELAY:
            return server
    base = min(INITIAL_RETRY_DELAY * 2**retry_index, MAX_RETRY_DELAY)
    return float(round(base * (1 - 0.25 * random), 3))


def retry_after_seconds(headers: Mapping[str, str], now: float) -> Optional[int]:
    """The wait a response asks for, whole seconds rounded up, or ``None`` when it says none."""
    delay = _server_delay(headers, now, True)
    return None if delay is None else math.ceil(delay)


def parse_retry_after(value: Optional[str], now: float) -> Optional[float]:
    """``Retry-After`` as delay-seconds or an HTTP date (RFC 9110 10.2.3), in seconds."""
    if value is None:
        return None
    text = value.strip()
    if _SECONDS.match(text):
        return float(text)
    if not _LETTER.search(text):
        return None
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - now)


def _server_delay(headers: Mapping[str, str], now: float, use_reset: bool) -> Optional[float]:
    retry_after = parse_retry_after(headers.get("retry-after"), now)
    if retry_after is not None:
        return retry_after
    if not use_reset:
        return None
    reset = headers.get("x-ratelimit-reset")
    if reset is None or not _RESET.match(reset):
        return None
    delay = float(reset) - now
    # A reset already in the past says nothing about how long to wait (clock skew): back off.
    return delay if delay >= 0 else None
