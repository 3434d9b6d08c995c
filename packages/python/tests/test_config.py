"""Construction: keys, base URLs, options and environment variables are checked at start-up."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest

import klarefi
from klarefi import AsyncKlarefiClient, KlarefiClient

PACKAGE = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("key", "problem"),
    [
        (None, "missing"),
        ("", "missing"),
        ("   ", "blank"),
        ("sk_test_abc\n", "whitespace"),
        ("Bearer sk_test_abc", "Bearer"),
        ("whsec_abc", "webhook signing secret"),
        ("pk_live_abcdef", "must start with sk_test_ or sk_live_"),
        ("sk_live_", "only the prefix"),
        ("sk_test_ab cd", "characters"),
        (12345, "must be a string"),
    ],
)
def test_bad_keys_are_refused_without_echoing_them(key: Any, problem: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KLAREFI_API_KEY", raising=False)
    for client_class in (KlarefiClient, AsyncKlarefiClient):
        with pytest.raises(klarefi.KlarefiConfigError, match=problem) as error:
            client_class(key)
        assert isinstance(error.value, ValueError) and isinstance(error.value, klarefi.KlarefiError)
        if isinstance(key, str) and key.strip() and len(key) > 8:
            assert key.strip() not in str(error.value)


def test_the_key_and_base_url_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KLAREFI_API_KEY", "sk_live_from_env_123")
    monkeypatch.setenv("KLAREFI_API_BASE_URL", "http://127.0.0.1:4010/")
    with KlarefiClient() as client:
        assert (client.environment, client.base_url, client.timeout, client.max_retries) == (
            "live",
            "http://127.0.0.1:4010",
            60.0,
            2,
        )
        assert "sk_live_from_env_123" not in repr(client) and "from_env" not in repr(client._config)
    monkeypatch.delenv("KLAREFI_API_BASE_URL")
    assert KlarefiClient().base_url == "https://api.klarefi.com"


@pytest.mark.parametrize(
    ("options", "problem"),
    [
        ({"base_url": "api.klarefi.com"}, "absolute"),
        ({"base_url": "ftp://api.klarefi.com"}, "absolute"),
        ({"base_url": "https://u:p@api.klarefi.com"}, "user name"),
        ({"base_url": "https://api.klarefi.com/api/v1"}, "/api/v1"),
        ({"base_url": "https://api.klarefi.com?x=1"}, "query"),
        ({"timeout": 0}, "timeout"),
        ({"timeout": float("inf")}, "timeout"),
        ({"max_retries": 11}, "max_retries"),
        ({"max_retries": True}, "max_retries"),
        ({"http_client": httpx.AsyncClient()}, "use AsyncKlarefiClient"),
    ],
)
def test_bad_options_are_refused(options: Any, problem: str) -> None:
    with pytest.raises(klarefi.KlarefiConfigError, match=re.escape(problem)):
        KlarefiClient("sk_test_abc", **options)


def test_bad_arguments_are_refused_before_sending() -> None:
    with KlarefiClient("sk_test_abc", base_url="http://127.0.0.1:9") as client:
        with pytest.raises(klarefi.KlarefiArgumentError, match="case_type_id is required"):
            client.create_session(case_type_id="")
        with pytest.raises(klarefi.KlarefiArgumentError, match="ttl_hours"):
            client.create_session(case_type_id="motor_claim", ttl_hours=-1)
        with pytest.raises(klarefi.KlarefiArgumentError, match="case_id"):
            client.get_case(" x")
        with pytest.raises(klarefi.KlarefiArgumentError, match="after_cursor"):
            client.get_case_events("c", after_cursor=-1)
        with pytest.raises(klarefi.KlarefiArgumentError, match="idempotency_key"):
            client.create_session(case_type_id="motor_claim", idempotency_key=" spaced ")
        with pytest.raises(klarefi.KlarefiArgumentError, match="locale"):
            client.create_session(case_type_id="motor_claim", locale=5)  # type: ignore[arg-type]
        with pytest.raises(klarefi.KlarefiArgumentError, match="list_all_case_events"):
            client.list_all_case_events("")


def test_context_managers_close_the_http_client() -> None:
    with KlarefiClient("sk_test_abc") as client:
        http = client._http
    assert http.is_closed


def test_the_version_matches_pyproject_and_package_json() -> None:
    pyproject = re.search(r'^version = "([^"]+)"$', (PACKAGE / "pyproject.toml").read_text(), re.MULTILINE)
    package_json = re.search(r'"version": "([^"]+)"', (PACKAGE / "package.json").read_text())
    assert pyproject and package_json
    assert klarefi.__version__ == pyproject.group(1) == package_json.group(1)
