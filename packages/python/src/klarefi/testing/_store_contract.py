"""The dedupe store contract as pytest cases, for stores of your own (``@klarefi/sdk/testing``'s in Python).

Subclass :class:`DedupeStoreContract` in a ``test_*.py`` file and give ``make_store``; pytest collects
its eight cases. Sync and async stores alike: an async store's cases run in a fresh event loop each.

    class TestMyStore(DedupeStoreContract):
        def make_store(self):
            return MyStore(...)
"""

from __future__ import annotations

import asyncio
import inspect
import time
import uuid
from typing import Any, Awaitable, Callable, List, Union

__all__ = ["DedupeStoreContract"]

_LONG = 60_000


async def _result(value: Union[Any, Awaitable[Any]]) -> Any:
    return await value if inspect.isawaitable(value) else value


def _same(actual: Any, expected: Any, what: str) -> None:
    if actual != expected:
        raise AssertionError(f"DedupeStore contract: {what}: expected {expected!r}, got {actual!r}.")


class DedupeStoreContract:
    """The contract: claim, complete and release, the token rule, TTL lapse of claims and of processed
    entries, and concurrent claims (exactly one wins). Override :meth:`make_store`; the class attributes
    tune the lapse and race cases."""

    #: The TTL, in milliseconds, of the claims and entries the lapse cases let expire.
    short_ttl_ms = 100
    #: How long a lapse case waits for the store's own clock, in seconds, before it fails.
    lapse_timeout_seconds = 5.0
    #: How many concurrent claims race for one key.
    concurrent_claims = 50

    def make_store(self) -> Any:
        """The store under test, called once per case inside the case's event loop; may be ``async def``
        (an asyncio client belongs to the loop that opened it)."""
        raise NotImplementedError("Override make_store() to return the store under test.")

    def _run(self, case: Callable[[Any, Callable[[str], str]], Awaitable[None]]) -> None:
        run = uuid.uuid4().hex[:8]
        counter = iter(range(1, 1_000_000))

        def fresh(label: str) -> str:
            return f"contract:{run}:{label}:{next(counter)}"

        async def main() -> None:
            await case(await _result(self.make_store()), fresh)

        asyncio.run(main())

    async def _after_lapse(self, probe: Callable[[], Any], waiting_on: str) -> Any:
        deadline = time.monotonic() + self.short_ttl_ms / 1000 + self.lapse_timeout_seconds
        while True:
            state = await _result(probe())
            if state != waiting_on:
                return state
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"DedupeStore contract: an entry with a {self.short_ttl_ms} ms TTL was still {waiting_on!r} after "
                    f"{self.lapse_timeout_seconds} s more."
                )
            await asyncio.sleep(max(0.005, self.short_ttl_ms / 4000))

    def test_claim_then_processing_then_done(self) -> None:
        async def case(store: Any, fresh: Callable[[str], str]) -> None:
            key = fresh("basic")
            _same(await _result(store.claim(key, "a", _LONG)), "claimed", "first claim")
            _same(await _result(store.claim(key, "b", _LONG)), "processing", "claim while held")
            _same(await _result(store.claim(key, "a", _LONG)), "processing", "claim by the holder again")
            _same(await _result(store.complete(key, "a", _LONG)), True, "complete by the holder")
            _same(await _result(store.claim(key, "c", _LONG)), "done", "claim after complete")
            _same(await _result(store.complete(key, "a", _LONG)), False, "complete of a done entry")
            _same(await _result(store.release(key, "a")), False, "release of a done entry")
            _same(await _result(store.claim(key, "c", _LONG)), "done", "claim after a refused release")

        self._run(case)

    def test_release_lets_the_retry_claim_again(self) -> None:
        async def case(store: Any, fresh: Callable[[str], str]) -> None:
            key = fresh("release")
            _same(await _result(store.claim(key, "a", _LONG)), "claimed", "first claim")
            _same(await _result(store.release(key, "a")), True, "release by the holder")
            _same(await _result(store.claim(key, "b", _LONG)), "claimed", "claim after release")

        self._run(case)

    def test_another_token_can_neither_complete_nor_release(self) -> None:
        async def case(store: Any, fresh: Callable[[str], str]) -> None:
            key = fresh("token")
            _same(await _result(store.claim(key, "a", _LONG)), "claimed", "first claim")
            _same(await _result(store.complete(key, "b", _LONG)), False, "complete with another token")
            _same(await _result(store.release(key, "b")), False, "release with another token")
            _same(await _result(store.claim(key, "b", _LONG)), "processing", "the claim survives")
            _same(await _result(store.complete(key, "a", _LONG)), True, "complete by the holder")

        self._run(case)

    def test_unknown_keys_answer_false_and_create_nothing(self) -> None:
        async def case(store: Any, fresh: Callable[[str], str]) -> None:
            key = fresh("unknown")
            _same(await _result(store.complete(key, "a", _LONG)), False, "complete of an unknown key")
            _same(await _result(store.release(key, "a")), False, "release of an unknown key")
            _same(await _result(store.claim(key, "a", _LONG)), "claimed", "claim after those")

        self._run(case)

    def test_keys_are_independent(self) -> None:
        async def case(store: Any, fresh: Callable[[str], str]) -> None:
            one, two = fresh("one"), fresh("two")
            _same(await _result(store.claim(one, "a", _LONG)), "claimed", "claim of one")
            _same(await _result(store.claim(two, "a", _LONG)), "claimed", "claim of two")
            _same(await _result(store.complete(two, "a", _LONG)), True, "complete of two")
            _same(await _result(store.claim(one, "b", _LONG)), "processing", "one is still held")
            colons = f"sig:{fresh('sig')}:1700000000:ab:cd"
            _same(await _result(store.claim(colons, "a", _LONG)), "claimed", "a key with colons")

        self._run(case)

    def test_a_lapsed_claim_goes_to_the_next_token(self) -> None:
        async def case(store: Any, fresh: Callable[[str], str]) -> None:
            key = fresh("lapse")
            _same(await _result(store.claim(key, "a", self.short_ttl_ms)), "claimed", "first claim")
            after = await self._after_lapse(lambda: store.claim(key, "b", _LONG), "processing")
            _same(after, "claimed", "claim after the first claim lapsed")
            _same(await _result(store.complete(key, "a", _LONG)), False, "complete by the lapsed holder")
            _same(await _result(store.release(key, "a")), False, "release by the lapsed holder")
            _same(await _result(store.claim(key, "c", _LONG)), "processing", "the new claim survives")
            _same(await _result(store.complete(key, "b", _LONG)), True, "complete by the new holder")

        self._run(case)

    def test_a_processed_entry_is_forgotten_after_its_ttl(self) -> None:
        async def case(store: Any, fresh: Callable[[str], str]) -> None:
            key = fresh("done-lapse")
            _same(await _result(store.claim(key, "a", _LONG)), "claimed", "first claim")
            _same(await _result(store.complete(key, "a", self.short_ttl_ms)), True, "complete with a short TTL")
            after = await self._after_lapse(lambda: store.claim(key, "b", _LONG), "done")
            _same(after, "claimed", "claim after the processed entry lapsed")

        self._run(case)

    def test_exactly_one_concurrent_claim_wins(self) -> None:
        async def case(store: Any, fresh: Callable[[str], str]) -> None:
            key = fresh("race")
            tokens = [f"t{index}" for index in range(self.concurrent_claims)]
            if inspect.iscoroutinefunction(store.claim):
                answers: List[Any] = list(await asyncio.gather(*(store.claim(key, t, _LONG) for t in tokens)))
            else:
                answers = list(await asyncio.gather(*(asyncio.to_thread(store.claim, key, t, _LONG) for t in tokens)))
            _same(answers.count("claimed"), 1, "claims answered 'claimed'")
            _same(answers.count("processing"), len(tokens) - 1, "claims answered 'processing'")
            winner = answers.index("claimed")
            loser = 1 if winner == 0 else 0
            _same(await _result(store.complete(key, tokens[loser], _LONG)), False, "complete by a losing token")
            _same(await _result(store.complete(key, tokens[winner], _LONG)), True, "complete by the winning token")

        self._run(case)
