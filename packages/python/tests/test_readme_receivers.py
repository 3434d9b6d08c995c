"""The README's receiver and store blocks, executed as written against the fake API and real stores."""

from __future__ import annotations

import json
import sys
import types
import uuid
from typing import Any, Dict, List

import pytest

import klarefi
from conftest import FakeApi
from test_emulator import readme_block

SECRET = "whsec_readme_receivers"
KEY = "sk_test_readme_receivers_0123"


def run_block(marker: str, monkeypatch: pytest.MonkeyPatch, api: FakeApi, saved: List[Any]) -> Dict[str, Any]:
    monkeypatch.setenv("KLAREFI_API_KEY", KEY)
    monkeypatch.setenv("KLAREFI_API_BASE_URL", api.url)
    monkeypatch.setenv("KLAREFI_WEBHOOK_SECRET", SECRET)

    async def save_claim_async(case_id: str, data: Any) -> None:
        saved.append(case_id)

    namespace: Dict[str, Any] = {
        "__name__": f"readme_{marker.replace('-', '_')}",
        "save_claim": lambda case_id, data: saved.append(case_id),
        "save_claim_async": save_claim_async,
    }
    exec(compile(readme_block(marker), f"README.md ({marker})", "exec"), namespace)  # noqa: S102 - the README's code
    return namespace


def delivery() -> Any:
    case_id = f"c_{uuid.uuid4().hex}"
    event = {"event_type": "v1.case.completed", "delivery_id": f"whd_{case_id}", "case_id": case_id, "data": {}}
    body = json.dumps(event)
    return case_id, body.encode(), {"X-Klarefi-Signature": klarefi.generate_test_header(body, SECRET)}


def test_the_flask_block(monkeypatch: pytest.MonkeyPatch, fake_api: FakeApi) -> None:
    saved: List[Any] = []
    client = run_block("receiver-flask", monkeypatch, fake_api, saved)["app"].test_client()
    case_id, body, headers = delivery()
    assert client.post("/webhooks/klarefi", data=body, headers=headers).get_json() == {"received": True}
    redirect = client.get("/start-claim")
    assert redirect.status_code == 303 and redirect.headers["location"].startswith("https://app.klarefi.test/s/")
    assert saved == [case_id]


def test_the_fastapi_block(monkeypatch: pytest.MonkeyPatch, fake_api: FakeApi) -> None:
    from fastapi.testclient import TestClient

    saved: List[Any] = []
    app = run_block("receiver-fastapi", monkeypatch, fake_api, saved)["app"]
    case_id, body, headers = delivery()
    with TestClient(app, follow_redirects=False) as client:
        assert client.post("/webhooks/klarefi", content=body, headers=headers).json() == {"received": True}
        redirect = client.get("/start-claim")
        assert redirect.status_code == 303 and redirect.headers["cache-control"] == "no-store"
    assert saved == [case_id]


def test_the_django_block(monkeypatch: pytest.MonkeyPatch, fake_api: FakeApi) -> None:
    import django
    from django.conf import settings
    from django.test import Client
    from django.urls import clear_url_caches

    saved: List[Any] = []
    urls = types.ModuleType("readme_receiver_urls")
    urls.urlpatterns = run_block("receiver-django", monkeypatch, fake_api, saved)["urlpatterns"]  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "readme_receiver_urls", urls)
    if not settings.configured:
        settings.configure(ROOT_URLCONF="readme_receiver_urls", ALLOWED_HOSTS=["testserver"], SECRET_KEY="tests-only")
        django.setup()
    monkeypatch.setattr(settings, "ROOT_URLCONF", "readme_receiver_urls")
    monkeypatch.setattr(settings, "MIDDLEWARE", ["django.middleware.csrf.CsrfViewMiddleware"])
    clear_url_caches()
    client = Client(enforce_csrf_checks=True)
    case_id, body, headers = delivery()
    answer = client.post("/webhooks/klarefi", data=body, content_type="application/json", headers=headers)
    assert (answer.status_code, answer.json()) == (200, {"received": True})  # CSRF-exempt
    assert client.get("/start-claim").status_code == 303
    assert saved == [case_id]
    clear_url_caches()


def test_the_stores_block(monkeypatch: pytest.MonkeyPatch, store_servers: Any) -> None:
    import asyncio

    monkeypatch.setenv("REDIS_URL", store_servers.redis)
    monkeypatch.setenv("DATABASE_URL", store_servers.postgres)
    namespace: Dict[str, Any] = {"__name__": "readme_stores"}
    exec(compile(readme_block("stores"), "README.md (stores)", "exec"), namespace)  # noqa: S102 - the README's code
    key = f"readme_{uuid.uuid4().hex}"
    assert namespace["dedupe"].claim(key, "a", 1000) == "claimed"
    assert asyncio.run(namespace["async_dedupe"].claim(key, "b", 1000)) == "processing"
    # The commented alternatives, as written after "# or: ".
    for line in readme_block("stores").splitlines():
        if line.startswith("# or: "):
            store = eval(line[len("# or: ") :].split(")")[0] + ")", namespace)  # noqa: S307 - the README's code
            result = store.claim(f"readme_{uuid.uuid4().hex}", "c", 1000)
            assert (asyncio.run(result) if asyncio.iscoroutine(result) else result) == "claimed"


def test_the_store_contract_block() -> None:
    namespace: Dict[str, Any] = {"__name__": "readme_contract", "MyStore": klarefi.MemoryDedupeStore}
    exec(compile(readme_block("store-contract"), "README.md (store-contract)", "exec"), namespace)  # noqa: S102
    suite = namespace["TestMyStore"]()
    cases = [name for name in dir(suite) if name.startswith("test_")]
    assert len(cases) == 8
    for name in cases:
        getattr(suite, name)()
