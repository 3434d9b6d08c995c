"""The shared signature vectors through every receiver (Flask, FastAPI, Starlette, Django) via each framework's
own test client, plus what needs a pinned clock or a test double of a framework: body-reading middleware,
sync and async handlers, the start-up checks and a broken outcome reporter."""

from __future__ import annotations

import base64
import json
import sys
import types
from typing import Any, Callable, Dict, List, Tuple

import pytest

import klarefi
from test_vectors import CASES, SUITE

Post = Callable[[bytes, List[Tuple[str, str]]], Tuple[int, Dict[str, Any]]]
# The TypeScript adapters' status for each verifier code (packages/sdk's answer table).
STATUS = {
    "missing_header": 400,
    "malformed_header": 400,
    "timestamp_outside_tolerance": 401,
    "no_matching_signature": 401,
    "invalid_json": 400,
}


def read_body_first(get_response: Any) -> Any:
    """A Django middleware that reads ``request.body`` before the view, when asked to."""

    def middleware(request: Any) -> Any:
        if request.headers.get("X-Read-First"):
            assert request.body is not None
        return get_response(request)

    return middleware


def django_client(patterns: List[Any]) -> Any:
    import django
    from django.conf import settings
    from django.test import Client
    from django.urls import clear_url_caches

    module = sys.modules.setdefault("klarefi_inprocess_urls", types.ModuleType("klarefi_inprocess_urls"))
    module.urlpatterns = patterns  # type: ignore[attr-defined]
    if not settings.configured:
        settings.configure(
            ROOT_URLCONF="klarefi_inprocess_urls",
            ALLOWED_HOSTS=["testserver"],
            SECRET_KEY="tests-only",
            MIDDLEWARE=["django.middleware.csrf.CsrfViewMiddleware"],
        )
        django.setup()
    settings.ROOT_URLCONF = "klarefi_inprocess_urls"
    settings.MIDDLEWARE = ["test_receivers_inprocess.read_body_first", "django.middleware.csrf.CsrfViewMiddleware"]
    clear_url_caches()
    return Client(enforce_csrf_checks=True)


def build(framework: str, options: Dict[str, Any], middleware: bool = False) -> Post:
    """A receiver in ``framework`` and a function that posts a delivery to it."""
    if framework == "flask":
        import flask

        from klarefi.flask import klarefi_blueprint

        app = flask.Flask("inprocess")
        if middleware:
            app.before_request(lambda: (flask.request.get_json(silent=True), None)[1])
        app.register_blueprint(klarefi_blueprint(**options))
        flask_client = app.test_client()

        def post_flask(body: bytes, headers: List[Tuple[str, str]]) -> Tuple[int, Dict[str, Any]]:
            answer = flask_client.post("/webhooks/klarefi", data=body, headers=headers)
            return answer.status_code, json.loads(answer.data)

        return post_flask
    if framework in ("fastapi", "starlette"):
        from starlette.applications import Starlette
        from starlette.middleware.base import BaseHTTPMiddleware
        from starlette.testclient import TestClient

        from klarefi.fastapi import klarefi_router, klarefi_routes

        if framework == "fastapi":
            from fastapi import FastAPI

            asgi: Any = FastAPI()
            asgi.include_router(klarefi_router(**options))
        else:
            asgi = Starlette(routes=klarefi_routes(**options))
        if middleware:

            async def read_first(request: Any, call_next: Any) -> Any:
                await request.body()
                return await call_next(request)

            asgi.add_middleware(BaseHTTPMiddleware, dispatch=read_first)
        starlette_client = TestClient(asgi)

        def post_asgi(body: bytes, headers: List[Tuple[str, str]]) -> Tuple[int, Dict[str, Any]]:
            raw = [(name, value.encode("utf-8")) for name, value in headers]  # httpx sends str headers as ASCII only
            answer = starlette_client.post("/webhooks/klarefi", content=body, headers=raw)
            return answer.status_code, answer.json()

        return post_asgi
    from django.urls import include, path

    from klarefi.django import klarefi_urls

    client = django_client([path("", include(klarefi_urls(**options)))])

    def post_django(body: bytes, headers: List[Tuple[str, str]]) -> Tuple[int, Dict[str, Any]]:
        if middleware:
            headers = [*headers, ("X-Read-First", "1")]
        # A WSGI server joins a repeated header with commas, as Django's test client cannot send one twice.
        joined: Dict[str, str] = {}
        for name, value in headers:
            joined[name] = f"{joined[name]},{value}" if name in joined else value
        answer = client.generic("POST", "/webhooks/klarefi", body, "application/json", headers=joined)
        return answer.status_code, json.loads(answer.content)

    return post_django


