"""Walks the emulator's hosted form over plain HTTP, the way a browser without JavaScript would.

It relies on what the form promises (inputs named after the question ids, POST forms, 303 redirects),
not on its markup: each page's form is filled with the answers it asks for and submitted with its
primary button, until the browser lands on the done page or the ``return_url``.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any, Dict, List, Mapping, Optional, Tuple
from urllib.parse import urljoin

import httpx

MOTOR_CLAIM_ANSWERS = {
    "incident_date": "3 februari 2023",
    "incident_location": "Amsterdam, Damrak",
    "license_plate": "ab-123-c",
    "damage_amount": "€ 1.234,56",
    "description": "Rear-ended at a traffic light.",
}


class _Form:
    def __init__(self, attrs: Dict[str, str]) -> None:
        self.action = attrs.get("action", "")
        self.method = attrs.get("method", "get").lower()
        self.multipart = "multipart" in attrs.get("enctype", "")
        self.fields: Dict[str, str] = {}
        self.files: List[str] = []
        self.buttons: List[Dict[str, str]] = []


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: List[_Form] = []
        self._textarea: Optional[str] = None

    def handle_starttag(self, tag: str, attributes: List[Tuple[str, Optional[str]]]) -> None:
        attrs = {name: value or "" for name, value in attributes}
        if tag == "form":
            self.forms.append(_Form(attrs))
        elif not self.forms:
            return
        form = self.forms[-1]
        kind = attrs.get("type", "text" if tag == "input" else "submit")
        if tag == "input" and kind == "file":
            form.files.append(attrs.get("name", ""))
        elif tag == "input" and kind not in ("submit", "button", "checkbox", "radio") and "name" in attrs:
            form.fields[attrs["name"]] = attrs.get("value", "")
        elif tag == "textarea" and "name" in attrs:
            self._textarea = attrs["name"]
            form.fields[attrs["name"]] = ""
        elif tag == "button" and kind == "submit":
            form.buttons.append(attrs)

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self.forms[-1].fields[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None


def _primary(buttons: List[Dict[str, str]]) -> Optional[Dict[str, str]]:
    """The button a claimant presses to go on: the primary one, else one that is not back/remove/upload."""
    onward = [b for b in buttons if b.get("value") not in ("back", "upload") and b.get("name") != "remove"]
    return next((b for b in onward if "primary" in b.get("class", "").split()), onward[0] if onward else None)


def walk_form(
    http: httpx.Client, signed_url: str, answers: Mapping[str, str] = MOTOR_CLAIM_ANSWERS, max_pages: int = 12
) -> httpx.Response:
    """Fills in and submits the form; returns the last response (the done page or the return_url)."""
    response = http.get(signed_url, follow_redirects=True)
    origin = str(httpx.URL(signed_url).copy_with(path="/", query=None))
    for _ in range(max_pages):
        response.raise_for_status()
        if not str(response.url).startswith(origin):
            return response
        page = _Page()
        page.feed(response.text)
        forms = [f for f in page.forms if f.method == "post" and _primary(f.buttons) is not None]
        if not forms:
            return response
        form = forms[-1]
        data: Dict[str, Any] = {**form.fields, **{k: v for k, v in answers.items() if k in form.fields}}
        button = _primary(form.buttons)
        assert button is not None
        if button.get("name"):
            data[button["name"]] = button.get("value", "")
        files = {name: ("", b"", "application/octet-stream") for name in form.files} if form.multipart else None
        target = urljoin(str(response.url), form.action)
        response = http.post(target, data=data, files=files, follow_redirects=True)
    raise AssertionError(f"the hosted form did not finish within {max_pages} pages; last page: {response.url}")
