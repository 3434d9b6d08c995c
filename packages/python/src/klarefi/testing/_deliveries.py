"""The delivery log as a test reads it: deliveries with their attempts, and waiting for one."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Set

from ._errors import KlarefiTestError

if TYPE_CHECKING:
    from ._emulator import KlarefiEmulator

#: How often ``wait_for`` looks at the delivery log; the emulator has no push channel for other languages.
POLL_INTERVAL_S = 0.05


@dataclass
class Attempt:
    """One HTTP request the emulator made for a delivery, and what came back."""

    attempt: int
    #: ``None`` when no answer came (refused connection, timeout).
    status: Optional[int]
    headers: Dict[str, str]
    #: The first 200 characters of the answer.
    body: str
    started_at: datetime
    duration_ms: int
    #: The faults applied, e.g. ``["duplicate:concurrent"]``.
    faults: List[str]
    signature: Optional[str]
    error: Optional[str]
    replay: bool


@dataclass
class Response:
    """The latest answered attempt of a delivery."""

    status: int
    headers: Dict[str, str]
    body: str


@dataclass
class Delivery:
    """One event's delivery to the app, with every attempt."""

    delivery_id: str
    event_id: str
    type: str
    case_id: Optional[str]
    endpoint_url: str
    #: ``pending`` while retries remain, then ``succeeded`` or ``failed``.
    status: str
    event: Dict[str, Any]
    attempts: List[Attempt]
    response: Optional[Response]


def _delivery(raw: Dict[str, Any]) -> Delivery:
    attempts = [
        Attempt(
            attempt=a["attempt"],
            status=a["status"],
            headers=a.get("response_headers") or {},
            body=a["response_excerpt"],
            started_at=datetime.fromisoformat(a["started_at"].replace("Z", "+00:00")),
            duration_ms=a["latency_ms"],
            faults=a.get("faults") or [],
            signature=a.get("signature_header"),
            error=a["error"],
            replay=a["manual"],
        )
        for a in raw["attempts"]
    ]
    answered = [a for a in attempts if a.status is not None]
    last = answered[-1] if answered else None
    return Delivery(
        delivery_id=raw["delivery_id"],
        event_id=raw["event_id"],
        type=raw["event_type"],
        case_id=raw["case_id"],
        endpoint_url=raw["endpoint_url"],
        status=raw["status"],
        event=raw["payload"],
        attempts=attempts,
        response=Response(last.status, last.headers, last.body) if last and last.status is not None else None,
    )


def _semantic(event_type: str) -> str:
    return event_type[3:] if event_type.startswith("v1.") else event_type


class Deliveries:
    """The deliveries the emulator made, since the start or the last ``reset()``."""

    def __init__(self, emulator: KlarefiEmulator) -> None:
        self._emulator = emulator
        self.forgotten: Set[str] = set()

    def all(self) -> List[Delivery]:
        """Every delivery, oldest first."""
        raw = self._emulator._control("GET", "/_emulator/deliveries")["deliveries"]
        return [_delivery(d) for d in raw if d["delivery_id"] not in self.forgotten]

    def wait_for(
        self,
        event_type: str,
        *,
        case_id: Optional[str] = None,
        delivery_id: Optional[str] = None,
        where: Optional[Callable[[Delivery], bool]] = None,
        status: Optional[int] = None,
        timeout_s: float = 5.0,
    ) -> Delivery:
        """The first delivery of ``event_type`` (``"case.completed"`` or ``"v1.case.completed"``) that
        matches, as soon as one of its attempts was answered (or answered ``status``). Raises
        ``KlarefiTestError`` (``timeout``) naming every delivery that did arrive."""
        wanted = _semantic(event_type)

        def matches(d: Delivery) -> bool:
            answered = any(a.status is not None if status is None else a.status == status for a in d.attempts)
            return (
                _semantic(d.type) == wanted
                and answered
                and (case_id is None or d.case_id == case_id)
                and (delivery_id is None or d.delivery_id == delivery_id)
                and (where is None or where(d))
            )

        deadline = time.monotonic() + timeout_s
        while True:
            arrived = self.all()
            found = next((d for d in arrived if matches(d)), None)
            if found is not None:
                return found
            if time.monotonic() >= deadline:
                break
            time.sleep(POLL_INTERVAL_S)
        lines = [
            f"{d.type} {d.delivery_id}{f' case {d.case_id}' if d.case_id else ''} → "
            + (
                ", ".join(str(a.status) if a.status is not None else f"no answer ({a.error})" for a in d.attempts)
                or "not attempted yet"
            )
            for d in arrived
        ]
        what = (
            "What arrived:\n  " + "\n  ".join(lines)
            if lines
            else "No delivery arrived at all: call forward_to(url) first."
        )
        raise KlarefiTestError("timeout", f"wait_for({event_type!r}): nothing matched within {timeout_s} s. {what}")

    def replay(self, delivery_id: str) -> Delivery:
        """Sends one more attempt of ``delivery_id`` now (same id and body, fresh signature)."""
        raw = self._emulator._control(
            "POST", f"/_emulator/deliveries/{delivery_id}/resend", headers={"accept": "application/json"}
        )
        return _delivery(raw)