FRAMEWORKS = ["flask", "fastapi", "starlette", "django"]


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_the_shared_vectors_through_the_receiver(framework: str) -> None:
    checked = 0
    for vector in CASES:
        webhook: Dict[str, Any] = {"now": lambda v=vector: float(v.get("now", SUITE["now"])), "dedupe": False}
        if "tolerance" in vector:
            webhook["tolerance_seconds"] = vector["tolerance"]
        options = {"webhook_secret": vector["secrets"], "start_claim": False, "webhook": webhook}
        try:
            post = build(framework, options)
        except klarefi.KlarefiConfigError as error:
            # As in the TypeScript adapters, a secret not of the whsec_ shape is refused at start-up (not echoed).
            assert any(not s.startswith("whsec_") or s != s.strip() for s in vector["secrets"]), vector["name"]
            assert all(secret.strip() not in str(error) for secret in vector["secrets"])
            continue
        payload = base64.b64decode(vector["payload_base64"]) if "payload_base64" in vector else vector["payload"]
        body = payload if isinstance(payload, bytes) else payload.encode("utf-8")
        header = vector["header"]
        values = header if isinstance(header, list) else [] if header is None else [header]
        status, answer = post(body, [("X-Klarefi-Signature", value) for value in values])
        expected = vector["expect"]
        if "error" in expected:
            assert (status, answer["error"]["code"]) == (STATUS[expected["error"]], expected["error"]), vector["name"]
        elif klarefi.event_name(expected["event"]) is None:
            assert (status, answer["error"]["code"]) == (400, "invalid_event"), vector["name"]
        else:
            assert (status, answer) == (200, {"received": True}), vector["name"]
        checked += 1
    assert checked >= len(CASES) - 3


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_a_body_read_by_middleware_first_is_still_verified(framework: str) -> None:
    ran: List[str] = []
    options = {
        "webhook_secret": "whsec_middleware",
        "start_claim": False,
        "on": {"case.completed": lambda event, context: ran.append(context.name)},
    }
    post = build(framework, options, middleware=True)
    body = b'{ "event_type": "v1.case.completed",  "delivery_id": "whd_mw" }'
    header = klarefi.generate_test_header(body, "whsec_middleware")
    assert post(body, [("X-Klarefi-Signature", header)]) == (200, {"received": True})
    assert ran == ["case.completed"]


def test_fastapi_takes_async_and_sync_handlers_and_stores() -> None:
    import threading

    threads: List[str] = []

    async def on_completed(event: Dict[str, Any], context: klarefi.EventContext[Any]) -> None:
        threads.append(f"async {threading.current_thread().name}")

    def on_anything(event: Dict[str, Any], context: klarefi.EventContext[Any]) -> None:
        threads.append(f"sync {threading.current_thread().name}")

    post = build(
        "fastapi",
        {
            "webhook_secret": "whsec_kinds",
            "start_claim": False,
            "on": {"case.completed": on_completed},
            "on_event": on_anything,
            "webhook": {"dedupe": klarefi.MemoryDedupeStore()},
        },
    )
    body = b'{"event_type":"v1.case.completed","delivery_id":"whd_kinds"}'
    headers = [("X-Klarefi-Signature", klarefi.generate_test_header(body, "whsec_kinds"))]
    assert post(body, headers) == (200, {"received": True})
    assert post(body, headers) == (200, {"received": True, "duplicate": True})
    assert threads[0] == "async MainThread" or threads[0].startswith("async ")
    assert threads[1].startswith("sync ") and threads[1] != threads[0].replace("async", "sync")


