"""Klarefi for FastAPI and Starlette: an ``APIRouter``, or a route list for a plain Starlette app.

    app.include_router(klarefi_router(api_key=..., webhook_secret=..., start_claim={"case_type_id": "motor_claim"}))

``pip install "klarefi[fastapi]"``. Handlers and hooks may be ``async def`` or plain ``def`` (run in
Starlette's thread pool); so may the dedupe store. The rules are the core's (``klarefi._receiver``).
"""

from __future__ import annotations

from typing import Any, Awaitable, Callable, List, Mapping, Optional

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

from ._answer import Answer
from ._drivers import handle_start_claim_async, handle_webhook_async
from ._receiver import StartClaimRequest, WebhookRequest, declared_too_large, header_value
from ._receiver_options import resolve_options
from ._receiver_types import EventHandler, Options, WebhookOptions

__all__ = ["klarefi_router", "klarefi_routes"]

# The core answers every method itself (405 with Allow), so both routes take them all.
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
RAW_BODY_HELP = (
    "The raw request body was consumed before the Klarefi webhook route and not kept. In middleware, read it "
    "with await request.body() (Starlette keeps that copy), never by draining receive()."
)
Endpoint = Callable[[Request], Awaitable[Response]]


def _response(answer: Answer) -> Response:
    return Response(answer.body or b"", status_code=answer.status, headers=answer.headers)


async def _read(request: Request, limit: int) -> tuple[Optional[bytes], bool]:
    chunks: List[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                return None, True
            chunks.append(chunk)
    except (RuntimeError, ClientDisconnect):
        # "Stream consumed": something drained the body before this route and kept no copy.
        return None, False
    return b"".join(chunks), False


def _endpoints(o: Options) -> tuple[Endpoint, Optional[Endpoint]]:
    async def klarefi_webhook(request: Request) -> Response:
        body: Optional[bytes] = None
        too_large = False
        if request.method.upper() == "POST":
            too_large = declared_too_large(o, request.headers.get("content-length"))
            if not too_large:
                body, too_large = await _read(request, o.webhook.max_body_bytes)
        delivery = WebhookRequest(
            request.method,
            lambda header: header_value(request.headers.getlist(header)),
            body,
            too_large,
            request,
            RAW_BODY_HELP,
        )
        return _response(await handle_webhook_async(o, delivery, run_in_threadpool))

    async def klarefi_start_claim(request: Request) -> Response:
        claim = StartClaimRequest(request.method, request.headers.get("accept"), request.url.path, request)
        return _response(await handle_start_claim_async(o, claim, run_in_threadpool))

    return klarefi_webhook, klarefi_start_claim if o.start_claim is not None else None


def _options(kwargs: Any) -> Options:
    return resolve_options(**kwargs, is_async=True)


def klarefi_routes(
    *,
    webhook_secret: Any,
    start_claim: Any,
    api_key: Optional[str] = None,
    client: Any = None,
    base_url: Optional[str] = None,
    webhook: Optional[WebhookOptions] = None,
    on: Optional[Mapping[str, EventHandler]] = None,
    on_event: Optional[EventHandler] = None,
) -> List[Route]:
    """Starlette routes for ``Starlette(routes=[*klarefi_routes(...)])``; the options of :func:`klarefi_router`."""
    o = _options(
        dict(
            api_key=api_key,
            client=client,
            base_url=base_url,
            webhook_secret=webhook_secret,
            start_claim=start_claim,
            webhook=webhook,
            on=on,
            on_event=on_event,
        )
    )
    webhook_endpoint, start_claim_endpoint = _endpoints(o)
    routes = [Route(o.webhook.path, webhook_endpoint, methods=METHODS, name="klarefi_webhook")]
    if o.start_claim is not None and start_claim_endpoint is not None:
        routes.append(Route(o.start_claim.path, start_claim_endpoint, methods=METHODS, name="klarefi_start_claim"))
    return routes


def klarefi_router(
    *,
    webhook_secret: Any,
    start_claim: Any,
    api_key: Optional[str] = None,
    client: Any = None,
    base_url: Optional[str] = None,
    webhook: Optional[WebhookOptions] = None,
    on: Optional[Mapping[str, EventHandler]] = None,
    on_event: Optional[EventHandler] = None,
    prefix: str = "",
) -> APIRouter:
    """An ``APIRouter`` serving ``GET {start_claim["path"]}`` and ``POST {webhook["path"]}``, kept out of the
    OpenAPI schema.

    Args:
        webhook_secret: The endpoint's signing secret (``whsec_...``), or a list while rotating. Required.
        start_claim: ``{"case_type_id": "motor_claim", ...}`` (``StartClaimOptions``), or ``False``. Required.
        api_key: ``sk_test_...`` or ``sk_live_...``; an ``AsyncKlarefiClient`` is built from it. Default: none.
        client: An ``AsyncKlarefiClient`` or a ``KlarefiClient``, instead of ``api_key``. Default: none.
        base_url: The API's origin, with ``api_key``. Default: ``https://api.klarefi.com``.
        webhook: ``WebhookOptions``. Default: path ``/webhooks/klarefi``, tolerance 300 s, 1 MiB, in-process dedupe.
        on: Handlers keyed by event name; ``async def`` or ``def``, ``handle(event, context)``. Default: {}.
        on_event: A catch-all that runs for every event, after its ``on`` handler. Default: none.
        prefix: The router's prefix. Default: ``""``.

    Raises:
        KlarefiConfigError: at once, when an option is missing or malformed; the message says what to set.
    """
    o = _options(
        dict(
            api_key=api_key,
            client=client,
            base_url=base_url,
            webhook_secret=webhook_secret,
            start_claim=start_claim,
            webhook=webhook,
            on=on,
            on_event=on_event,
        )
    )
    webhook_endpoint, start_claim_endpoint = _endpoints(o)
    router = APIRouter(prefix=prefix)
    router.add_api_route(o.webhook.path, webhook_endpoint, methods=METHODS, include_in_schema=False)
    if o.start_claim is not None and start_claim_endpoint is not None:
        router.add_api_route(o.start_claim.path, start_claim_endpoint, methods=METHODS, include_in_schema=False)
    return router
