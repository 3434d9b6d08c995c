"""construct_event per second against a reference on the same body, in the same run.

The reference is stripe-python's ``WebhookSignature.verify_header`` (the same scheme) when ``stripe`` is
installed, else a hand-written floor: split the header, ``hmac`` + ``compare_digest``, ``json.loads``.
Targets: >= 1.0x stripe, >= 0.9x the floor. Prints one line per contender and a JSON summary.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import sys
import time
import timeit
from typing import Any, Callable, Dict, List, Tuple

import klarefi

SECRET = "whsec_bench_0123456789abcdef"
EVENT = {
    "event_id": "evt_01JBENCH00000000000000000",
    "delivery_id": "whd_01JBENCH00000000000000000",
    "event_type": "v1.case.completed",
    "semantic_event_type": "case.completed",
    "schema_version": "v1",
    "created_at": "2026-01-01T00:00:00.000Z",
    "occurred_at": "2026-01-01T00:00:00.000Z",
    "org_id": "org_emulator",
    "case_id": "6f1c2e2a-4b8e-4f2a-9a51-2f3b4c5d6e7f",
    "session_id": "6f1c2e2a-4b8e-4f2a-9a51-2f3b4c5d6e7f",
    "external_case_id": "claim-42",
    "data": {
        "case_status": "completed",
        "features": {
            name: {
                "decision": {"decision_id": f"dec_{name}", "decision": "keep", "selected_candidate_id": f"cand_{name}"},
                "candidates": [
                    {
                        "candidate_id": f"cand_{name}",
                        "value_raw": raw,
                        "value_normalized": raw,
                        "evidence_ids": [f"ev_{name}"],
                    }
                ],
            }
            for name, raw in [
                ("incident_date", "2023-02-03"),
                ("incident_location", "Amsterdam, Damrak"),
                ("license_plate", "AB-123-C"),
                ("description", "Rear-ended at a traffic light."),
            ]
        },
    },
}
PAYLOAD = json.dumps(EVENT).encode()


def floor(payload: bytes, header: str, secret: str) -> Any:
    """What a careful hand-written verifier does, with no header validation beyond splitting."""
    parts = dict(part.split("=", 1) for part in header.split(","))
    timestamp, signature = parts["t"], parts["v1"]
    if abs(time.time() - int(timestamp)) > 300:
        raise ValueError("timestamp")
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature):
        raise ValueError("signature")
    return json.loads(payload)


def reference() -> Tuple[str, Callable[[bytes, str, str], Any]]:
    try:
        import stripe  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return "hand-written hmac+json.loads floor", floor

    def verify(payload: bytes, header: str, secret: str) -> Any:
        stripe.WebhookSignature.verify_header(payload.decode(), header, secret, tolerance=300)
        return json.loads(payload)

    return "stripe WebhookSignature.verify_header + json.loads", verify


def ops_per_second(function: Callable[[], Any], rounds: int) -> float:
    number = 2000
    best = min(timeit.repeat(function, number=number, repeat=rounds))
    return number / best


def main() -> int:
    header = klarefi.generate_test_header(PAYLOAD, SECRET)
    name, verify = reference()
    assert klarefi.construct_event(PAYLOAD, header, SECRET) == verify(PAYLOAD, header, SECRET)
    rounds = 15
    results: Dict[str, List[float]] = {"klarefi": [], "reference": []}
    # Interleaved, best of each: the machine's load hits both alike.
    for _ in range(3):
        results["klarefi"].append(ops_per_second(lambda: klarefi.construct_event(PAYLOAD, header, SECRET), rounds))
        results["reference"].append(ops_per_second(lambda: verify(PAYLOAD, header, SECRET), rounds))
    ours, theirs = max(results["klarefi"]), max(results["reference"])
    ratio = ours / theirs
    target = 1.0 if name.startswith("stripe") else 0.9
    print(f"body {len(PAYLOAD)} bytes, Python {sys.version.split()[0]}")
    print(f"  klarefi.construct_event  {ours:>10,.0f} /s")
    print(f"  {name}  {theirs:>10,.0f} /s")
    print(f"  ratio {ratio:.2f}x (target >= {target}x)")
    summary = {
        "klarefi_per_s": round(ours),
        "reference": name,
        "reference_per_s": round(theirs),
        "ratio": round(ratio, 3),
    }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
