"""Performs the calls the receiver rules yield: in the request's thread (WSGI) or on the event loop (asyncio),
with sync handlers and stores in a thread pool there; and reports each webhook outcome once."""

from __future__ import annotations

import asyncio
import concurrent.futures
import inspect
import logging
import time
from typing import Any, Awaitable, Callable, Optional, TypedDict

from ._answer import Answer, received
from ._receiver import Call, Facts, StartClaimRequest, Steps, WebhookRequest, start_claim_steps, webhook_steps
from ._receiver_types import Options

logger = logging.getLogger("klarefi")


class WebhookOutcome(TypedDict):
    """One webhook decision as data; never a secret, a header or the body."""

    #: ``processed``, ``duplicate``, ``in_progress``, ``refused``, ``failed`` or ``unavailable``.
    outcome: str
    #: The refusal's code (``no_matching_signature``, ``handler_failed``, ...); ``None`` on a 200.
    code: Optional[str]
    status: int
    #: The envelope's ``delivery_id``; ``None`` before verification and for the legacy body.
    delivery_id: Optional[str]
    #: The semantic event name; ``None`` when refused before parsing.
    event_name: Optional[str]
    duration_ms: float


def _outcome(answer: Answer, facts: Facts, started: float) -> WebhookOutcome:
    code, status = facts.code, answer.status
    if status == 200:
        kind = "duplicate" if answer.body == received(True).body else "processed"
    elif status == 503:
        kind = "unavailable"
    elif code == "delivery_in_progress":
        kind = "in_progress"
    elif code == "handler_failed":
        kind = "failed"
    else:
        kind = "refused"
    return WebhookOutcome(
        outcome=kind,
        code=code,
        status=status,
        delivery_id=facts.delivery_id,
        event_name=facts.event_name,
        duration_ms=round((time.perf_counter() - started) * 1000, 3),
    )


def _report(o: Options, answer: Answer, facts: Facts, started: float, request: Any) -> Answer:
    if o.webhook.on_outcome is not None:
        try:
            o.webhook.on_outcome(_outcome(answer, facts, started), request)
        except Exception:
            # A broken reporter must not turn a processed delivery into a 500 (it would run twice).
            logger.exception("Klarefi webhook: on_outcome failed")
    return answer


# Session creations abandoned at their deadline finish here, off the request's thread.
_session_pool = concurrent.futures.ThreadPoolExecutor(max_workers=8, thread_name_prefix="klarefi-start-claim")


def _perform_sync(call: Call) -> Any:
    if call.kind == "session":
        params, timeout = call.args
        return _session_pool.submit(lambda: call.fn(**params)).result(timeout)
    result = call.fn(*call.args)
    if inspect.isawaitable(result):
        close = getattr(result, "close", None)
        if close is not None:
            close()
        raise TypeError(f"{call.fn!r} returned an awaitable, which a WSGI receiver cannot await.")
    return result


def _drive_sync(steps: Steps) -> Answer:
    value: Any = None
    error: Optional[BaseException] = None
    while True:
        try:
            call = steps.throw(error) if error is not None else steps.send(value)
        except StopIteration as stop:
            answer: Answer = stop.value
            return answer
        try:
            value, error = _perform_sync(call), None
        except Exception as failure:
            value, error = None, failure


def handle_webhook_sync(o: Options, req: WebhookRequest) -> Answer:
    """Answers a delivery in a WSGI receiver (Flask, Django)."""
    facts, started = Facts(), time.perf_counter()
    return _report(o, _drive_sync(webhook_steps(o, req, facts)), facts, started, req.request)


def handle_start_claim_sync(o: Options, req: StartClaimRequest) -> Answer:
    return _drive_sync(start_claim_steps(o, req))


ToThread = Callable[..., Awaitable[Any]]


async def _perform_async(call: Call, o: Options, to_thread: ToThread) -> Any:
    if call.kind == "session":
        params, timeout = call.args
        if inspect.iscoroutinefunction(call.fn):
            return await asyncio.wait_for(call.fn(**params), timeout)
        return await asyncio.wait_for(to_thread(lambda: call.fn(**params)), timeout)
    if call.kind == "store" and not o.webhook.dedupe_async:
        return await to_thread(call.fn, *call.args)
    if call.kind == "user" and not inspect.iscoroutinefunction(call.fn):
        result = await to_thread(call.fn, *call.args)
    else:
        result = call.fn(*call.args)
    return await result if inspect.isawaitable(result) else result


async def _drive_async(steps: Steps, o: Options, to_thread: ToThread) -> Answer:
    value: Any = None
    error: Optional[BaseException] = None
    while True:
        try:
            call = steps.throw(error) if error is not None else steps.send(value)
        except StopIteration as stop:
            answer: Answer = stop.value
            return answer
        try:
            value, error = await _perform_async(call, o, to_thread), None
        except Exception as failure:
            value, error = None, failure


async def handle_webhook_async(o: Options, req: WebhookRequest, to_thread: ToThread) -> Answer:
    """Answers a delivery in an asyncio receiver; sync handlers and stores run through ``to_thread``."""
    facts, started = Facts(), time.perf_counter()
    answer = await _drive_async(webhook_steps(o, req, facts), o, to_thread)
    return _report(o, answer, facts, started, req.request)


async def handle_start_claim_async(o: Options, req: StartClaimRequest, to_thread: ToThread) -> Answer:
    return await _drive_async(start_claim_steps(o, req), o, to_thread)
