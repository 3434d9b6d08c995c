"""Every store against the public contract on real servers, fail-closed 503s, and one store shared with the
TypeScript stores (@klarefi/redis, @klarefi/postgres) as a mixed fleet would share it."""

from __future__ import annotations

import json
import socket
import subprocess
import uuid
from pathlib import Path
from typing import Any, Iterator, List

import psycopg
import pytest
import redis
import redis.asyncio

import klarefi
from klarefi.postgres import AsyncPostgresDedupeStore, PostgresDedupeStore
from klarefi.redis import AsyncRedisDedupeStore, RedisDedupeStore
from klarefi.testing import DedupeStoreContract

SUPPORT = Path(__file__).resolve().parent / "support"


@pytest.fixture(scope="class")
def urls(request: pytest.FixtureRequest, store_servers: Any) -> None:
    request.cls.servers = store_servers


@pytest.mark.usefixtures("urls")
class TestRedisDedupeStore(DedupeStoreContract):
    servers: Any

    def make_store(self) -> Any:
        return RedisDedupeStore(redis.Redis.from_url(self.servers.redis, socket_timeout=5))


@pytest.mark.usefixtures("urls")
class TestAsyncRedisDedupeStore(DedupeStoreContract):
    servers: Any

    def make_store(self) -> Any:
        return AsyncRedisDedupeStore(redis.asyncio.Redis.from_url(self.servers.redis))


@pytest.mark.usefixtures("urls")
class TestPostgresDedupeStore(DedupeStoreContract):
    servers: Any

    def make_store(self) -> Any:
        return PostgresDedupeStore(self.servers.postgres)


@pytest.mark.usefixtures("urls")
class TestAsyncPostgresDedupeStore(DedupeStoreContract):
    servers: Any

    def make_store(self) -> Any:
        return AsyncPostgresDedupeStore(self.servers.postgres, table="klarefi_dedupe_async")


@pytest.mark.usefixtures("urls")
class TestPostgresDedupeStoreOnYourConnection(DedupeStoreContract):
    servers: Any

    def make_store(self) -> Any:
        connection = psycopg.connect(self.servers.postgres, autocommit=True)
        return PostgresDedupeStore(connection=connection, table="klarefi_dedupe_given")


@pytest.mark.usefixtures("urls")
class TestAsyncPostgresDedupeStoreOnYourConnection(DedupeStoreContract):
    servers: Any

    async def make_store(self) -> Any:
        connection = await psycopg.AsyncConnection.connect(self.servers.postgres, autocommit=True)
        return AsyncPostgresDedupeStore(connection=connection, table="klarefi_dedupe_given")


class TestMemoryDedupeStore(DedupeStoreContract):
    def make_store(self) -> Any:
        return klarefi.MemoryDedupeStore()


def test_the_contract_fails_a_store_that_breaks_it() -> None:
    class Forgetful(klarefi.MemoryDedupeStore):
        def release(self, key: str, token: str) -> bool:
            return True  # answers true for any token: the contract must catch it

    class Check(DedupeStoreContract):
        def make_store(self) -> Any:
            return Forgetful()

    with pytest.raises(AssertionError, match="release with another token"):
        Check().test_another_token_can_neither_complete_nor_release()


def closed_port() -> int:
    listener = socket.create_server(("127.0.0.1", 0))
    port = int(listener.getsockname()[1])
    listener.close()
    return port


