"""The receivers under test, configured from the environment, as each real server loads them.

``KLAREFI_TEST_STORE``: ``memory``, a ``redis://`` URL or a ``postgres://`` URL. ``RUNS_FILE``: every
handler run appends ``ran <key> <pid>`` (``start`` before its work). An event whose ``data`` has
``fail: true`` fails; ``fail_first: true`` fails while ``attempt`` is 1; ``work_ms`` sleeps first.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from typing import Any, Dict, List

from klarefi import EventContext, KlarefiClient

SECRETS = os.environ.get("KLAREFI_TEST_SECRETS", "whsec_conformance_1").split(",")
RUNS_FILE = os.environ.get("RUNS_FILE", os.devnull)
OUTCOMES_FILE = os.environ.get("OUTCOMES_FILE", os.devnull)


def record(line: str) -> None:
    # One write of a short line to an O_APPEND file: lines of concurrent workers never interleave.
    fd = os.open(RUNS_FILE, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    try:
        os.write(fd, f"{line} {os.getpid()}\n".encode())
    finally:
        os.close(fd)


def begin(event: Dict[str, Any], context: EventContext[Any]) -> float:
    """Records the start and fails when the event says so; returns how long the work takes, in seconds."""
    data: Dict[str, Any] = event["data"] if isinstance(event.get("data"), dict) else {}
    record(f"start {context.dedupe_key}")
    if data.get("fail") or (data.get("fail_first") and data.get("attempt") == 1):
        raise RuntimeError("this delivery is set to fail")
    return float(data.get("work_ms", 0)) / 1000


def handle(event: Dict[str, Any], context: EventContext[Any]) -> None:
    time.sleep(begin(event, context))
    record(f"ran {context.dedupe_key}")


async def handle_async(event: Dict[str, Any], context: EventContext[Any]) -> None:
    await asyncio.sleep(begin(event, context))
    record(f"ran {context.dedupe_key}")


def on_outcome(outcome: Dict[str, Any], request: Any) -> None:
    with open(OUTCOMES_FILE, "a") as out:
        out.write(f"{outcome['outcome']} {outcome['code']} {outcome['status']} {outcome['event_name']}\n")


def everything_else(event: Dict[str, Any], context: EventContext[Any]) -> None:
    record(f"any {context.name}")


def store(is_async: bool) -> Any:
    url = os.environ.get("KLAREFI_TEST_STORE", "memory")
    if url.startswith("redis"):
        if is_async:
            import redis.asyncio

            from klarefi.redis import AsyncRedisDedupeStore

            return AsyncRedisDedupeStore(redis.asyncio.Redis.from_url(url))
        import redis

        from klarefi.redis import RedisDedupeStore

        return RedisDedupeStore(redis.Redis.from_url(url, socket_timeout=5))
    if url.startswith("postgres"):
        from klarefi.postgres import AsyncPostgresDedupeStore, PostgresDedupeStore

        return AsyncPostgresDedupeStore(url) if is_async else PostgresDedupeStore(url)
    return None


def options(is_async: bool) -> Dict[str, Any]:
    webhook: Dict[str, Any] = {"on_outcome": on_outcome}
    if os.environ.get("CLAIM_TTL_SECONDS"):
        webhook["claim_ttl_seconds"] = int(os.environ["CLAIM_TTL_SECONDS"])
    chosen = store(is_async)
    if chosen is not None:
        webhook["dedupe"] = chosen
    start_claim: Any = False
    client = None
    if os.environ.get("KLAREFI_API_BASE_URL"):
        client = KlarefiClient(
            os.environ["KLAREFI_API_KEY"], base_url=os.environ["KLAREFI_API_BASE_URL"], max_retries=0
        )
        start_claim = {"case_type_id": "motor_claim", "locale": "nl", "timeout_seconds": 1}
    return {
        "webhook_secret": SECRETS,
        "start_claim": start_claim,
        "client": client,
        "webhook": webhook,
        "on": {"case.completed": handle_async if is_async else handle, "v1.case.failed": handle},
        "on_event": everything_else,
    }


def with_hook(opts: Dict[str, Any], read_case: Any) -> Dict[str, Any]:
    if opts["start_claim"]:
        opts["start_claim"]["session"] = lambda request: {"external_case_id": read_case(request)}
    return opts


def flask_app() -> Any:
    import flask

    from klarefi.flask import klarefi_blueprint

    app = flask.Flask("conformance")
    opts = with_hook(options(False), lambda request: request.args.get("case", "none"))
    app.register_blueprint(klarefi_blueprint(**opts))
    return app


def fastapi_app() -> Any:
    from fastapi import FastAPI

    from klarefi.fastapi import klarefi_router

    app = FastAPI()
    opts = with_hook(options(True), lambda request: request.query_params.get("case", "none"))
    app.include_router(klarefi_router(**opts))
    return app


def django_urls() -> List[Any]:
    from django.urls import include, path

    from klarefi.django import klarefi_urls

    opts = with_hook(options(False), lambda request: request.GET.get("case", "none"))
    return [path("", include(klarefi_urls(**opts)))]


def django_setup() -> None:
    import django
    from django.conf import settings

    settings.configure(
        ROOT_URLCONF="apps_django_urls",
        ALLOWED_HOSTS=["127.0.0.1"],
        SECRET_KEY="tests-only",
        MIDDLEWARE=["django.middleware.common.CommonMiddleware", "django.middleware.csrf.CsrfViewMiddleware"],
        DEBUG=False,
    )
    django.setup()
    module = type(sys)("apps_django_urls")
    module.urlpatterns = django_urls()  # type: ignore[attr-defined]
    sys.modules["apps_django_urls"] = module


def django_wsgi() -> Any:
    from django.core.wsgi import get_wsgi_application

    django_setup()
    return get_wsgi_application()


def django_asgi() -> Any:
    from django.core.asgi import get_asgi_application

    django_setup()
    return get_asgi_application()
