"""Keeps the API key out of everything the client raises."""

from __future__ import annotations

from typing import Callable

#: What replaces the key's secret part in any text the client shows.
REDACTED = "[redacted]"


def scrubber(secret: str) -> Callable[[str], str]:
    """A function that replaces every occurrence of ``secret`` in a text."""
    # The prefix (sk_test_/sk_live_) says which environment failed and is not secret.
    shown = f"{secret[:8]}{REDACTED}"

    def scrub(text: str) -> str:
        return text.replace(secret, shown) if secret in text else text

    return scrub
