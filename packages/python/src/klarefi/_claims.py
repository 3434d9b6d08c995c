"""``claim()``: a case's values, checked against its case type, the Python twin of the SDK's."""

from __future__ import annotations

import re
from typing import Any, Dict, List, Mapping, Optional, Sequence, TypedDict

from ._async_client import AsyncKlarefiClient
from ._client import KlarefiClient
from ._errors import KlarefiConfigError, KlarefiError

_ISO_DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_EXPECTED = {
    "text": "a text",
    "textarea": "a text",
    "plate": "a licence plate (text)",
    "email": "an e-mail address (text)",
    "phone": "a phone number (text)",
    "date": 'a date "YYYY-MM-DD"',
    "amount": 'an amount { amount: number, currency: "EUR" }',
}


class Claim(TypedDict):
    """What :func:`claim` returns. ``values`` holds kept values; ``needs_review`` the rest."""

    case_id: str
    case_type_id: str
    status: str
    complete: bool
    values: Dict[str, Any]
    needs_review: List[str]
    features: Dict[str, Any]


class ValueMismatch(TypedDict):
    """One value that does not match its question."""

    feature: str
    expected: str
    got: str


class KlarefiClaimError(KlarefiError):
    """A case's values do not match its case type; names every mismatch at once."""

    def __init__(self, case_id: str, case_type_id: str, mismatches: List[ValueMismatch]) -> None:
        listed = "; ".join(f"{m['feature']}: expected {m['expected']}, got {m['got']}" for m in mismatches)
        plural = "" if len(mismatches) == 1 else "es"
        super().__init__(
            f'Case {case_id} does not match case type "{case_type_id}" ({len(mismatches)} mismatch{plural}): '
            f"{listed}. Update the case type in klarefi.config to match the dashboard, then run `npx klarefi types`."
        )
        self.case_id = case_id
        self.case_type_id = case_type_id
        self.mismatches = mismatches


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"{str(value).lower()} (boolean)"
    if isinstance(value, str):
        return f'"{value[:40]}{"…" if len(value) > 40 else ""}" (string)'
    if isinstance(value, (int, float)):
        return f"{value} (number)"
    return "an array" if isinstance(value, list) else "an object"


def _matches(kind: str, value: Any) -> bool:
    if kind == "date":
        return isinstance(value, str) and _ISO_DATE.match(value) is not None
    if kind == "amount":
        return (
            isinstance(value, dict)
            and isinstance(value.get("amount"), (int, float))
            and not isinstance(value.get("amount"), bool)
            and isinstance(value.get("currency"), str)
            and _CURRENCY.match(value["currency"]) is not None
        )
    return isinstance(value, str) and value != ""


def _case_type_map(case_types: Any) -> Optional[Dict[str, Mapping[str, Any]]]:
    if case_types is None:
        return None
    listed = case_types.get("caseTypes") if isinstance(case_types, Mapping) else case_types
    if not isinstance(listed, Sequence) or isinstance(listed, str):
        raise KlarefiConfigError(
            'case_types must be a list of case types or {"caseTypes": [...]} (klarefi.config.json)'
        )
    result: Dict[str, Mapping[str, Any]] = {}
    for i, ct in enumerate(listed):
        if (
            not isinstance(ct, Mapping)
            or not isinstance(ct.get("id"), str)
            or not isinstance(ct.get("questions"), list)
        ):
            raise KlarefiConfigError(f"case_types[{i}] must be a case type {{ id, name, questions }}")
        result[ct["id"]] = ct
    return result


def _kept(feature: Any) -> Optional[Dict[str, Any]]:
    if not isinstance(feature, dict) or (feature.get("decision") or {}).get("decision") != "keep":
        return None
    candidates = [c for c in feature.get("candidates") or [] if isinstance(c, dict)]
    selected = feature["decision"].get("selected_candidate_id")
    if selected is None:
        return candidates[0] if candidates else None
    return next((c for c in candidates if c.get("candidate_id") == selected), None)


def _lacking(event: Mapping[str, Any], requested: Optional[str]) -> Optional[str]:
    raw = event.get("data")
    data: Mapping[str, Any] = raw if isinstance(raw, dict) else {}
    if not isinstance(event.get("case_id"), str) or not event["case_id"]:
        name = event.get("event_type") or event.get("event")
        raise KlarefiError(f'claim() needs a case event; this "{name}" event has no case_id.')
    if not isinstance(data.get("features"), dict):
        return "features"
    if requested is None and not isinstance(data.get("case_type_id"), str):
        return "case type"
    return None