def test_an_unreachable_store_answers_503_and_runs_nothing() -> None:
    import flask
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from klarefi.fastapi import klarefi_router
    from klarefi.flask import klarefi_blueprint

    secret = "whsec_store_down"
    ran: List[Any] = []
    body = json.dumps({"event_type": "v1.case.completed", "delivery_id": "whd_down"}).encode()
    headers = {"X-Klarefi-Signature": klarefi.generate_test_header(body, secret)}
    dead = f"redis://127.0.0.1:{closed_port()}"
    options: Any = {
        "webhook_secret": secret,
        "start_claim": False,
        "on": {"case.completed": lambda e, c: ran.append(e)},
    }
    app = flask.Flask("down")
    down = RedisDedupeStore(redis.Redis.from_url(dead, socket_timeout=1))
    app.register_blueprint(klarefi_blueprint(**options, webhook={"dedupe": down}))
    answers = [app.test_client().post("/webhooks/klarefi", data=body, headers=headers)]
    api = FastAPI()
    pg_down = AsyncPostgresDedupeStore(f"postgresql://postgres@127.0.0.1:{closed_port()}/postgres", timeout_seconds=2)
    api.include_router(klarefi_router(**options, webhook={"dedupe": pg_down}))
    with TestClient(api) as client:
        second = client.post("/webhooks/klarefi", content=body, headers=headers)
    for status, retry_after, content in [(a.status_code, a.headers["retry-after"], a.data) for a in answers] + [
        (second.status_code, second.headers["retry-after"], second.content)
    ]:
        assert (status, retry_after) == (503, "10")
        assert json.loads(content)["error"]["code"] == "dedupe_unavailable"
    assert ran == []


@pytest.fixture(scope="module")
def ts_stores(store_servers: Any) -> Iterator[Any]:
    process = subprocess.Popen(
        ["node", "--import", "tsx", str(SUPPORT / "ts_stores.mts"), store_servers.redis, store_servers.postgres],
        cwd=SUPPORT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )

    def call(line: str) -> Any:
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(line + "\n")
        process.stdin.flush()
        return json.loads(process.stdout.readline())

    yield call
    assert process.stdin is not None
    process.stdin.close()
    process.wait(30)


@pytest.mark.parametrize("kind", ["redis", "postgres"])
def test_python_and_typescript_receivers_share_one_store(kind: str, store_servers: Any, ts_stores: Any) -> None:
    url = getattr(store_servers, kind)
    store: Any = RedisDedupeStore(redis.Redis.from_url(url)) if kind == "redis" else PostgresDedupeStore(url)
    # Python claims, TypeScript sees it held and cannot settle it; Python completes, TypeScript sees done.
    one = f"whd_mixed_{uuid.uuid4().hex}"
    assert store.claim(one, "py", 60_000) == "claimed"
    assert ts_stores(f"{kind} claim {one} ts 60000") == "processing"
    assert ts_stores(f"{kind} complete {one} ts 60000") is False
    assert store.complete(one, "py", 60_000) is True
    assert ts_stores(f"{kind} claim {one} ts 60000") == "done"
    # TypeScript claims, Python sees it held; TypeScript releases, Python claims; TypeScript sees it held.
    two = f"sig:1700000000:{uuid.uuid4().hex}"
    assert ts_stores(f"{kind} claim {two} ts 60000") == "claimed"
    assert store.claim(two, "py", 60_000) == "processing"
    assert store.release(two, "py") is False
    assert ts_stores(f"{kind} release {two} ts") is True
    assert store.claim(two, "py", 60_000) == "claimed"
    assert ts_stores(f"{kind} claim {two} ts 60000") == "processing"
    assert store.complete(two, "py", 60_000) is True
    if kind == "redis":
        assert redis.Redis.from_url(url).get(f"klarefi:dedupe:{one}") == b"done"
    else:
        with psycopg.connect(url) as conn:
            row = conn.execute("SELECT state FROM klarefi_dedupe WHERE key = %s", (one,)).fetchone()
        assert row == ("done",)


def test_store_options_are_checked_at_start_up(store_servers: Any) -> None:
    with pytest.raises(klarefi.KlarefiConfigError, match="exactly one of conninfo"):
        PostgresDedupeStore()
    with pytest.raises(klarefi.KlarefiConfigError, match="table must be a table name"):
        PostgresDedupeStore(store_servers.postgres, table="x; DROP TABLE y")
    with pytest.raises(klarefi.KlarefiConfigError, match="autocommit=True"):
        PostgresDedupeStore(connection=psycopg.connect(store_servers.postgres))
    with pytest.raises(klarefi.KlarefiConfigError, match="use AsyncRedisDedupeStore"):
        RedisDedupeStore(redis.asyncio.Redis.from_url(store_servers.redis))  # type: ignore[arg-type]
    with pytest.raises(klarefi.KlarefiConfigError, match=r"must be a redis\.asyncio\.Redis"):
        AsyncRedisDedupeStore(redis.Redis.from_url(store_servers.redis))  # type: ignore[arg-type]