def test_a_broken_outcome_reporter_changes_no_answer() -> None:
    seen: List[Dict[str, Any]] = []

    def reporter(outcome: Dict[str, Any], request: Any) -> None:
        seen.append(dict(outcome))
        raise RuntimeError("the log sink is down")

    post = build("flask", {"webhook_secret": "whsec_report", "start_claim": False, "webhook": {"on_outcome": reporter}})
    body = b'{"event_type":"v1.case.completed","delivery_id":"whd_report"}'
    assert post(body, [("X-Klarefi-Signature", klarefi.generate_test_header(body, "whsec_report"))])[0] == 200
    assert post(body, [])[0] == 400
    assert [(o["outcome"], o["code"], o["status"], o["delivery_id"]) for o in seen] == [
        ("processed", None, 200, "whd_report"),
        ("refused", "missing_header", 400, None),
    ]
    assert all(isinstance(o["duration_ms"], float) for o in seen)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"webhook_secret": "", "start_claim": False}, "webhook_secret option is missing or empty"),
        ({"webhook_secret": "whsec_x\n", "start_claim": False}, "leading or trailing whitespace"),
        ({"webhook_secret": "sk_test_abc", "start_claim": False}, "it looks like an API key"),
        ({"webhook_secret": "whsec_x", "start_claim": {}}, 'start_claim\\["case_type_id"\\] is required'),
        ({"webhook_secret": "whsec_x", "start_claim": {"case_type_id": "m"}}, "start_claim needs a Klarefi API client"),
        ({"webhook_secret": "whsec_x", "start_claim": None}, "or start_claim=False"),
        ({"webhook_secret": "whsec_x", "start_claim": False, "webhook": {"pth": "/x"}}, 'Did you mean "path"'),
        ({"webhook_secret": "whsec_x", "start_claim": False, "webhook": {"dedupe": object()}}, "claim, complete"),
        ({"webhook_secret": "whsec_x", "start_claim": False, "on": {"case.completed": 3}}, "must be a function"),
        ({"webhook_secret": "whsec_x", "start_claim": False, "webhook": {"path": "hooks"}}, 'starting with "/"'),
    ],
)
def test_bad_options_fail_at_start_up_saying_what_to_set(options: Dict[str, Any], message: str) -> None:
    for framework in ("flask", "fastapi", "django"):
        with pytest.raises(klarefi.KlarefiConfigError, match=message):
            build(framework, options)


def test_a_wsgi_receiver_refuses_async_handlers_and_stores_at_start_up() -> None:
    async def handler(event: Dict[str, Any], context: Any) -> None:
        pass

    import redis.asyncio

    from klarefi.redis import AsyncRedisDedupeStore

    store = AsyncRedisDedupeStore(redis.asyncio.Redis())
    for framework in ("flask", "django"):
        with pytest.raises(klarefi.KlarefiConfigError, match=r"klarefi\.fastapi"):
            build(framework, {"webhook_secret": "whsec_x", "start_claim": False, "on": {"x": handler}})
        with pytest.raises(klarefi.KlarefiConfigError, match="async store"):
            build(framework, {"webhook_secret": "whsec_x", "start_claim": False, "webhook": {"dedupe": store}})


def test_a_body_drained_before_the_route_answers_500_raw_body_unavailable_with_the_fix() -> None:
    import flask
    from django.urls import include, path

    from klarefi.django import klarefi_urls
    from klarefi.flask import klarefi_blueprint

    options: Dict[str, Any] = {"webhook_secret": "whsec_drained", "start_claim": False}
    body = b'{"event_type":"v1.case.completed","delivery_id":"whd_drained"}'
    header = klarefi.generate_test_header(body, "whsec_drained")
    app = flask.Flask("drained")
    app.before_request(lambda: (flask.request.stream.read(), None)[1])
    app.register_blueprint(klarefi_blueprint(**options))
    answer = app.test_client().post("/webhooks/klarefi", data=body, headers={"X-Klarefi-Signature": header})
    assert (answer.status_code, answer.get_json()["error"]["code"]) == (500, "raw_body_unavailable")
    assert "request.get_data(cache=True)" in answer.get_json()["error"]["message"]

    client = django_client([path("", include(klarefi_urls(**options)))])
    from django.conf import settings

    settings.MIDDLEWARE = ["test_receivers_inprocess.read_stream_first"]
    drained = client.generic(
        "POST", "/webhooks/klarefi", body, "application/json", headers={"X-Klarefi-Signature": header}
    )
    assert (drained.status_code, json.loads(drained.content)["error"]["code"]) == (500, "raw_body_unavailable")
    assert "read request.body instead" in json.loads(drained.content)["error"]["message"]


def read_stream_first(get_response: Any) -> Any:
    """A Django middleware that reads the body as a stream, so ``request.body`` is gone."""

    def middleware(request: Any) -> Any:
        request.read()
        return get_response(request)

    return middleware


def test_the_core_package_imports_no_framework_and_no_store_client() -> None:
    import subprocess

    frameworks = ("flask", "werkzeug", "fastapi", "starlette", "django", "redis", "psycopg")
    code = f"import sys, klarefi; print([m for m in {frameworks!r} if m in sys.modules])"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "[]\n"
