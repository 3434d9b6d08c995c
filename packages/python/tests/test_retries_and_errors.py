"""Retries, idempotency keys, Retry-After and every error class, counted on a recording server."""

from __future__ import annotations

import asyncio
import json
import socket
import traceback
from typing import Any, List, Type

import httpx
import pytest

import klarefi
from conftest import RecordingServer
from klarefi import AsyncKlarefiClient, KlarefiClient

KEY = "sk_test_recorder_SECRETPART_0123456789"


def envelope(kind: str, code: str, message: str = "no") -> Any:
    return {"error": {"type": kind, "code": code, "message": message, "request_id": "req_1"}}


def test_a_create_keeps_one_idempotency_key_across_its_retries(
    recorder: RecordingServer, no_sleep: List[float]
) -> None:
    recorder.answer(503, envelope("internal_error", "internal_error"))
    recorder.answer(500, b"oops", {"Content-Type": "text/plain"})
    recorder.answer(201, {"session_id": "s_1", "signed_url": "https://x/s/s_1", "idempotent_replay": False})
    with KlarefiClient(KEY, base_url=recorder.url) as client:
        session = client.create_session(case_type_id="motor_claim", locale="nl")
    assert session["session_id"] == "s_1"
    assert len(recorder.requests) == 3
    keys = {r["headers"]["Idempotency-Key"] for r in recorder.requests}
    assert len(keys) == 1 and keys.pop().startswith("klarefi-sdk-retry-")
    assert [r["headers"]["X-Klarefi-Retry-Count"] for r in recorder.requests] == ["0", "1", "2"]
    assert json.loads(recorder.requests[0]["body"]) == {"case_type_id": "motor_claim", "locale": "nl"}
    assert recorder.requests[0]["headers"]["Authorization"] == f"Bearer {KEY}"
    assert recorder.requests[0]["headers"]["X-Klarefi-Client"] == f"klarefi-python/{klarefi.__version__}"
    # Exponential backoff with at most 25 % jitter.
    assert 0.375 <= no_sleep[0] <= 0.5 and 0.75 <= no_sleep[1] <= 1.0


def test_two_calls_get_two_keys_and_a_given_key_is_sent(recorder: RecordingServer, no_sleep: List[float]) -> None:
    with KlarefiClient(KEY, base_url=recorder.url) as client:
        client.create_session(case_type_id="motor_claim")
        client.create_session(case_type_id="motor_claim")
        client.process_document(
            document_url="https://example.com/a.pdf", case_type_id="motor_claim", idempotency_key="mine-1"
        )
    keys = [r["headers"]["Idempotency-Key"] for r in recorder.requests]
    assert keys[0] != keys[1] and keys[2] == "mine-1"


def test_retry_after_and_rate_limit_reset_are_honoured(recorder: RecordingServer, no_sleep: List[float]) -> None:
    recorder.answer(429, envelope("rate_limit_error", "rate_limit_exceeded"), {"Retry-After": "3"})
    recorder.answer(409, {}, {"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"})
    recorder.answer(429, envelope("rate_limit_error", "rate_limit_exceeded"), {"Retry-After": "120"})
    recorder.answer(200, {"status": "ok"})
    with KlarefiClient(KEY, base_url=recorder.url, max_retries=3) as client:
        assert client.get_health() == {"status": "ok"}
    # 3 s as asked; a date in the past means now; 120 s is over the 60 s cap, so backoff (2 s less jitter).
    assert no_sleep[:2] == [3.0, 0.0]
    assert 1.5 <= no_sleep[2] <= 2.0
    assert "Authorization" not in recorder.requests[0]["headers"]  # /health is sent without the key


def test_a_rate_limit_that_outlasts_the_retries(recorder: RecordingServer, no_sleep: List[float]) -> None:
    for _ in range(3):
        recorder.answer(429, envelope("rate_limit_error", "rate_limit_exceeded", "slow down"), {"Retry-After": "7"})
    with KlarefiClient(KEY, base_url=recorder.url) as client, pytest.raises(klarefi.KlarefiRateLimitError) as error:
        client.get_me()
    assert (error.value.status, error.value.retry_after_seconds, error.value.request_id) == (429, 7, "req_1")
    assert no_sleep == [7.0, 7.0]
    assert len(recorder.requests) == 3


