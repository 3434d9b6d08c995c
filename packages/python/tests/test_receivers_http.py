"""The conformance cases over HTTP against each receiver under its real server, with a shared store:
Flask and Django under gunicorn (2 workers), FastAPI and Django under uvicorn (2 workers)."""

from __future__ import annotations

import json
import socket
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Dict, Iterator, List

import httpx
import pytest

import klarefi
from conftest import FakeApi
from support.servers import Served

SECRETS = ["whsec_conformance_1", "whsec_conformance_2"]
KEY = "sk_test_conformance_0123456789"
# Each receiver on the other store of the two, so both stores serve each kind of server.
RECEIVERS = {
    "flask-gunicorn": "redis",
    "fastapi-uvicorn": "postgres",
    "django-gunicorn": "postgres",
    "django-uvicorn": "redis",
}


class Receiver:
    def __init__(self, kind: str, served: Served, runs: Path, outcomes: Path) -> None:
        self.kind, self.served, self.runs, self.outcomes = kind, served, runs, outcomes
        self.http = httpx.Client(base_url=served.url, timeout=30)

    def deliver(self, event: Dict[str, Any], secret: str = SECRETS[0], **extra: Any) -> httpx.Response:
        body = json.dumps(event).encode()
        header = klarefi.generate_test_header(body, secret)
        return self.http.post("/webhooks/klarefi", content=body, headers={"X-Klarefi-Signature": header, **extra})

    def ran(self, key: str) -> List[str]:
        return [line for line in self.runs.read_text().splitlines() if line.split()[:2] == ["ran", key]]


@pytest.fixture(scope="module")
def all_receivers(
    store_servers: Any, fake_api: FakeApi, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Dict[str, Receiver]]:
    """The four servers, started side by side: most of their start-up is waiting on imports."""

    def start(kind: str) -> Receiver:
        folder = tmp_path_factory.mktemp(kind)
        runs, outcomes = folder / "runs", folder / "outcomes"
        runs.touch()
        outcomes.touch()
        env = {
            "KLAREFI_TEST_SECRETS": ",".join(SECRETS),
            "KLAREFI_TEST_STORE": getattr(store_servers, RECEIVERS[kind]),
            "RUNS_FILE": str(runs),
            "OUTCOMES_FILE": str(outcomes),
            "KLAREFI_API_KEY": KEY,
            "KLAREFI_API_BASE_URL": fake_api.url,
        }
        return Receiver(kind, Served(kind, env, folder / "server.log"), runs, outcomes)

    with ThreadPoolExecutor(len(RECEIVERS)) as pool:
        started = {kind: pool.submit(start, kind) for kind in RECEIVERS}
    receivers: Dict[str, Receiver] = {}
    try:
        for kind, future in started.items():
            receivers[kind] = future.result()
        yield receivers
    finally:
        for receiver in receivers.values():
            receiver.served.stop()
        for future in started.values():
            if future.exception() is None and future.result() not in receivers.values():
                future.result().served.stop()


@pytest.fixture(params=list(RECEIVERS))
def receiver(request: pytest.FixtureRequest, all_receivers: Dict[str, Receiver]) -> Receiver:
    return all_receivers[request.param]


def envelope(**data: Any) -> Dict[str, Any]:
    return {
        "event_type": "v1.case.completed",
        "semantic_event_type": "case.completed",
        "delivery_id": f"whd_{uuid.uuid4().hex}",
        "case_id": "c_1",
        "data": data,
    }


def declared_too_large(url: str) -> bytes:
    host, port = url.split("//")[1].split(":")
    with socket.create_connection((host, int(port)), timeout=30) as connection:
        head = f"POST /webhooks/klarefi HTTP/1.1\r\nHost: {host}\r\nContent-Length: {1024 * 1024 + 1}\r\n\r\n"
        connection.sendall(head.encode())
        return connection.recv(200)


def error_of(response: httpx.Response) -> Any:
    return response.json()["error"]["code"]


def test_a_delivery_runs_once_and_its_copy_answers_duplicate(receiver: Receiver) -> None:
    event = envelope()
    first = receiver.deliver(event)
    assert (first.status_code, first.json()) == (200, {"received": True})
    assert first.headers["content-type"] == "application/json; charset=utf-8"
    again = receiver.deliver(event, SECRETS[1])  # signed with the rotated-in secret: still the same delivery
    assert (again.status_code, again.json()) == (200, {"received": True, "duplicate": True})
    assert len(receiver.ran(event["delivery_id"])) == 1


def test_the_legacy_body_dedupes_on_our_own_hmac_and_ignores_appended_v1(receiver: Receiver) -> None:
    body = json.dumps({"event": "case.completed", "case_id": f"c_{uuid.uuid4().hex}"}).encode()
    header = klarefi.generate_test_header(body, SECRETS[1])
    first = receiver.http.post("/webhooks/klarefi", content=body, headers={"X-Klarefi-Signature": header})
    assert first.json() == {"received": True}
    timestamp, signature = header.split(",")[0][2:], header.split("v1=")[1]
    # Anyone can append a v1 of their own; the key is still the HMAC of our secret.
    padded = f"{header},v1={'0' * 64}"
    again = receiver.http.post("/webhooks/klarefi", content=body, headers={"X-Klarefi-Signature": padded})
    assert again.json() == {"received": True, "duplicate": True}
    assert len(receiver.ran(f"sig:{timestamp}:{signature}")) == 1