def _build(
    event: Mapping[str, Any], case: Optional[Mapping[str, Any]], case_types: Any, requested: Optional[str]
) -> Claim:
    types = _case_type_map(case_types)
    data: Dict[str, Any] = event["data"] if isinstance(event.get("data"), dict) else {}
    case_id: str = event["case_id"]
    features: Dict[str, Any] = data["features"] if isinstance(data.get("features"), dict) else {}
    if not features and case is not None:
        features = dict(case.get("features") or {})
    fetched: Mapping[str, Any] = case or {}
    case_type_id = requested or data.get("case_type_id") or fetched.get("case_type_id")
    if case_type_id is None and types is not None and len(types) == 1:
        case_type_id = next(iter(types))
    if not isinstance(case_type_id, str):
        raise KlarefiError(
            f'claim(): neither the event nor the case {case_id} names its case type; pass case_type_id="<id>".'
        )
    status = data.get("case_status") or fetched.get("status")
    if status is None and isinstance(event.get("event"), str):
        status = event["event"].replace("case.", "", 1)
    case_type = types.get(case_type_id) if types is not None else None
    if types is not None and case_type is None:
        raise KlarefiError(
            f'claim(): case {case_id} is of case type "{case_type_id}", which is not in case_types '
            f"({', '.join(types)}). Add it to klarefi.config and run `npx klarefi types --lang python`."
        )
    names = [q["id"] for q in case_type["questions"]] if case_type is not None else sorted(features)
    values: Dict[str, Any] = {}
    needs_review: List[str] = []
    for name in names:
        if name not in features:
            continue
        kept = _kept(features[name])
        if kept is not None:
            values[name] = kept.get("value_normalized")
        else:
            needs_review.append(name)
    if case_type is not None:
        mismatches: List[ValueMismatch] = []
        for q in case_type["questions"]:
            expected = _EXPECTED.get(q.get("kind", "text"), "a text")
            if q["id"] not in values:
                if q.get("required") and q["id"] not in needs_review:
                    mismatches.append({"feature": q["id"], "expected": f"{expected} (required)", "got": "nothing"})
            elif not _matches(q.get("kind", "text"), values[q["id"]]):
                mismatches.append({"feature": q["id"], "expected": expected, "got": _describe(values[q["id"]])})
        if mismatches:
            raise KlarefiClaimError(case_id, case_type_id, mismatches)
    return {
        "case_id": case_id,
        "case_type_id": case_type_id,
        "status": str(status or "unknown"),
        "complete": not needs_review,
        "values": values,
        "needs_review": needs_review,
        "features": features,
    }


def _no_client(case_id: str, lacking: str) -> KlarefiConfigError:
    return KlarefiConfigError(
        f"claim() must read case {case_id} because the event carries no {lacking}; "
        "pass a client with the cases:read scope."
    )


def claim(
    event: Mapping[str, Any],
    client: Optional[KlarefiClient] = None,
    *,
    case_types: Any = None,
    case_type_id: Optional[str] = None,
) -> Claim:
    """The case's values from a verified event, checked against ``case_types`` (klarefi.config.json's list).

    Reads the case (one ``GET /cases/{id}``) only when the body lacks the features or the case type.
    Raises :class:`KlarefiClaimError` naming every value that does not match its question.
    """
    lacking = _lacking(event, case_type_id)
    case = None
    if lacking is not None:
        if client is None:
            raise _no_client(event["case_id"], lacking)
        case = client.get_case(event["case_id"])
    return _build(event, case, case_types, case_type_id)


async def async_claim(
    event: Mapping[str, Any],
    client: Optional[AsyncKlarefiClient] = None,
    *,
    case_types: Any = None,
    case_type_id: Optional[str] = None,
) -> Claim:
    """:func:`claim` with an :class:`AsyncKlarefiClient`."""
    lacking = _lacking(event, case_type_id)
    case = None
    if lacking is not None:
        if client is None:
            raise _no_client(event["case_id"], lacking)
        case = await client.get_case(event["case_id"])
    return _build(event, case, case_types, case_type_id)
