"""The dedupe store contract (the same as ``@klarefi/sdk``'s ``DedupeStore``) and the in-process store."""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict
from typing import Awaitable, Callable, Literal, NamedTuple, Protocol, Union, runtime_checkable

from ._errors import KlarefiConfigError

#: What ``claim`` answers: ``"claimed"`` (yours now), ``"processing"`` (another holds it), ``"done"``.
DedupeState = Literal["claimed", "processing", "done"]


@runtime_checkable
class DedupeStore(Protocol):
    """Where delivery ids are remembered, so an at-least-once delivery runs its handlers once, even
    across processes. Two round trips per delivery: ``claim``, then ``complete`` or ``release``.

    The caller makes a fresh random ``token`` per attempt; every TTL is in **milliseconds**. Any
    exception means "unknown": the handler does not run and the delivery answers
    ``503 dedupe_unavailable``. Check a store of your own with ``klarefi.testing.DedupeStoreContract``.
    """

    def claim(self, key: str, token: str, ttl_ms: int) -> DedupeState:
        """Atomically: when ``key`` is absent or expired, stores a claim held by ``token`` for ``ttl_ms``
        and answers ``"claimed"``; otherwise changes nothing and answers ``"processing"`` or ``"done"``."""
        ...

    def complete(self, key: str, token: str, ttl_ms: int) -> bool:
        """When ``key`` holds the unexpired claim of ``token``, marks it done for ``ttl_ms``; else ``False``."""
        ...

    def release(self, key: str, token: str) -> bool:
        """When ``key`` holds the unexpired claim of ``token``, deletes it (the retry runs again); else ``False``."""
        ...


@runtime_checkable
class AsyncDedupeStore(Protocol):
    """:class:`DedupeStore` with coroutine methods, for asyncio receivers (FastAPI, Starlette)."""

    def claim(self, key: str, token: str, ttl_ms: int) -> Awaitable[DedupeState]: ...

    def complete(self, key: str, token: str, ttl_ms: int) -> Awaitable[bool]: ...

    def release(self, key: str, token: str) -> Awaitable[bool]: ...


AnyDedupeStore = Union[DedupeStore, AsyncDedupeStore]


def new_claim_token() -> str:
    """A fresh claim token: unique per attempt, not secret."""
    return str(uuid.uuid4())


class _Entry(NamedTuple):
    state: Literal["processing", "done"]
    token: str
    expires_at: float


class MemoryDedupeStore:
    """An in-process :class:`DedupeStore`, bounded, with TTL, thread-safe. Right for one process; several
    workers (gunicorn and uvicorn start several) need a shared store: ``klarefi.redis`` or ``klarefi.postgres``.

    Args:
        max_entries: The most ids remembered; the oldest are forgotten first. Default: 10000.
        now: The clock in milliseconds, for tests. Default: ``time.time() * 1000``.
    """

    def __init__(self, *, max_entries: int = 10_000, now: Callable[[], float] = lambda: time.time() * 1000) -> None:
        if isinstance(max_entries, bool) or not isinstance(max_entries, int) or max_entries < 1:
            raise KlarefiConfigError(
                f"MemoryDedupeStore max_entries must be a positive integer (default 10000); got {max_entries!r}."
            )
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._max = max_entries
        self._now = now
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def claim(self, key: str, token: str, ttl_ms: int) -> DedupeState:
        with self._lock:
            entry = self._live(key)
            if entry is not None:
                return entry.state
            self._set(key, _Entry("processing", token, self._now() + ttl_ms))
            return "claimed"

    def complete(self, key: str, token: str, ttl_ms: int) -> bool:
        with self._lock:
            if not self._holds(key, token):
                return False
            self._set(key, _Entry("done", token, self._now() + ttl_ms))
            return True

    def release(self, key: str, token: str) -> bool:
        with self._lock:
            if not self._holds(key, token):
                return False
            del self._entries[key]
            return True

    def _live(self, key: str) -> _Entry | None:
        entry = self._entries.get(key)
        return entry if entry is not None and entry.expires_at > self._now() else None

    def _holds(self, key: str, token: str) -> bool:
        entry = self._live(key)
        return entry is not None and entry.state == "processing" and entry.token == token

    def _set(self, key: str, entry: _Entry) -> None:
        self._entries.pop(key, None)
        self._entries[key] = entry
        while len(self._entries) > self._max:
            self._entries.popitem(last=False)
