"""The pytest plugin against a small Flask app that verifies deliveries with ``construct_event``.

The emulator is the real one (``klarefi dev``, through the CLI the plugin finds); the app answers each
fault the way a correct receiver must: duplicates handled once, altered bodies and skewed or wrong
signatures refused with 401, the previous secret accepted during a rotation, reordered events handled.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any, Dict, Iterator, List, Set

import pytest
from flask import Flask, request
from werkzeug.serving import make_server

import klarefi
from klarefi.testing import KlarefiEmulator, KlarefiTestError

# The plugin is registered by the package's pytest11 entry point once installed; this checkout runs
# the package from src/, so the test asks for it by name.
pytest_plugins = ["klarefi.testing.pytest_plugin"]

CLI = Path(__file__).resolve().parents[2] / "cli" / "dist" / "bin.js"
os.environ.setdefault("KLAREFI_CLI", str(CLI))


class App:
    """A Flask webhook receiver with the emulator's secrets, processing each ``delivery_id`` once."""

    def __init__(self, secrets: List[str]) -> None:
        self.handled: List[Dict[str, Any]] = []
        self._seen: Set[str] = set()
        self._lock = threading.Lock()
        app = Flask(__name__)

        @app.post("/webhooks/klarefi")
        def webhook() -> Any:
            try:
                event = klarefi.construct_event(request.get_data(), request.headers.get("X-Klarefi-Signature"), secrets)
            except klarefi.KlarefiWebhookSignatureError as error:
                return {"error": {"code": error.code}}, 401
            with self._lock:
                if event["delivery_id"] in self._seen:
                    return {"received": True, "duplicate": True}
                self._seen.add(event["delivery_id"])
                self.handled.append(event)
            return {"received": True}

        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}/webhooks/klarefi"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def types(self, case_id: str) -> List[str]:
        return [e["event_type"] for e in self.handled if e.get("case_id") == case_id]


@pytest.fixture(scope="module")
def app(klarefi_emulator_session: KlarefiEmulator) -> Iterator[App]:
    server = App([klarefi_emulator_session.webhook_secret, klarefi_emulator_session.previous_webhook_secret])
    yield server
    server.server.shutdown()


@pytest.fixture
def emulator(klarefi_emulator: KlarefiEmulator, app: App) -> KlarefiEmulator:
    klarefi_emulator.forward_to(app.url)
    return klarefi_emulator


def claim(emulator: KlarefiEmulator) -> str:
    session = emulator.create_session(case_type_id="motor_claim")
    return emulator.claimant(session["signed_url"]).submit().case_id


def test_a_claim_reaches_the_app_once(emulator: KlarefiEmulator, app: App) -> None:
    case_id = claim(emulator)
    delivery = emulator.deliveries.wait_for("case.completed", case_id=case_id, timeout_s=10)
    assert delivery.response is not None
    assert delivery.response.status == 200
    assert app.types(case_id).count("v1.case.completed") == 1
    assert delivery.event["data"]["features"]["incident_date"]["candidates"][0]["value_normalized"] == "2023-02-03"


@pytest.mark.parametrize("mode", ["sequential", "concurrent"])
def test_duplicates_are_handled_once(emulator: KlarefiEmulator, app: App, mode: str) -> None:
    emulator.faults.add(match="case.completed", duplicate=mode)
    case_id = claim(emulator)
    delivery = emulator.deliveries.wait_for("case.completed", case_id=case_id, timeout_s=10)
    assert [a.faults for a in delivery.attempts] == [[f"duplicate:{mode}"]] * 2
    assert [a.status for a in delivery.attempts] == [200, 200]
    assert app.types(case_id).count("v1.case.completed") == 1


@pytest.mark.parametrize(
    "fault",
    [{"body": "reserialised"}, {"body": "bom"}, {"clock_skew_seconds": 400}, {"sign_with": "wrong-secret"}],
    ids=["reserialised", "bom", "skew-400", "wrong-secret"],
)
def test_tampered_deliveries_are_refused_and_never_handled(
    emulator: KlarefiEmulator, app: App, fault: Dict[str, Any]
) -> None:
    emulator.faults.add(match="case.completed", **fault)
    case_id = claim(emulator)
    delivery = emulator.deliveries.wait_for("case.completed", case_id=case_id, timeout_s=10)
    assert delivery.response is not None
    assert delivery.response.status == 401
    assert "v1.case.completed" not in app.types(case_id)


def test_the_previous_secret_is_accepted_during_a_rotation(emulator: KlarefiEmulator, app: App) -> None:
    emulator.faults.add(match="case.completed", sign_with="previous-secret")
    case_id = claim(emulator)
    delivery = emulator.deliveries.wait_for("case.completed", case_id=case_id, timeout_s=10)
    assert delivery.response is not None
    assert delivery.response.status == 200
    assert app.types(case_id).count("v1.case.completed") == 1


def test_reordered_events_both_arrive_the_later_first(emulator: KlarefiEmulator, app: App) -> None:
    emulator.faults.add(match="case.processing", reorder=True)
    case_id = claim(emulator)
    emulator.deliveries.wait_for("case.processing", case_id=case_id, timeout_s=10)
    order = app.types(case_id)
    assert order.index("v1.case.completed") < order.index("v1.case.processing")


def test_invalid_answers_fail_with_the_forms_messages(emulator: KlarefiEmulator) -> None:
    session = emulator.create_session(case_type_id="motor_claim")
    with pytest.raises(KlarefiTestError) as caught:
        emulator.claimant(session["signed_url"]).submit({"incident_date": "not a date"})
    assert caught.value.code == "invalid_answers"
    assert list(caught.value.field_errors) == ["incident_date"]


def test_a_wait_that_runs_out_names_what_arrived(emulator: KlarefiEmulator) -> None:
    case_id = claim(emulator)
    emulator.deliveries.wait_for("case.completed", case_id=case_id, timeout_s=10)
    with pytest.raises(KlarefiTestError, match=r"v1\.case\.completed whd_\w+ case [\w-]+ → 200") as caught:
        emulator.deliveries.wait_for("case.failed", case_id=case_id, timeout_s=0.2)
    assert caught.value.code == "timeout"


def test_each_test_starts_clean(emulator: KlarefiEmulator) -> None:
    assert emulator.deliveries.all() == []
    assert emulator.faults._emulator._control("GET", "/_emulator/faults") == {"faults": []}


def test_clock_advance_expires_the_session(emulator: KlarefiEmulator) -> None:
    # Last on purpose: 72 h ahead, every later signature would be outside the app's tolerance.
    session = emulator.create_session(case_type_id="motor_claim", ttl_hours=1)
    emulator.clock.advance("72h")
    with pytest.raises(KlarefiTestError) as caught:
        emulator.claimant(session["signed_url"]).submit()
    assert caught.value.code == "session_expired"