@pytest.mark.parametrize(
    ("status", "kind", "error_class"),
    [
        (400, "validation_error", klarefi.KlarefiValidationError),
        (401, "authentication_error", klarefi.KlarefiAuthenticationError),
        (402, "billing_error", klarefi.KlarefiBillingError),
        (403, "authorization_error", klarefi.KlarefiAuthorizationError),
        (404, "not_found", klarefi.KlarefiNotFoundError),
        (428, "precondition_error", klarefi.KlarefiPreconditionError),
    ],
)
def test_each_documented_error_type_is_its_class_and_is_not_retried(
    recorder: RecordingServer, no_sleep: List[float], status: int, kind: str, error_class: Type[klarefi.KlarefiApiError]
) -> None:
    recorder.answer(status, envelope(kind, "some_code", f"the key {KEY} was echoed"))
    with KlarefiClient(KEY, base_url=recorder.url) as client, pytest.raises(error_class) as error:
        client.create_session(case_type_id="motor_claim")
    assert type(error.value).__name__ == error_class.__name__
    assert (error.value.status, error.value.type, error.value.code) == (status, kind, "some_code")
    assert (error.value.method, error.value.path) == ("POST", "/api/v1/sessions")
    assert len(recorder.requests) == 1 and no_sleep == []
    shown = [
        str(error.value),
        repr(error.value),
        json.dumps(error.value.body),
        "".join(traceback.format_exception(type(error.value), error.value, error.value.__traceback__)),
    ]
    assert all(KEY not in text and "SECRETPART" not in text for text in shown)
    assert "sk_test_[redacted]" in str(error.value)


def test_5xx_after_the_retries_is_an_internal_error_and_other_statuses_the_base_class(
    recorder: RecordingServer, no_sleep: List[float]
) -> None:
    for _ in range(3):
        recorder.answer(500, envelope("internal_error", "internal_error"))
    recorder.answer(302, b"", {"Location": "https://elsewhere.example/"})
    recorder.answer(200, b"<html>not json</html>", {"Content-Type": "text/html"})
    with KlarefiClient(KEY, base_url=recorder.url) as client:
        with pytest.raises(klarefi.KlarefiInternalError):
            client.get_me()
        with pytest.raises(klarefi.KlarefiApiError) as redirect:
            client.get_me()
        assert type(redirect.value) is klarefi.KlarefiApiError
        assert "does not follow redirects" in str(redirect.value)
        with pytest.raises(klarefi.KlarefiApiError, match="non-JSON body"):
            client.get_me()
    assert len(recorder.requests) == 5


def test_a_timeout_is_retried_then_raised(no_sleep: List[float]) -> None:
    # A server that accepts connections and never answers.
    listener = socket.create_server(("127.0.0.1", 0))
    try:
        port = listener.getsockname()[1]
        with KlarefiClient(KEY, base_url=f"http://127.0.0.1:{port}", timeout=0.2, max_retries=1) as client:
            with pytest.raises(klarefi.KlarefiTimeoutError) as error:
                client.get_me()
        assert error.value.timeout == 0.2
        assert "2 attempts" in str(error.value)
        assert len(no_sleep) == 1
    finally:
        listener.close()


