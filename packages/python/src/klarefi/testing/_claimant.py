"""A claimant that walks the emulator's hosted form over HTTP, the pages a browser gets, step by step."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Dict, List, Mapping, Optional, Sequence, Tuple, Union
from urllib.parse import urljoin

import httpx

from ._errors import KlarefiTestError

MAX_STEPS = 20

_PERSONA: Dict[str, Tuple[str, str]] = {
    "date": ("2023-02-03", "3 februari 2023"),
    "amount": ("EUR 1,234.56", "€ 1.234,56"),
    "plate": ("AB-123-C", "ab-123-c"),
    "email": ("claimant@example.com", "claimant@example.nl"),
    "phone": ("+31 6 12345678", "06 12345678"),
    "textarea": (
        "Rear-ended at a traffic light; the rear bumper is dented.",
        "Aanrijding bij een verkeerslicht; de achterbumper is ingedeukt.",
    ),
}
_TEXT_BY_NAME: List[Tuple[str, Tuple[str, str]]] = [
    (r"location|address|destination|place|city", ("Damrak 1, Amsterdam", "Damrak 1, Amsterdam")),
    (r"policy|number|reference|_id$", ("POL-1234567", "POL-1234567")),
    (r"cause|reason", ("Water leak from the flat upstairs", "Waterlekkage van de bovenburen")),
    (r"name", ("Alex de Vries", "Alex de Vries")),
]


def persona_answer(kind: str, name: str, dutch: bool) -> str:
    """A valid answer for a question of ``kind`` named ``name``; Dutch formats when ``dutch``."""
    if kind in _PERSONA:
        return _PERSONA[kind][1 if dutch else 0]
    for pattern, texts in _TEXT_BY_NAME:
        if re.search(pattern, name):
            return texts[1 if dutch else 0]
    return "Antwoord van de testpersoon" if dutch else "Answer from the test persona"


@dataclass
class _Form:
    action: str
    multipart: bool
    fields: List[Tuple[str, str]] = field(default_factory=list)


class _Page(HTMLParser):
    """The parts of a hosted-form page a claimant acts on."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: List[_Form] = []
        self.errors: Dict[str, str] = {}
        self.state: Optional[str] = None
        self.message = ""
        self._in_form = False
        self._in_summary = False
        self._error_field: Optional[str] = None
        self._in_message = False

    def handle_starttag(self, tag: str, attributes: List[Tuple[str, Optional[str]]]) -> None:
        attrs = {name: value or "" for name, value in attributes}
        if tag == "form" and attrs.get("method") == "post":
            self.forms.append(_Form(attrs.get("action", ""), "multipart" in attrs.get("enctype", "")))
            self._in_form = True
        elif tag in ("input", "textarea") and self._in_form and attrs.get("name"):
            kind = attrs.get("type", "text")
            if tag == "textarea":
                kind = "textarea"
            elif kind == "tel":
                kind = "phone"
            elif kind in ("file", "submit", "hidden"):
                return
            else:
                classes = attrs.get("class", "")
                kind = next((k for k in ("date", "amount", "plate") if f"input--{k}" in classes), kind)
            self.forms[-1].fields.append((attrs["name"], kind))
        elif tag == "div" and "error-summary" in attrs.get("class", ""):
            self._in_summary = True
        elif tag == "a" and self._in_summary and attrs.get("href", "").startswith("#"):
            self._error_field = attrs["href"][1:]
            self.errors[self._error_field] = ""
        elif "data-state" in attrs:
            self.state = attrs["data-state"]
        elif tag == "p" and attrs.get("id") == "kf-message":
            self._in_message = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "a":
            self._error_field = None
        elif tag == "ul":
            self._in_summary = False
        elif tag == "p":
            self._in_message = False

    def handle_data(self, data: str) -> None:
        if self._error_field is not None:
            self.errors[self._error_field] += data
        elif self._in_message:
            self.message += data


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.errors = {k: " ".join(v.split()) for k, v in page.errors.items()}
    page.message = " ".join(page.message.split())
    return page


