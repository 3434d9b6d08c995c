"""Session fixtures: the real emulator (the CLI's ``klarefi dev``), a webhook receiver, a recording server."""

from __future__ import annotations

import contextlib
import json
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

import pytest

import klarefi

PACKAGE = Path(__file__).resolve().parent.parent
CLI = PACKAGE.parent / "cli" / "dist" / "bin.js"


class Receiver:
    """A stdlib webhook receiver that verifies every delivery with ``construct_event``."""

    def __init__(self) -> None:
        self.secret = ""
        self.events: List[Dict[str, Any]] = []
        self.refused: List[str] = []
        self.changed = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                try:
                    event = klarefi.construct_event(body, self.headers.get("X-Klarefi-Signature"), receiver.secret)
                except klarefi.KlarefiWebhookSignatureError as error:
                    with receiver.changed:
                        receiver.refused.append(error.code)
                        receiver.changed.notify_all()
                    self.send_response(401)
                    self.end_headers()
                    return
                with receiver.changed:
                    receiver.events.append(event)
                    receiver.changed.notify_all()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"received":true}')

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/webhooks/klarefi"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, event_type: str, case_id: str, timeout: float = 30) -> Dict[str, Any]:
        """Waits (on the condition, no polling sleeps) for a verified event of that type and case."""

        def found() -> Optional[Dict[str, Any]]:
            return next(
                (e for e in self.events if e.get("event_type") == event_type and e.get("case_id") == case_id), None
            )

        with self.changed:
            if not self.changed.wait_for(lambda: found() is not None, timeout):
                raise AssertionError(
                    f"no verified {event_type} for {case_id}; got {self.events!r}, refused {self.refused}"
                )
            event = found()
            assert event is not None
            return event


@pytest.fixture(scope="session")
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    yield server
    server.server.shutdown()


@pytest.fixture(scope="session")
def emulator(receiver: Receiver, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dict[str, str]]:
    """``klarefi dev --port 0 --json``: its first stdout line says the URL, the key and the secret."""
    if not CLI.exists():
        pytest.fail(f"{CLI} is missing: build the CLI first (turbo run build --filter=@klarefi/python...).")
    log = (tmp_path_factory.mktemp("emulator") / "stderr.log").open("w")
    process = subprocess.Popen(
        ["node", str(CLI), "dev", "--port", "0", "--json", "--forward-to", receiver.url],
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line:
        process.wait(10)
        log.close()
        pytest.fail(f"klarefi dev exited with {process.returncode}:\n{Path(log.name).read_text()[-2000:]}")
    info = json.loads(line)
    receiver.secret = info["webhookSecret"]
    yield {"url": info["url"], "api_key": info["apiKey"], "webhook_secret": info["webhookSecret"]}
    process.terminate()
    process.wait(10)
    log.close()


@pytest.fixture
def emulator_env(emulator: Dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Dict[str, str]:
    monkeypatch.setenv("KLAREFI_API_KEY", emulator["api_key"])
    monkeypatch.setenv("KLAREFI_API_BASE_URL", emulator["url"])
    return emulator


Answer = Tuple[int, Dict[str, str], bytes]


class RecordingServer:
    """Answers each request with the next scripted answer and records what it received."""

    def __init__(self) -> None:
        self.answers: List[Answer] = []
        self.requests: List[Dict[str, Any]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def handle_any(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length) if length else b""
                server.requests.append(
                    {"method": self.command, "path": self.path, "headers": dict(self.headers), "body": body}
                )
                status, headers, content = server.answers.pop(0) if server.answers else (200, {}, b"{}")
                self.send_response(status)
                for name, value in {"Content-Type": "application/json", **headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            do_GET = do_POST = do_DELETE = handle_any

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def answer(self, status: int, body: Any = None, headers: Optional[Dict[str, str]] = None) -> None:
        content = body if isinstance(body, bytes) else json.dumps(body if body is not None else {}).encode()
        self.answers.append((status, headers or {}, content))


@pytest.fixture
def recorder() -> Iterator[RecordingServer]:
    server = RecordingServer()
    yield server
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> List[float]:
    """Replaces the wait between retries (both clients) with a recorder of the delays."""
    delays: List[float] = []

    async def async_sleep(delay: float) -> None:
        delays.append(delay)

    monkeypatch.setattr("klarefi._client._sleep", delays.append)
    monkeypatch.setattr("klarefi._async_client._sleep", async_sleep)
    return delays


@pytest.fixture(scope="session")
def store_servers() -> Iterator[Any]:
    """A real redis-server and PostgreSQL 15 for the whole run (``tests/support/servers.py``)."""
    from support.servers import StoreServers

    servers = StoreServers()
    yield servers
    servers.stop()


class FakeApi:
    """The sessions endpoint over real HTTP; ``external_case_id`` picks the answer: ``fail`` a 500,
    ``slow`` no answer for 3 s, ``bad-url`` an unusable ``signed_url``, anything else a session."""

    def __init__(self) -> None:
        self.requests: List[Dict[str, Any]] = []
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
                api.requests.append({"path": self.path, "body": body, "authorization": self.headers["Authorization"]})
                case = body.get("external_case_id")
                if case == "slow":
                    threading.Event().wait(3)
                answer: Dict[str, Any]
                status, answer = (
                    201,
                    {"session_id": "s_1", "signed_url": f"https://app.klarefi.test/s/s_1?token={case}"},
                )
                if case == "fail":
                    status, answer = (
                        500,
                        {"error": {"type": "internal_error", "code": "x", "message": "down", "request_id": "req_fail"}},
                    )
                elif case == "bad-url":
                    answer["signed_url"] = "javascript:alert(1)"
                content = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                with contextlib.suppress(OSError):  # the receiver gave up waiting (the slow case)
                    self.wfile.write(content)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture(scope="session")
def fake_api() -> Iterator[FakeApi]:
    api = FakeApi()
    yield api
    api.server.shutdown()
    api.server.server_close()
