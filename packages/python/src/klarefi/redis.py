"""Dedupe stores on Redis (redis-py, sync and asyncio), sharing keys with ``@klarefi/redis``.

``pip install "klarefi[redis]"``. A key is ``<prefix>:dedupe:<delivery id>`` holding
``processing:<token>`` or ``done``; ``claim`` is one ``SET … NX PX … GET`` (Redis 7 or later), ``complete``
and ``release`` are token-checked Lua scripts (the same source, so the same SHA), so a fleet of TypeScript and Python
receivers shares one store.
"""

from __future__ import annotations

import asyncio
from typing import Any, Optional

import redis
import redis.asyncio

from ._dedupe import DedupeState
from ._errors import KlarefiConfigError

__all__ = ["AsyncRedisDedupeStore", "RedisDedupeStore"]

#: KEYS[1] the delivery key; ARGV[1] ``processing:<token>``, ARGV[2] the TTL in ms. 1 when completed.
COMPLETE_SCRIPT = (
    "if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], 'done', 'PX', ARGV[2]) return 1 end "
    "return 0"
)
#: KEYS[1] the delivery key; ARGV[1] ``processing:<token>``. 1 when released.
RELEASE_SCRIPT = "if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) return 1 end return 0"

PROCESSING = "processing:"
DONE = "done"


def _prefix(prefix: Any, store: str) -> str:
    if not isinstance(prefix, str) or not prefix:
        raise KlarefiConfigError(f'{store}: prefix must be a non-empty string (default "klarefi").')
    return f"{prefix}:dedupe:"


def _state(previous: Any) -> DedupeState:
    if previous is None:
        return "claimed"
    text = previous.decode() if isinstance(previous, bytes) else str(previous)
    if text == DONE:
        return "done"
    if text.startswith(PROCESSING):
        return "processing"
    raise ValueError("A dedupe key holds a value this store did not write; is the prefix shared with other data?")


def _ttl(ttl_ms: float) -> int:
    return max(1, int(-(-ttl_ms // 1)))


class RedisDedupeStore:
    """A :class:`~klarefi.DedupeStore` on Redis for WSGI receivers (Flask, Django).

    Args:
        client: Your ``redis.Redis`` (or ``redis.RedisCluster``). Give it a ``socket_timeout`` (e.g. 5):
            a delivery waits at most that long for Redis before answering ``503 dedupe_unavailable``.
            The store never closes it.
        prefix: The first part of every key. Default: ``"klarefi"``.
    """

    def __init__(self, client: redis.Redis, *, prefix: str = "klarefi") -> None:
        if not hasattr(client, "set") or not hasattr(client, "register_script"):
            raise KlarefiConfigError("RedisDedupeStore: client must be a redis.Redis, e.g. redis.Redis.from_url(url).")
        if isinstance(client, redis.asyncio.Redis):
            raise KlarefiConfigError("RedisDedupeStore: client is a redis.asyncio.Redis; use AsyncRedisDedupeStore.")
        self._client = client
        self._prefix = _prefix(prefix, "RedisDedupeStore")
        self._complete = client.register_script(COMPLETE_SCRIPT)
        self._release = client.register_script(RELEASE_SCRIPT)

    def key_of(self, delivery_id: str) -> str:
        """The Redis key of a delivery id."""
        return self._prefix + delivery_id

    def claim(self, key: str, token: str, ttl_ms: int) -> DedupeState:
        return _state(self._client.set(self.key_of(key), PROCESSING + token, nx=True, px=_ttl(ttl_ms), get=True))

    def complete(self, key: str, token: str, ttl_ms: int) -> bool:
        return bool(self._complete(keys=[self.key_of(key)], args=[PROCESSING + token, _ttl(ttl_ms)]) == 1)

    def release(self, key: str, token: str) -> bool:
        return bool(self._release(keys=[self.key_of(key)], args=[PROCESSING + token]) == 1)


class AsyncRedisDedupeStore:
    """A :class:`~klarefi.AsyncDedupeStore` on ``redis.asyncio`` for FastAPI and Starlette receivers.

    Args:
        client: Your ``redis.asyncio.Redis``. The store never closes it.
        prefix: The first part of every key. Default: ``"klarefi"``.
        timeout_seconds: How long one command may take before the delivery answers ``503 dedupe_unavailable``.
            Default: 5.
    """

    def __init__(
        self, client: redis.asyncio.Redis, *, prefix: str = "klarefi", timeout_seconds: Optional[float] = 5.0
    ) -> None:
        if not isinstance(client, redis.asyncio.Redis):
            raise KlarefiConfigError(
                "AsyncRedisDedupeStore: client must be a redis.asyncio.Redis, e.g. redis.asyncio.Redis.from_url(url)."
            )
        if timeout_seconds is not None and (isinstance(timeout_seconds, bool) or not timeout_seconds > 0):
            raise KlarefiConfigError(
                f"AsyncRedisDedupeStore: timeout_seconds must be above 0 (default 5); got {timeout_seconds!r}."
            )
        self._client = client
        self._prefix = _prefix(prefix, "AsyncRedisDedupeStore")
        self._timeout = timeout_seconds
        self._complete = client.register_script(COMPLETE_SCRIPT)
        self._release = client.register_script(RELEASE_SCRIPT)

    def key_of(self, delivery_id: str) -> str:
        """The Redis key of a delivery id."""
        return self._prefix + delivery_id

    async def claim(self, key: str, token: str, ttl_ms: int) -> DedupeState:
        call = self._client.set(self.key_of(key), PROCESSING + token, nx=True, px=_ttl(ttl_ms), get=True)
        return _state(await asyncio.wait_for(call, self._timeout))

    async def complete(self, key: str, token: str, ttl_ms: int) -> bool:
        call = self._complete(keys=[self.key_of(key)], args=[PROCESSING + token, _ttl(ttl_ms)])
        return bool(await asyncio.wait_for(call, self._timeout) == 1)

    async def release(self, key: str, token: str) -> bool:
        call = self._release(keys=[self.key_of(key)], args=[PROCESSING + token])
        return bool(await asyncio.wait_for(call, self._timeout) == 1)
