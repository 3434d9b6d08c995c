"""The error the test fixture raises."""

from __future__ import annotations

from typing import Dict, Mapping, Optional

from .._errors import KlarefiError


class KlarefiTestError(KlarefiError):
    """A failure of the fixture itself: a claim the form refused, a wait that ran out, no CLI.

    ``code`` is one of ``invalid_answers`` (``field_errors`` holds the form's messages by question id),
    ``session_expired``, ``already_submitted``, ``invalid_link``, ``unexpected_page``, ``timeout``,
    ``cli_not_found``, ``node_not_found``, ``emulator_did_not_start``, ``control_refused``.
    """

    def __init__(self, code: str, message: str, field_errors: Optional[Mapping[str, str]] = None) -> None:
        super().__init__(message)
        self.code = code
        self.field_errors: Dict[str, str] = dict(field_errors or {})
