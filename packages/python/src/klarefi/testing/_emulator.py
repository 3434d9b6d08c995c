"""The emulator as a test fixture: credentials, a claimant, deliveries to await, faults and the clock."""

from __future__ import annotations

import secrets
from datetime import datetime
from pathlib import Path
from typing import Any, Dict, List, Optional, Set, Union

import httpx

from .._client import KlarefiClient
from .._types import Session
from ._claimant import Claimant
from ._cli import CliProcess, find_cli
from ._deliveries import Deliveries
from ._errors import KlarefiTestError


class Fault:
    """A fault that was added; ``remove()`` stops it."""

    def __init__(self, emulator: KlarefiEmulator, fault_id: str, labels: List[str]) -> None:
        self._emulator = emulator
        self.id = fault_id
        self.labels = labels

    def remove(self) -> None:
        self._emulator._control("DELETE", f"/_emulator/faults/{self.id}", allow=(404,))


class Faults:
    """Misbehaviour on demand, for the next matching delivery (or ``deliveries="all"``)."""

    def __init__(self, emulator: KlarefiEmulator) -> None:
        self._emulator = emulator

    def add(
        self,
        *,
        match: Optional[str] = None,
        duplicate: Optional[str] = None,
        reorder: Optional[bool] = None,
        delay_ms: Optional[int] = None,
        clock_skew_seconds: Optional[int] = None,
        body: Optional[str] = None,
        sign_with: Optional[str] = None,
        attempts: Optional[int] = None,
        deliveries: Optional[Union[int, str]] = None,
    ) -> Fault:
        """Adds a fault (see the emulator's README for what each does). ``match`` is an event type."""
        spec = {
            "match": match,
            "duplicate": duplicate,
            "reorder": reorder,
            "delayMs": delay_ms,
            "clockSkewSeconds": clock_skew_seconds,
            "body": body,
            "signWith": sign_with,
            "attempts": attempts,
            "deliveries": deliveries,
        }
        added = self._emulator._control(
            "POST", "/_emulator/faults", json={k: v for k, v in spec.items() if v is not None}
        )
        return Fault(self._emulator, added["id"], added["labels"])

    def clear(self) -> None:
        self._emulator._control("DELETE", "/_emulator/faults")


class Clock:
    """The emulator's clock."""

    def __init__(self, emulator: KlarefiEmulator) -> None:
        self._emulator = emulator

    def now(self) -> datetime:
        raw = self._emulator._control("GET", "/_emulator/clock")["now"]
        return datetime.fromisoformat(raw.replace("Z", "+00:00"))

    def advance(self, duration: Union[str, int]) -> None:
        """Moves the clock forward (``"72h"``, ``"30m"``, ``"1d 2h"`` or milliseconds), at once: sessions
        expire, due retries go out, signatures carry the new time. It never moves back."""
        self._emulator._control("POST", "/_emulator/clock/advance", json={"by": duration})


class KlarefiEmulator:
    """A running ``klarefi dev``, started through the CLI, with its own random key and secrets."""

    def __init__(self, root: Optional[Path] = None) -> None:
        self.api_key = f"sk_test_pytest_{secrets.token_hex(12)}"
        self.webhook_secret = f"whsec_pytest_{secrets.token_hex(16)}"
        self.previous_webhook_secret = f"whsec_pytest_prev_{secrets.token_hex(16)}"
        self._cli = CliProcess(
            find_cli(root),
            [
                "--forward-to", "none",
                "--api-key", self.api_key,
                "--secret", self.webhook_secret,
                "--previous-secret", self.previous_webhook_secret,
                "--retry-schedule", "service",
            ],
        )  # fmt: skip
        self.base_url: str = self._cli.info["url"]
        self._http = httpx.Client(timeout=30)
        self._endpoints: Set[str] = set()
        self.deliveries = Deliveries(self)
        self.faults = Faults(self)
        self.clock = Clock(self)

    @property
    def env(self) -> Dict[str, str]:
        """``KLAREFI_API_KEY``, ``KLAREFI_API_BASE_URL`` and ``KLAREFI_WEBHOOK_SECRET``, for the app."""
        return {
            "KLAREFI_API_KEY": self.api_key,
            "KLAREFI_API_BASE_URL": self.base_url,
            "KLAREFI_WEBHOOK_SECRET": self.webhook_secret,
        }

    def _control(self, method: str, path: str, allow: tuple = (), **kwargs: Any) -> Any:  # type: ignore[type-arg]
        response = self._http.request(method, f"{self.base_url}{path}", **kwargs)
        if response.status_code >= 400 and response.status_code not in allow:
            try:
                message = response.json()["error"]["message"]
            except (ValueError, KeyError, TypeError):
                message = response.text[:200]
            raise KlarefiTestError("control_refused", f"The emulator refused {method} {path}: {message}")
        return response.json()

    def forward_to(self, url: str) -> None:
        """Delivers every event from now on to ``url`` (the app's webhook route). Endpoints stay for
        the emulator's lifetime; adding the same URL again does nothing."""
        if url in self._endpoints:
            return
        self._control("POST", "/_emulator/endpoints", json={"url": url})
        self._endpoints.add(url)

    def create_session(self, **params: Any) -> Session:
        """A session straight from the API (``case_type_id="motor_claim"``, ...)."""
        with KlarefiClient(api_key=self.api_key, base_url=self.base_url, max_retries=0) as client:
            return client.create_session(**params)

    def claimant(self, signed_url: str) -> Claimant:
        """A claimant for a session's ``signed_url``."""
        return Claimant(signed_url, self._http)

    def reset(self) -> None:
        """Removes every fault, stops pending retries and forgets the deliveries so far."""
        self.faults.clear()
        for d in self.deliveries.all():
            if d.status == "pending":
                self._control("POST", f"/_emulator/deliveries/{d.delivery_id}/cancel", allow=(404,))
            self.deliveries.forgotten.add(d.delivery_id)

    def output(self) -> str:
        """The emulator's delivery log so far (its stderr)."""
        return self._cli.output()

    def close(self) -> None:
        self._http.close()
        self._cli.stop()
