"""The shared signature vectors (also run by @klarefi/sdk), plus signing and event names."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any, Dict, List

import pytest

import klarefi

VECTORS = Path(__file__).resolve().parents[2] / "conformance" / "vectors" / "signatures.json"
SUITE: Dict[str, Any] = json.loads(VECTORS.read_text("utf-8"))
CASES: List[Dict[str, Any]] = SUITE["vectors"]


@pytest.mark.parametrize("vector", CASES, ids=[v["name"] for v in CASES])
def test_vector(vector: Dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("klarefi._webhooks._now", lambda: float(vector.get("now", SUITE["now"])))
    payload = base64.b64decode(vector["payload_base64"]) if "payload_base64" in vector else vector["payload"]
    secrets = vector["secrets"][0] if len(vector["secrets"]) == 1 else vector["secrets"]
    options = {"tolerance": vector["tolerance"]} if "tolerance" in vector else {}
    try:
        outcome: Dict[str, Any] = {"event": klarefi.construct_event(payload, vector["header"], secrets, **options)}
    except klarefi.KlarefiWebhookSignatureError as error:
        outcome = {"error": error.code}
        for secret in vector["secrets"]:
            assert secret.strip() not in str(error)
    assert outcome == vector["expect"]


def test_the_vectors_cover_every_outcome() -> None:
    outcomes = {v["expect"].get("error", "ok") for v in CASES}
    assert outcomes == {
        "ok",
        "missing_header",
        "malformed_header",
        "timestamp_outside_tolerance",
        "no_matching_signature",
        "invalid_json",
    }


def test_bytes_str_bytearray_and_memoryview_bodies_verify_alike() -> None:
    body = '{"event_type":"v1.case.completed","note":"café"}'
    header = klarefi.generate_test_header(body, "whsec_x")
    for payload in (body, body.encode(), bytearray(body.encode()), memoryview(body.encode())):
        assert klarefi.construct_event(payload, header, "whsec_x")["note"] == "café"


def test_a_parsed_body_is_refused_with_the_raw_body_advice() -> None:
    with pytest.raises(klarefi.KlarefiWebhookSignatureError) as refused:
        klarefi.construct_event({"event": "case.completed"}, "t=1,v1=" + "0" * 64, "whsec_x")  # type: ignore[arg-type]
    assert refused.value.code == "invalid_payload_type"
    assert "request.get_data()" in str(refused.value)


def test_generate_test_header_signs_each_secret_at_the_given_time(monkeypatch: pytest.MonkeyPatch) -> None:
    header = klarefi.generate_test_header(b"{}", ["whsec_a", "whsec_b"], timestamp=1700000000)
    assert header.startswith("t=1700000000,v1=")
    assert header.count("v1=") == 2
    monkeypatch.setattr(klarefi._webhooks, "_now", lambda: 1700000000)
    for secret in ("whsec_a", "whsec_b"):
        assert klarefi.construct_event(b"{}", header, secret) == {}
    with pytest.raises(klarefi.KlarefiConfigError):
        klarefi.generate_test_header(b"{}", "whsec_a", timestamp=-1)


@pytest.mark.parametrize("secret", ["", "   ", [], [""], None])
def test_an_unusable_secret_is_a_config_error(secret: Any) -> None:
    header = klarefi.generate_test_header(b"{}", "whsec_a")
    with pytest.raises(klarefi.KlarefiConfigError, match="signing secret"):
        klarefi.construct_event(b"{}", header, secret)


@pytest.mark.parametrize("tolerance", [0, -1, float("nan"), True])
def test_an_unusable_tolerance_is_a_config_error(tolerance: Any) -> None:
    with pytest.raises(klarefi.KlarefiConfigError, match="tolerance"):
        klarefi.construct_event(b"{}", klarefi.generate_test_header(b"{}", "whsec_a"), "whsec_a", tolerance=tolerance)


def test_event_name_for_both_body_shapes() -> None:
    assert klarefi.event_name({"event_type": "v1.case.completed", "semantic_event_type": "case.completed"}) == (
        "case.completed"
    )
    assert klarefi.event_name({"event_type": "v1.case.needs_review"}) == "case.needs_review"
    assert klarefi.event_name({"event": "case.completed"}) == "case.completed"
    assert klarefi.event_name({"event_type": "custom.thing"}) == "custom.thing"
    assert klarefi.event_name({}) is None
