"""The README's Flask, FastAPI and Django webhook snippets, executed as written."""

from __future__ import annotations

import sys
import types
from typing import Any, Dict, List

import pytest

import klarefi
from test_emulator import readme_block

SECRET = "whsec_readme_snippets"
BODY = b'{"event_type":"v1.case.completed","semantic_event_type":"case.completed","case_id":"c_1"}'


def run_snippet(marker: str, monkeypatch: pytest.MonkeyPatch, handled: List[Dict[str, Any]]) -> Dict[str, Any]:
    monkeypatch.setenv("KLAREFI_WEBHOOK_SECRET", SECRET)
    namespace: Dict[str, Any] = {"__name__": f"readme_{marker}", "handle": handled.append}
    exec(compile(readme_block(marker), f"README.md ({marker})", "exec"), namespace)  # noqa: S102 - the README's code
    return namespace


def test_flask(monkeypatch: pytest.MonkeyPatch) -> None:
    handled: List[Dict[str, Any]] = []
    app = run_snippet("flask", monkeypatch, handled)["app"]
    client = app.test_client()
    ok = client.post(
        "/webhooks/klarefi", data=BODY, headers={"X-Klarefi-Signature": klarefi.generate_test_header(BODY, SECRET)}
    )
    assert (ok.status_code, ok.get_json()) == (200, {"received": True})
    refused = client.post(
        "/webhooks/klarefi",
        data=BODY + b" ",
        headers={"X-Klarefi-Signature": klarefi.generate_test_header(BODY, SECRET)},
    )
    assert (refused.status_code, refused.get_json()) == (401, {"error": "no_matching_signature"})
    assert [klarefi.event_name(e) for e in handled] == ["case.completed"]


def test_fastapi(monkeypatch: pytest.MonkeyPatch) -> None:
    from fastapi.testclient import TestClient

    handled: List[Dict[str, Any]] = []
    app = run_snippet("fastapi", monkeypatch, handled)["app"]
    # FastAPI resolves the handler's annotations in the module it was defined in.
    with TestClient(app) as client:
        ok = client.post(
            "/webhooks/klarefi",
            content=BODY,
            headers={"X-Klarefi-Signature": klarefi.generate_test_header(BODY, SECRET)},
        )
        assert (ok.status_code, ok.json()) == (200, {"received": True})
        missing = client.post("/webhooks/klarefi", content=BODY)
        assert (missing.status_code, missing.json()) == (401, {"detail": "missing_header"})
    assert len(handled) == 1


def test_django(monkeypatch: pytest.MonkeyPatch) -> None:
    import django
    from django.conf import settings
    from django.test import Client
    from django.urls import clear_url_caches, path

    handled: List[Dict[str, Any]] = []
    view = run_snippet("django", monkeypatch, handled)["klarefi_webhook"]
    urls = types.ModuleType("readme_django_urls")
    urls.urlpatterns = [path("webhooks/klarefi", view)]  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "readme_django_urls", urls)
    if not settings.configured:
        settings.configure(ROOT_URLCONF="readme_django_urls", ALLOWED_HOSTS=["testserver"], SECRET_KEY="tests-only")
        django.setup()
    # Other tests in this run configure Django too, with URLs of their own.
    monkeypatch.setattr(settings, "ROOT_URLCONF", "readme_django_urls")
    monkeypatch.setattr(settings, "MIDDLEWARE", [])
    clear_url_caches()
    client = Client()
    header = klarefi.generate_test_header(BODY, SECRET)
    ok = client.post(
        "/webhooks/klarefi", data=BODY, content_type="application/json", headers={"X-Klarefi-Signature": header}
    )
    assert (ok.status_code, ok.json()) == (200, {"received": True})
    stale = klarefi.generate_test_header(BODY, SECRET, timestamp=1)
    old = client.post(
        "/webhooks/klarefi", data=BODY, content_type="application/json", headers={"X-Klarefi-Signature": stale}
    )
    assert (old.status_code, old.json()) == (401, {"error": "timestamp_outside_tolerance"})
    assert client.get("/webhooks/klarefi").status_code == 405
    assert len(handled) == 1
