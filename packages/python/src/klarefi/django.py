"""Klarefi for Django: URL patterns for the ``/start-claim`` redirect and the verified webhook view.

    urlpatterns = [path("", include(klarefi_urls(api_key=..., webhook_secret=..., start_claim={...})))]

``pip install "klarefi[django]"``. The webhook view is CSRF-exempt (Klarefi signs it instead); the
start-claim view is a GET and keeps Django's protections. Plain views, so they run under WSGI and ASGI
alike; handlers are plain ``def``. The rules are the core's (``klarefi._receiver``).
"""

from __future__ import annotations

import re
from typing import Any, Callable, List, Mapping, Optional, cast

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.http.request import RawPostDataException
from django.urls import URLPattern, re_path
from django.views.decorators.csrf import csrf_exempt

from ._answer import Answer
from ._drivers import handle_start_claim_sync, handle_webhook_sync
from ._receiver import StartClaimRequest, WebhookRequest, declared_too_large, header_value
from ._receiver_options import resolve_options
from ._receiver_types import EventHandler, WebhookOptions

__all__ = ["klarefi_urls"]

RAW_BODY_HELP = (
    "The raw request body was read as a stream before the Klarefi webhook view (request.read() or "
    "request.POST), so request.body is gone. In middleware, read request.body instead: Django keeps it."
)


def _response(answer: Answer) -> HttpResponse:
    response = HttpResponse(answer.body or b"", status=answer.status)
    if "content-type" not in answer.headers:
        del response["Content-Type"]
    for name, value in answer.headers.items():
        response[name] = value
    return response


def _route(path: str) -> str:
    return "^" + re.escape(path.lstrip("/")) + "$"


def klarefi_urls(
    *,
    webhook_secret: Any,
    start_claim: Any,
    api_key: Optional[str] = None,
    client: Any = None,
    base_url: Optional[str] = None,
    webhook: Optional[WebhookOptions] = None,
    on: Optional[Mapping[str, EventHandler]] = None,
    on_event: Optional[EventHandler] = None,
) -> List[URLPattern]:
    """URL patterns for ``path("", include(klarefi_urls(...)))``, named ``klarefi-webhook`` and
    ``klarefi-start-claim``.

    Args:
        webhook_secret: The endpoint's signing secret (``whsec_...``), or a list while rotating. Required.
        start_claim: ``{"case_type_id": "motor_claim", ...}`` (``StartClaimOptions``), or ``False``. Required.
        api_key: ``sk_test_...`` or ``sk_live_...``; a ``KlarefiClient`` is built from it. Default: none.
        client: A ``KlarefiClient``, instead of ``api_key``. Default: none.
        base_url: The API's origin, with ``api_key``. Default: ``https://api.klarefi.com``.
        webhook: ``WebhookOptions``. Default: path ``/webhooks/klarefi``, tolerance 300 s, 1 MiB, in-process dedupe.
        on: Handlers keyed by event name, ``{"case.completed": handle}``; ``handle(event, context)``. Default: {}.
        on_event: A catch-all that runs for every event, after its ``on`` handler. Default: none.

    Raises:
        KlarefiConfigError: at once, when an option is missing or malformed; the message says what to set.
    """
    o = resolve_options(
        api_key=api_key,
        client=client,
        base_url=base_url,
        webhook_secret=webhook_secret,
        start_claim=start_claim,
        webhook=webhook,
        on=on,
        on_event=on_event,
        is_async=False,
    )

    def klarefi_webhook(request: HttpRequest) -> HttpResponse:
        body: Optional[bytes] = None
        too_large = False
        if (request.method or "").upper() == "POST" and declared_too_large(o, request.headers.get("Content-Length")):
            too_large = True
        elif (request.method or "").upper() == "POST":
            try:
                body = request.body
            except RequestDataTooBig:
                too_large = True
            except RawPostDataException:
                body = None
        delivery = WebhookRequest(
            request.method or "",
            lambda header: header_value([v] if (v := request.headers.get(header)) is not None else []),
            body,
            too_large,
            request,
            RAW_BODY_HELP,
        )
        return _response(handle_webhook_sync(o, delivery))

    # Klarefi signs the webhook instead; it cannot carry a CSRF token.
    exempt = cast(Callable[[HttpRequest], HttpResponse], csrf_exempt(klarefi_webhook))
    patterns = [re_path(_route(o.webhook.path), exempt, name="klarefi-webhook")]
    if o.start_claim is not None:

        def klarefi_start_claim(request: HttpRequest) -> HttpResponse:
            claim = StartClaimRequest(request.method or "", request.headers.get("Accept"), request.path, request)
            return _response(handle_start_claim_sync(o, claim))

        patterns.append(re_path(_route(o.start_claim.path), klarefi_start_claim, name="klarefi-start-claim"))
    return patterns