@dataclass
class ClaimResult:
    """A submitted claim. ``case_id`` is what ``deliveries.wait_for(..., case_id=...)`` matches."""

    case_id: str
    session_id: str
    #: Where the form sent the claimant after submitting: the ``return_url`` (with ids) or the done page.
    redirected_to: str
    answers: Dict[str, str]


Document = Tuple[str, Union[str, bytes]]


class Claimant:
    """A claimant holding one signed URL."""

    def __init__(self, signed_url: str, http: httpx.Client) -> None:
        self._start = signed_url
        self._http = http

    def _refuse(self, status: int, page: _Page, url: str) -> KlarefiTestError:
        text = page.message
        if page.state == "expired":
            return KlarefiTestError("session_expired", f'The signed URL has expired: the form says "{text}"')
        if page.state == "submitted":
            return KlarefiTestError("already_submitted", f'This session was already submitted: "{text}"')
        if page.state in ("invalid", "not-found") or status in (403, 404):
            return KlarefiTestError("invalid_link", f'The form refused the signed URL ({status}): "{text}"')
        return KlarefiTestError("unexpected_page", f"The form answered {status} at {url} with no step to fill in.")

    def _post(
        self, action: str, data: Mapping[str, str], files: Optional[Dict[str, Tuple[str, bytes, str]]] = None
    ) -> str:
        target = urljoin(self._start, action)
        response = self._http.post(target, data=dict(data), files=files, follow_redirects=False)
        if response.status_code == 303 and "location" in response.headers:
            return urljoin(self._start, response.headers["location"])
        raise self._refuse(response.status_code, _parse(response.text), target)

    def submit(
        self,
        answers: Optional[Mapping[str, str]] = None,
        *,
        documents: Optional[Sequence[Document]] = None,
        locale: Optional[str] = None,
    ) -> ClaimResult:
        """Walks the form and submits it. Answers not given come from a valid persona (Dutch formats
        for ``locale="nl"``); ``documents`` are ``(file name, content)`` pairs for the upload step.
        Raises ``KlarefiTestError``: ``invalid_answers`` with the form's own messages,
        ``session_expired``, ``already_submitted`` or ``invalid_link``."""
        given = dict(answers or {})
        dutch = bool(locale and re.match(r"^nl(?:-|$)", locale, re.IGNORECASE))
        used: Dict[str, str] = {}
        response = self._http.get(self._start, follow_redirects=True)
        for _ in range(MAX_STEPS):
            page = _parse(response.text)
            if not page.forms:
                raise self._refuse(response.status_code, page, str(response.url))
            if page.errors:
                detail = "; ".join(f"{k}: {v}" for k, v in page.errors.items())
                raise KlarefiTestError("invalid_answers", f"The hosted form refused the answers: {detail}", page.errors)
            form = page.forms[0]
            if "/submit" in form.action:
                done = self._post(form.action, {})
                session_id = httpx.URL(self._start).path.rstrip("/").split("/")[-1]
                return ClaimResult(session_id, session_id, done, used)
            if form.multipart:
                for name, content in documents or []:
                    raw = content.encode() if isinstance(content, str) else content
                    self._post(form.action, {"nav": "upload"}, {"document": (name, raw, "text/plain")})
                target = self._post(form.action, {"nav": "next"}, {})
                if documents is None and "kf-document" in _parse(self._http.get(target).text).errors:
                    note = persona_answer("textarea", "notes", dutch).encode()
                    self._post(form.action, {"nav": "upload"}, {"document": ("claim-notes.txt", note, "text/plain")})
                    target = self._post(form.action, {"nav": "next"}, {})
            else:
                data = {"nav": "next"}
                for name, kind in form.fields:
                    data[name] = str(given[name]) if name in given else persona_answer(kind, name, dutch)
                    used[name] = data[name]
                target = self._post(form.action, data)
            response = self._http.get(target, follow_redirects=True)
        raise KlarefiTestError(
            "unexpected_page", f"The hosted form did not reach its review step within {MAX_STEPS} steps."
        )
