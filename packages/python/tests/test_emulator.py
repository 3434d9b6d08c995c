"""Every call against the real emulator, the quickstart verbatim, and the hosted form to a verified webhook."""

from __future__ import annotations

import asyncio
import runpy
import uuid
from pathlib import Path
from typing import Dict, List

import httpx
import pytest

import klarefi
from conftest import Receiver
from hosted_form import walk_form
from klarefi import AsyncKlarefiClient, KlarefiClient

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_block(marker: str) -> str:
    """The code block right after ``<!-- marker -->`` in the package README."""
    text = README.read_text("utf-8")
    start = text.index(f"<!-- {marker} -->")
    body = text.index("```python\n", start) + len("```python\n")
    return text[body : text.index("```", body)]


def test_the_quickstart_verbatim(
    emulator_env: Dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # As written, with the variables `klarefi dev` prints in the environment.
    script = tmp_path / "quickstart.py"
    script.write_text(readme_block("quickstart"), "utf-8")
    runpy.run_path(str(script), run_name="__main__")
    printed = capsys.readouterr().out
    assert printed.startswith(f"Redirect claimant to: {emulator_env['url']}/s/")


def test_every_call_and_the_form_to_a_verified_case_completed(emulator_env: Dict[str, str], receiver: Receiver) -> None:
    with KlarefiClient() as client:  # the key and the base URL come from the environment
        assert client.environment == "test"
        assert client.get_health() == {"status": "ok"}
        assert client.get_me()["environment"] == "test"
        key = f"order-{uuid.uuid4()}"
        session = client.create_session(
            case_type_id="motor_claim", ttl_hours=24, locale="nl", external_case_id="claim-42", idempotency_key=key
        )
        assert session["idempotent_replay"] is False
        replay = client.create_session(
            case_type_id="motor_claim", ttl_hours=24, locale="nl", external_case_id="claim-42", idempotency_key=key
        )
        assert replay["idempotent_replay"] is True
        assert replay["session_id"] == session["session_id"]
        case_id = session["session_id"]

        with httpx.Client() as browser:
            last = walk_form(browser, session["signed_url"])
        assert last.status_code == 200
        completed = receiver.wait_for("v1.case.completed", case_id)
        assert klarefi.event_name(completed) == "case.completed"
        assert completed["external_case_id"] == "claim-42"
        assert receiver.refused == []

        case = client.get_case(case_id)
        assert case["status"] == "completed"
        assert case["features"]["incident_date"]["candidates"][0]["value_normalized"] == "2023-02-03"
        page = client.get_case_events(case_id)
        types = [e["event_type"] for e in page["events"]]
        assert "v1.case.completed" in types
        later = client.get_case_events(case_id, after_cursor=page["events"][0]["cursor"])
        assert [e["cursor"] for e in later["events"]] == [e["cursor"] for e in page["events"][1:]]
        assert [e["event_type"] for e in client.list_all_case_events(case_id)] == types
        package = client.get_case_package(case_id)
        assert package["case_id"] == case_id
        assert package["documents"]

        ack = client.acknowledge_delivery(completed["delivery_id"], acknowledgement_id="ack-1")
        assert ack["delivery_id"] == completed["delivery_id"]

        test = client.send_test_webhook()
        assert test["event_type"] == "v1.webhook.test"

        job = client.process_document(document_url="https://example.com/claim.pdf", case_type_id="motor_claim")
        assert job["status"] == "queued"
        erasure = client.delete_document(job["doc_id"])
        assert erasure["status_code"] in (200, 202)
        assert erasure["erasure_receipt"]["doc_id"] == job["doc_id"]


def test_the_async_client_makes_the_same_calls(emulator: Dict[str, str]) -> None:
    async def main() -> List[str]:
        async with AsyncKlarefiClient(emulator["api_key"], base_url=emulator["url"]) as client:
            assert (await client.get_health())["status"] == "ok"
            session = await client.create_session(case_type_id="motor_claim")
            case = await client.get_case(session["session_id"])
            assert case["case_id"] == session["session_id"]
            page = await client.get_case_events(session["session_id"])
            events = [e["event_type"] async for e in client.list_all_case_events(session["session_id"])]
            assert events == [e["event_type"] for e in page["events"]]
            assert (await client.get_me())["org_id"]
            return events

    assert asyncio.run(main()) == ["v1.intake.session_created"]


def test_errors_the_emulator_produces(emulator: Dict[str, str]) -> None:
    with KlarefiClient(emulator["api_key"], base_url=emulator["url"], max_retries=0) as client:
        with pytest.raises(klarefi.KlarefiValidationError) as invalid:
            client.create_session(case_type_id="no_such_type")
        assert (invalid.value.status, invalid.value.type, invalid.value.code) == (
            400,
            "validation_error",
            "unknown_case_type",
        )
        assert invalid.value.request_id and invalid.value.request_id.startswith("req_")
        key = f"conflict-{uuid.uuid4()}"
        client.create_session(case_type_id="motor_claim", idempotency_key=key)
        with pytest.raises(klarefi.KlarefiValidationError) as conflict:
            client.create_session(case_type_id="motor_claim", locale="nl", idempotency_key=key)
        assert conflict.value.code == "idempotency_key_conflict"
        with pytest.raises(klarefi.KlarefiNotFoundError) as missing:
            client.get_case("00000000-0000-4000-8000-000000000000")
        assert missing.value.code == "case_not_found"
        assert isinstance(missing.value, klarefi.KlarefiApiError)

    wrong_key = "sk_test_not_the_emulator_key_0123456789"
    with KlarefiClient(wrong_key, base_url=emulator["url"]) as client:
        with pytest.raises(klarefi.KlarefiAuthenticationError) as denied:
            client.get_me()
    assert denied.value.code == "invalid_api_key"
    assert wrong_key not in str(denied.value) and wrong_key not in repr(denied.value)
