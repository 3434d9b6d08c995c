"""``claim()`` / ``async_claim()`` against the emulator: the inline body, the thin body, review and a wrong kind."""

from __future__ import annotations

import asyncio
import copy
from typing import Any, Dict, List

import httpx
import pytest

import klarefi
from conftest import Receiver
from hosted_form import walk_form

LABEL = {"en": "Label", "nl": "Label"}
MOTOR: Dict[str, Any] = {
    "id": "motor_claim",
    "name": {"en": "Motor claim", "nl": "Autoschade"},
    "questions": [
        {"id": "incident_date", "kind": "date", "label": LABEL, "required": True},
        {"id": "incident_location", "kind": "text", "label": LABEL, "required": True},
        {"id": "license_plate", "kind": "plate", "label": LABEL, "required": True},
        {"id": "damage_amount", "kind": "amount", "label": LABEL, "required": True},
        {"id": "policy_number", "kind": "text", "label": LABEL},
    ],
}


class CountingClient(klarefi.KlarefiClient):
    """The real client; counts its case reads."""

    reads = 0

    @staticmethod
    def reads_of(client: klarefi.KlarefiClient) -> int:
        assert isinstance(client, CountingClient)
        return client.reads

    def get_case(self, case_id: str) -> klarefi.Case:
        self.reads += 1
        return super().get_case(case_id)


@pytest.fixture(scope="module")
def completed(emulator: Dict[str, str], receiver: Receiver) -> Dict[str, Any]:
    with klarefi.KlarefiClient(emulator["api_key"], base_url=emulator["url"]) as client:
        session = client.create_session(case_type_id="motor_claim")
    with httpx.Client() as browser:
        walk_form(browser, session["signed_url"])
    return receiver.wait_for("v1.case.completed", session["session_id"])


def test_inline_features_read_the_case_once_for_its_type_and_not_when_named(
    emulator: Dict[str, str], completed: Dict[str, Any]
) -> None:
    with CountingClient(emulator["api_key"], base_url=emulator["url"]) as client:
        c = klarefi.claim(completed, client, case_types=[MOTOR])
        assert CountingClient.reads_of(client) == 1
    assert c["case_type_id"] == "motor_claim"
    assert c["complete"] is True and c["needs_review"] == []
    assert c["values"]["incident_date"] == "2023-02-03"
    assert c["values"]["damage_amount"] == {"amount": 1234.56, "currency": "EUR"}
    named = klarefi.claim(completed, None, case_types={"caseTypes": [MOTOR]}, case_type_id="motor_claim")
    assert named["values"] == c["values"]


def test_the_thin_body_reads_the_features_from_the_case(emulator: Dict[str, str], completed: Dict[str, Any]) -> None:
    thin = {**completed, "data": {"case_status": "completed"}}
    with CountingClient(emulator["api_key"], base_url=emulator["url"]) as client:
        c = klarefi.claim(thin, client, case_types=[MOTOR])
        assert CountingClient.reads_of(client) == 1
    assert c["values"]["license_plate"] == "AB-123-C"
    assert c["features"]["incident_date"]["evidence"][0]["quote"] == "3 februari 2023"


def test_async_claim_makes_the_same_read(emulator: Dict[str, str], completed: Dict[str, Any]) -> None:
    async def main() -> Dict[str, Any]:
        async with klarefi.AsyncKlarefiClient(emulator["api_key"], base_url=emulator["url"]) as client:
            c = await klarefi.async_claim({**completed, "data": {"case_status": "completed"}}, client)
            return dict(c["values"])

    assert asyncio.run(main())["incident_date"] == "2023-02-03"


def test_a_value_of_the_wrong_kind_names_every_mismatch(completed: Dict[str, Any]) -> None:
    drifted = copy.deepcopy(MOTOR)
    drifted["questions"][1]["kind"] = "amount"
    drifted["questions"].append({"id": "claim_reference", "kind": "text", "label": LABEL, "required": True})
    with pytest.raises(klarefi.KlarefiClaimError) as raised:
        klarefi.claim(completed, None, case_types=[drifted], case_type_id="motor_claim")
    mismatches: List[klarefi.ValueMismatch] = raised.value.mismatches
    assert [m["feature"] for m in mismatches] == ["incident_location", "claim_reference"]
    assert f'Case {completed["case_id"]} does not match case type "motor_claim" (2 mismatches)' in str(raised.value)
    assert "claim_reference: expected a text (required), got nothing" in str(raised.value)


def test_a_feature_in_review_is_listed_and_left_out(completed: Dict[str, Any]) -> None:
    event = copy.deepcopy(completed)
    event["data"]["features"]["license_plate"]["decision"]["decision"] = "needs_review"
    c = klarefi.claim(event, None, case_types=[MOTOR], case_type_id="motor_claim")
    assert c["complete"] is False
    assert c["needs_review"] == ["license_plate"]
    assert "license_plate" not in c["values"]


def test_without_a_client_it_says_what_to_pass(completed: Dict[str, Any]) -> None:
    with pytest.raises(klarefi.KlarefiConfigError, match=r"must read case .* pass a client"):
        klarefi.claim({**completed, "data": {"case_status": "completed"}})