def test_every_refusal_has_its_status_and_code(receiver: Receiver) -> None:
    event = envelope()
    body = json.dumps(event).encode()
    post = receiver.http.post
    wrong = post("/webhooks/klarefi", content=body, headers={"X-Klarefi-Signature": "t=1,v1=" + "0" * 64})
    assert (wrong.status_code, error_of(wrong)) == (401, "timestamp_outside_tolerance")
    cases = {
        "missing_header": (400, {}),
        "malformed_header": (400, {"X-Klarefi-Signature": "t=abc"}),
        "no_matching_signature": (
            401,
            {"X-Klarefi-Signature": klarefi.generate_test_header(body, "whsec_someone_else")},
        ),
    }
    for code, (status, headers) in cases.items():
        answer = post("/webhooks/klarefi", content=body, headers=headers)
        assert (answer.status_code, error_of(answer)) == (status, code)
    get = receiver.http.get("/webhooks/klarefi")
    assert (get.status_code, get.headers["allow"], error_of(get)) == (405, "POST", "method_not_allowed")
    if receiver.kind == "django-uvicorn":
        # Django's ASGI handler reads every body whole before any view runs.
        big = post("/webhooks/klarefi", content=b" " * (1024 * 1024 + 1))
        assert (big.status_code, error_of(big)) == (413, "payload_too_large")
    else:
        # Only the head of an oversized delivery: the answer comes from the declared length, before any body
        # (sending the body too would race the server closing the connection on it).
        assert declared_too_large(receiver.served.url).startswith(b"HTTP/1.1 413")
    not_json = b"{nope"
    answer = post(
        "/webhooks/klarefi",
        content=not_json,
        headers={"X-Klarefi-Signature": klarefi.generate_test_header(not_json, SECRETS[0])},
    )
    assert (answer.status_code, error_of(answer)) == (400, "invalid_json")
    untyped = b'{"case_id":"c_1"}'
    answer = post(
        "/webhooks/klarefi",
        content=untyped,
        headers={"X-Klarefi-Signature": klarefi.generate_test_header(untyped, SECRETS[0])},
    )
    assert (answer.status_code, error_of(answer)) == (400, "invalid_event")
    assert not receiver.ran(event["delivery_id"])


def test_a_failing_handler_answers_500_and_releases_its_claim(receiver: Receiver) -> None:
    failing = envelope(fail=True)
    for _ in range(2):  # released, so the retry runs (and fails) again instead of answering 409
        answer = receiver.deliver(failing)
        assert (answer.status_code, error_of(answer)) == (500, "handler_failed")
    flaky = envelope(fail_first=True, attempt=1)
    assert receiver.deliver(flaky).status_code == 500
    flaky["data"]["attempt"] = 2
    assert receiver.deliver(flaky).json() == {"received": True}
    assert len(receiver.ran(flaky["delivery_id"])) == 1


def test_a_copy_while_the_first_runs_answers_409_with_retry_after(receiver: Receiver) -> None:
    event = envelope(work_ms=1500)
    slow: Dict[str, httpx.Response] = {}
    first = threading.Thread(target=lambda: slow.update(answer=receiver.deliver(event)))
    first.start()
    deadline = time.monotonic() + 20
    while not [line for line in receiver.runs.read_text().splitlines() if event["delivery_id"] in line]:
        assert time.monotonic() < deadline, "the first copy's handler never started"
        time.sleep(0.02)
    copy = receiver.deliver(event)
    assert (copy.status_code, copy.headers["retry-after"], error_of(copy)) == (409, "5", "delivery_in_progress")
    first.join()
    assert slow["answer"].json() == {"received": True}
    assert receiver.deliver(event).json() == {"received": True, "duplicate": True}


def test_unknown_event_types_reach_the_catch_all_and_outcomes_are_reported(receiver: Receiver) -> None:
    event = {"event_type": "v1.something.new", "delivery_id": f"whd_{uuid.uuid4().hex}"}
    assert receiver.deliver(event).json() == {"received": True}
    assert "any something.new" in receiver.runs.read_text()
    outcomes = receiver.outcomes.read_text().splitlines()
    assert "processed None 200 something.new" in outcomes
    assert "refused no_matching_signature 401 None" in outcomes


def test_start_claim_redirects_to_the_signed_url_with_the_hook_s_parameters(
    receiver: Receiver, fake_api: FakeApi
) -> None:
    answer = receiver.http.get("/start-claim", params={"case": "c-42"})
    assert answer.status_code == 303
    assert answer.headers["location"] == "https://app.klarefi.test/s/s_1?token=c-42"
    assert answer.headers["cache-control"] == "no-store"
    sent = next(r for r in reversed(fake_api.requests) if r["body"].get("external_case_id") == "c-42")
    assert sent["body"]["case_type_id"] == "motor_claim" and sent["body"]["locale"] == "nl"
    assert sent["authorization"] == f"Bearer {KEY}"
    head = receiver.http.head("/start-claim")
    assert (head.status_code, head.headers["allow"]) == (405, "GET")
    post = receiver.http.post("/start-claim")
    # Django's CSRF protection stays on for everything but the webhook, and refuses an unsafe method first.
    assert post.status_code == (403 if receiver.kind.startswith("django") else 405)


@pytest.mark.parametrize("case", ["fail", "slow", "bad-url"])
def test_start_claim_failures_answer_502_as_a_page_or_json(receiver: Receiver, case: str) -> None:
    page = receiver.http.get("/start-claim", params={"case": case}, headers={"Accept": "text/html,*/*"})
    assert page.status_code == 502 and page.headers["content-type"] == "text/html; charset=utf-8"
    assert "We konden uw claim niet starten" in page.text and 'href="/start-claim"' in page.text
    assert page.headers["cache-control"] == "no-store" and KEY not in page.text
    plain = receiver.http.get("/start-claim", params={"case": case}, headers={"Accept": "application/json"})
    assert (plain.status_code, error_of(plain)) == (502, "session_create_failed")
    assert plain.headers["cache-control"] == "no-store"
