"""Klarefi for Flask: a Blueprint with the ``/start-claim`` redirect and the verified webhook route.

    app.register_blueprint(klarefi_blueprint(api_key=..., webhook_secret=..., start_claim={...}))

``pip install "klarefi[flask]"``. The rules are the core's (``klarefi._receiver``); this module only
translates Flask's request and response.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional

import flask
from werkzeug.exceptions import RequestEntityTooLarge

from ._answer import Answer
from ._drivers import handle_start_claim_sync, handle_webhook_sync
from ._receiver import StartClaimRequest, WebhookRequest, header_value
from ._receiver_options import resolve_options
from ._receiver_types import EventHandler, WebhookOptions

__all__ = ["klarefi_blueprint"]

# The core answers every method itself (405 with Allow), so both routes take them all.
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
RAW_BODY_HELP = (
    "The raw request body was read before the Klarefi webhook view and not kept. Read it with "
    "request.get_data(cache=True) (the default) in before_request hooks or middleware, never request.stream."
)


def _response(answer: Answer) -> flask.Response:
    return flask.Response(answer.body or b"", status=answer.status, headers=answer.headers)


def klarefi_blueprint(
    *,
    webhook_secret: Any,
    start_claim: Any,
    api_key: Optional[str] = None,
    client: Any = None,
    base_url: Optional[str] = None,
    webhook: Optional[WebhookOptions] = None,
    on: Optional[Mapping[str, EventHandler]] = None,
    on_event: Optional[EventHandler] = None,
    name: str = "klarefi",
    url_prefix: Optional[str] = None,
) -> flask.Blueprint:
    """A Blueprint serving ``GET {start_claim["path"]}`` and ``POST {webhook["path"]}``.

    Args:
        webhook_secret: The endpoint's signing secret (``whsec_...``), or a list while rotating. Required.
        start_claim: ``{"case_type_id": "motor_claim", ...}`` (:class:`~klarefi._receiver_options.StartClaimOptions`),
            or ``False`` for no ``/start-claim`` route. Required: say which.
        api_key: ``sk_test_...`` or ``sk_live_...``; a ``KlarefiClient`` is built from it. Default: none.
        client: A ``KlarefiClient``, instead of ``api_key``. Default: none.
        base_url: The API's origin, with ``api_key``. Default: ``https://api.klarefi.com``.
        webhook: :class:`~klarefi._receiver_options.WebhookOptions`. Default: path ``/webhooks/klarefi``,
            tolerance 300 s, 1 MiB, an in-process dedupe store.
        on: Handlers keyed by event name, ``{"case.completed": handle}``; ``handle(event, context)``. Default: {}.
        on_event: A catch-all that runs for every event, after its ``on`` handler. Default: none.
        name: The Blueprint's name. Default: ``"klarefi"``.
        url_prefix: Where the Blueprint is mounted. Default: the app's root.

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
    blueprint = flask.Blueprint(name, __name__, url_prefix=url_prefix)

    def klarefi_webhook() -> flask.Response:
        request = flask.request
        body: Optional[bytes] = None
        too_large = False
        if request.method.upper() == "POST":
            # Flask 3.1: a per-request limit, enforced while reading (chunked bodies too).
            request.max_content_length = o.webhook.max_body_bytes
            try:
                body = request.get_data(cache=True)
            except RequestEntityTooLarge:
                too_large = True
        delivery = WebhookRequest(
            request.method,
            lambda header: header_value(request.headers.getlist(header)),
            body,
            too_large,
            request,
            RAW_BODY_HELP,
        )
        return _response(handle_webhook_sync(o, delivery))

    blueprint.add_url_rule(o.webhook.path, "webhook", klarefi_webhook, methods=METHODS, provide_automatic_options=False)
    if o.start_claim is not None:

        def klarefi_start_claim() -> flask.Response:
            request = flask.request
            claim = StartClaimRequest(request.method, request.headers.get("Accept"), request.path, request)
            return _response(handle_start_claim_sync(o, claim))

        blueprint.add_url_rule(
            o.start_claim.path, "start_claim", klarefi_start_claim, methods=METHODS, provide_automatic_options=False
        )
    return blueprint