def test_a_refused_connection_is_a_connection_error(no_sleep: List[float]) -> None:
    closed = socket.create_server(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    with KlarefiClient(KEY, base_url=f"http://127.0.0.1:{port}") as client:
        with pytest.raises(klarefi.KlarefiConnectionError) as error:
            client.create_session(case_type_id="motor_claim")
    assert "3 attempts" in str(error.value) and len(no_sleep) == 2
    assert KEY not in "".join(traceback.format_exception(type(error.value), error.value, error.value.__traceback__))


def everything_shown(error: BaseException) -> str:
    """What a log or an error tracker can show of an error: the chained traceback, the locals of the
    package's frames in it (error trackers capture those) and the error's own attributes."""
    shown = "".join(traceback.format_exception(type(error), error, error.__traceback__, chain=True))
    for frame, _ in traceback.walk_tb(error.__traceback__):
        if "klarefi" in frame.f_code.co_filename:
            shown += "".join(f"{name}={value!r}" for name, value in frame.f_locals.items())
    return shown + repr(vars(error))


@pytest.mark.parametrize("failure", ["refused", "timeout"])
def test_a_failure_without_an_answer_carries_no_httpx_error_and_so_no_key(failure: str, no_sleep: List[float]) -> None:
    # httpx's error holds the request, and so its Authorization header: it must not ride along as
    # __context__ (raising inside the except block did that) or __cause__.
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    if failure == "refused":
        listener.close()
    url = f"http://127.0.0.1:{port}"
    expected = klarefi.KlarefiConnectionError if failure == "refused" else klarefi.KlarefiTimeoutError
    try:
        with KlarefiClient(KEY, base_url=url, timeout=0.2, max_retries=1) as client, pytest.raises(expected) as sync:
            client.create_session(case_type_id="motor_claim")

        async def main() -> BaseException:
            async with AsyncKlarefiClient(KEY, base_url=url, timeout=0.2, max_retries=1) as client:
                with pytest.raises(expected) as error:
                    await client.get_me()
                return error.value

        for error in (sync.value, asyncio.run(main())):
            assert error.__context__ is None and error.__cause__ is None
            assert KEY not in everything_shown(error)
            assert KEY[8:] not in everything_shown(error)
    finally:
        listener.close()


def test_a_connection_reset_and_a_proxy_502_page(no_sleep: List[float]) -> None:
    # The emulator cannot reset a connection or answer like a proxy; a transport stands in for those.
    seen: List[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["Idempotency-Key"])
        if len(seen) == 1:
            raise httpx.ReadError("Connection reset by peer", request=request)
        if len(seen) == 2:
            return httpx.Response(
                502, text="<html><h1>502 Bad Gateway</h1></html>", headers={"Content-Type": "text/html"}
            )
        return httpx.Response(201, json={"case_id": "c", "doc_id": "d", "job_id": "j", "status": "queued"})

    http = httpx.Client(transport=httpx.MockTransport(handler))
    with KlarefiClient(KEY, base_url="https://api.klarefi.com", http_client=http) as client:
        job = client.process_document(document_url="https://example.com/a.pdf", case_type_id="motor_claim")
    assert job["status"] == "queued" and len(set(seen)) == 1 and len(seen) == 3
    assert not http.is_closed  # a client passed in stays open
    http.close()

    only_502 = httpx.Client(
        transport=httpx.MockTransport(lambda r: httpx.Response(502, text="<html>Bad Gateway</html>"))
    )
    with (
        KlarefiClient(KEY, http_client=only_502, max_retries=0) as client,
        pytest.raises(klarefi.KlarefiInternalError) as error,
    ):
        client.get_me()
    assert error.value.status == 502 and error.value.body == "<html>Bad Gateway</html>"
    assert "502 Bad Gateway with a non-JSON body" in str(error.value)


def test_the_async_client_retries_alike(recorder: RecordingServer, no_sleep: List[float]) -> None:
    recorder.answer(503, {})
    recorder.answer(201, {"session_id": "s_2", "signed_url": "u", "idempotent_replay": False})
    recorder.answer(404, envelope("not_found", "case_not_found"))

    async def main() -> None:
        async with AsyncKlarefiClient(KEY, base_url=recorder.url) as client:
            assert (await client.create_session(case_type_id="motor_claim"))["session_id"] == "s_2"
            with pytest.raises(klarefi.KlarefiNotFoundError):
                await client.get_case("nope")

    asyncio.run(main())
    assert len({r["headers"]["Idempotency-Key"] for r in recorder.requests[:2]}) == 1
    assert len(no_sleep) == 1


def test_with_options_and_paging(recorder: RecordingServer, no_sleep: List[float]) -> None:
    recorder.answer(200, {"case_id": "c", "events": [{"cursor": 1}, {"cursor": 2}], "next_cursor": 2})
    recorder.answer(200, {"case_id": "c", "events": [{"cursor": 3}], "next_cursor": None})
    recorder.answer(500, {})
    with KlarefiClient(KEY, base_url=recorder.url) as client:
        assert [e["cursor"] for e in client.list_all_case_events("c/1")] == [1, 2, 3]
        with pytest.raises(klarefi.KlarefiInternalError):
            client.with_options(max_retries=0).get_me()
    assert [r["path"] for r in recorder.requests] == [
        "/api/v1/cases/c%2F1/events",
        "/api/v1/cases/c%2F1/events?after_cursor=2",
        "/api/v1/me",
    ]


def test_a_429_without_retry_after_waits_for_the_rate_limit_reset(
    recorder: RecordingServer, no_sleep: List[float]
) -> None:
    import time

    recorder.answer(
        429, envelope("rate_limit_error", "rate_limit_exceeded"), {"X-RateLimit-Reset": str(int(time.time()) + 5)}
    )
    recorder.answer(503, {}, {"X-RateLimit-Reset": str(int(time.time()) + 5)})  # only a 429 reads the reset
    with KlarefiClient(KEY, base_url=recorder.url) as client:
        client.get_me()
    assert 3.0 < no_sleep[0] <= 5.0
    assert 0.75 <= no_sleep[1] <= 1.0
