"""Each receiver under its real server (gunicorn, uvicorn) on a socket the OS chose, and the stores' servers."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional

import httpx

SUPPORT = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent

#: How each receiver is served: the command after the socket's fd is known.
KINDS = {
    "flask-gunicorn": lambda fd: [
        str(BIN / "gunicorn"),
        "-w",
        "2",
        "--threads",
        "8",
        "--no-control-socket",
        "--bind",
        f"fd://{fd}",
        "apps:flask_app()",
    ],
    "fastapi-uvicorn": lambda fd: [
        str(BIN / "uvicorn"),
        "--workers",
        "2",
        "--fd",
        str(fd),
        "--factory",
        "apps:fastapi_app",
    ],
    "django-gunicorn": lambda fd: [
        str(BIN / "gunicorn"),
        "-w",
        "2",
        "--threads",
        "8",
        "--no-control-socket",
        "--bind",
        f"fd://{fd}",
        "apps:django_wsgi()",
    ],
    "django-uvicorn": lambda fd: [
        str(BIN / "uvicorn"),
        "--workers",
        "2",
        "--fd",
        str(fd),
        "--factory",
        "apps:django_asgi",
    ],
}


class Served:
    """A receiver app under its server: ``url`` is its origin; ``workers()`` the worker pids."""

    def __init__(self, kind: str, env: Dict[str, str], log: Path) -> None:
        listener = socket.create_server(("127.0.0.1", 0), backlog=512)
        self.url = f"http://127.0.0.1:{listener.getsockname()[1]}"
        fd = listener.fileno()
        self.log = log
        self.process = subprocess.Popen(
            KINDS[kind](fd),
            cwd=SUPPORT,
            env={**os.environ, "PYTHONPATH": str(SUPPORT), **env},
            pass_fds=[fd],
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        listener.close()
        self.wait_until_serving(len(self.workers()) or 2)

    def workers(self) -> List[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            pids = [int(pid) for pid in path.read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            return []
        # uvicorn's supervisor may also start a resource tracker; workers are the Python children serving.
        return [pid for pid in pids if "resource_tracker" not in Path(f"/proc/{pid}/cmdline").read_bytes().decode()]

    def wait_until_serving(self, workers: int, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited ({self.process.returncode}):\n{self.log.read_text()[-3000:]}")
            try:
                if httpx.get(f"{self.url}/webhooks/klarefi", timeout=2).status_code == 405 and (
                    len(self.workers()) >= workers
                ):
                    return
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server did not serve within {timeout} s:\n{self.log.read_text()[-3000:]}")
            time.sleep(0.1)

    def stop(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(5)
        except ProcessLookupError:
            pass


class StoreServers:
    """redis-server and PostgreSQL 15, started by @klarefi/test-servers, or the URLs CI already gives."""

    def __init__(self) -> None:
        self.process: Optional[subprocess.Popen[str]] = None
        redis_url = os.environ.get("KLAREFI_TEST_REDIS_URL")
        postgres_url = os.environ.get("KLAREFI_TEST_POSTGRES_URL")
        if redis_url and postgres_url:
            self.redis, self.postgres = redis_url, postgres_url
            return
        self.process = subprocess.Popen(
            ["node", "--import", "tsx", str(SUPPORT / "start_servers.mts")],
            cwd=SUPPORT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("could not start redis-server and PostgreSQL (see the output above)")
        urls = json.loads(line)
        self.redis, self.postgres = urls["redis"], urls["postgres"]

    def stop(self) -> None:
        if self.process is not None and self.process.stdin is not None:
            self.process.stdin.close()
            self.process.wait(30)
