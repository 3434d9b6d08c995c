"""``AsyncKlarefiClient``: the asyncio client, on ``httpx.AsyncClient``; the same calls, awaited."""

from __future__ import annotations

import asyncio
import itertools
from types import TracebackType
from typing import Any, AsyncIterator, Optional, Type, Union, cast

import httpx

from . import _calls
from ._errors import KlarefiConfigError
from ._options import DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, check_max_retries, check_timeout, resolve_options
from ._request import ApiRequest, Config, Done, attempt_arguments, judge_failure, judge_response
from ._types import (
    Case,
    CaseEvent,
    CaseEventsPage,
    CasePackage,
    DeliveryAcknowledgement,
    DocumentErasure,
    Health,
    Me,
    ProcessingJob,
    Session,
    TestWebhookResult,
)

# Looked up at call time, so tests can replace the wait between retries.
_sleep = asyncio.sleep


class AsyncKlarefiClient:
    """The Klarefi API client for asyncio. Create one per API key at start-up and share it.

    Failed calls are retried (connection errors, timeouts, 408, 409, 429, 5xx) with jittered backoff
    and ``Retry-After``; creates carry one idempotency key across all their retries.

    Args:
        api_key: ``sk_test_...`` or ``sk_live_...``. Default: the ``KLAREFI_API_KEY`` environment variable.
        base_url: The API's origin. Default: ``KLAREFI_API_BASE_URL``, else ``https://api.klarefi.com``.
        timeout: Seconds one attempt may take before it is abandoned (and retried). Default: 60.
        max_retries: How many times a failed request is retried, 0 to 10. Default: 2.
        http_client: An ``httpx.AsyncClient`` to send with (proxies, custom transports). Default: a new one,
            closed by ``aclose()``; a client you pass stays yours to close.

    Raises:
        KlarefiConfigError: at construction, when an option is missing or malformed.
    """

    def __init__(
        self,
        api_key: Optional[str] = None,
        *,
        base_url: Optional[str] = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: Optional[httpx.AsyncClient] = None,
    ) -> None:
        key, url, seconds, retries = resolve_options(api_key, base_url, timeout, max_retries)
        if http_client is not None and not isinstance(http_client, httpx.AsyncClient):
            hint = " (use KlarefiClient for an httpx.Client)" if isinstance(http_client, httpx.Client) else ""
            raise KlarefiConfigError(f"AsyncKlarefiClient: http_client must be an httpx.AsyncClient{hint}.")
        self._config = Config(key, url, seconds, retries)
        self._owns_http = http_client is None
        self._http = http_client if http_client is not None else httpx.AsyncClient()

    @property
    def environment(self) -> str:
        """``"test"`` for an ``sk_test_`` key, ``"live"`` for an ``sk_live_`` key."""
        return self._config.environment

    @property
    def base_url(self) -> str:
        """The API origin in use, without a trailing slash."""
        return self._config.base_url

    @property
    def timeout(self) -> float:
        """The per-attempt timeout in seconds."""
        return self._config.timeout

    @property
    def max_retries(self) -> int:
        """How many times a failed call is retried."""
        return self._config.max_retries

    def with_options(self, *, timeout: Optional[float] = None, max_retries: Optional[int] = None) -> AsyncKlarefiClient:
        """A client with other settings that shares this one's key and HTTP connection pool."""
        copy = object.__new__(AsyncKlarefiClient)
        config = self._config
        copy._config = Config(
            config.api_key,
            config.base_url,
            config.timeout if timeout is None else check_timeout(timeout, "with_options: timeout"),
            config.max_retries if max_retries is None else check_max_retries(max_retries, "with_options: max_retries"),
        )
        copy._owns_http = False
        copy._http = self._http
        return copy

    async def create_session(
        self,
        *,
        case_type_id: str,
        ttl_hours: Optional[Union[int, float]] = None,
        locale: Optional[str] = None,
        return_url: Optional[str] = None,
        external_case_id: Optional[str] = None,
        external_applicant_id: Optional[str] = None,
        external_customer_id: Optional[str] = None,
        trace_id: Optional[str] = None,
        idempotency_key: Optional[str] = None,
    ) -> Session:
        """Creates a hosted intake session (``POST /api/v1/sessions``); redirect the claimant to ``signed_url``.

        ``idempotency_key`` defaults to a new key per call, sent on every retry of it.
        """
        strings = {
            "locale": locale,
            "return_url": return_url,
            "external_case_id": external_case_id,
            "external_applicant_id": external_applicant_id,
            "external_customer_id": external_customer_id,
            "trace_id": trace_id,
        }
        return cast(
            Session, (await self._send(_calls.create_session(case_type_id, ttl_hours, idempotency_key, strings))).data
        )

    async def get_case(self, case_id: str) -> Case:
        """Reads a case with its extracted features (``GET /api/v1/cases/{case_id}``)."""
        return cast(Case, (await self._send(_calls.get_case(case_id))).data)

    async def get_case_events(self, case_id: str, *, after_cursor: Optional[int] = None) -> CaseEventsPage:
        """Reads one page of a case's event log; pass ``next_cursor`` as ``after_cursor`` to read on."""
        return cast(CaseEventsPage, (await self._send(_calls.case_events(case_id, after_cursor))).data)

    def list_all_case_events(self, case_id: str, *, after_cursor: Optional[int] = None) -> AsyncIterator[CaseEvent]:
        """Every event of a case, across all pages, in order (``async for``). Arguments are checked at once."""
        first = _calls.case_events(case_id, after_cursor, "list_all_case_events")
        return self._all_events(first, case_id, after_cursor)

    async def _all_events(self, request: ApiRequest, case_id: str, cursor: Optional[int]) -> AsyncIterator[CaseEvent]:
        while True:
            page = (await self._send(request)).data
            events = page.get("events")
            for event in events if isinstance(events, list) else []:
                yield event
            cursor = _calls.next_cursor(page, cursor)
            if cursor is None:
                return
            request = _calls.case_events(case_id, cursor, "list_all_case_events")

    async def get_case_package(self, case_id: str) -> CasePackage:
        """Reads a case's review-ready package (``GET /api/v1/cases/{case_id}/package``)."""
        return cast(CasePackage, (await self._send(_calls.get_case_package(case_id))).data)

    async def process_document(
        self,
        *,
        document_url: str,
        case_type_id: str,
        external_case_id: Optional[str] = None,
        external_applicant_id: Optional[str] = None,
        external_customer_id: Optional[str] = None,
        trace_id: Optional[str] = None,
        idempotency_key: Optional[str] = None,
    ) -> ProcessingJob:
        """Submits a public ``https://`` document for processing (``POST /api/v1/process``)."""
        strings = {
            "external_case_id": external_case_id,
            "external_applicant_id": external_applicant_id,
            "external_customer_id": external_customer_id,
            "trace_id": trace_id,
        }
        request = _calls.process_document(document_url, case_type_id, idempotency_key, strings)
        return cast(ProcessingJob, (await self._send(request)).data)

    async def delete_document(self, doc_id: str) -> DocumentErasure:
        """Erases a document and what was derived from it; ``status_code`` 202 means call again."""
        done = await self._send(_calls.delete_document(doc_id))
        return cast(DocumentErasure, {**done.data, "status_code": done.status})

    async def send_test_webhook(self, *, idempotency_key: Optional[str] = None, **fields: Any) -> TestWebhookResult:
        """Asks Klarefi to send a ``v1.webhook.test`` event to your endpoints."""
        return cast(TestWebhookResult, (await self._send(_calls.send_test_webhook(fields, idempotency_key))).data)

    async def acknowledge_delivery(
        self, delivery_id: str, *, acknowledgement_id: Optional[str] = None, idempotency_key: Optional[str] = None
    ) -> DeliveryAcknowledgement:
        """Acknowledges a webhook delivery; a delivery still being retried stops being retried."""
        request = _calls.acknowledge_delivery(delivery_id, acknowledgement_id, idempotency_key)
        return cast(DeliveryAcknowledgement, (await self._send(request)).data)

    async def get_me(self) -> Me:
        """Reads the organisation and environment of the key (``GET /api/v1/me``)."""
        return cast(Me, (await self._send(_calls.get_me())).data)

    async def get_health(self) -> Health:
        """Checks that the API is up (``GET /api/v1/health``); sent without the key."""
        return cast(Health, (await self._send(_calls.get_health())).data)

    async def _send(self, request: ApiRequest) -> Done:
        config = self._config
        for attempt in itertools.count():
            try:
                response = await self._http.request(**attempt_arguments(config, request, attempt))
            except httpx.TransportError as error:
                failure: Optional[httpx.TransportError] = error
            else:
                failure = None
            # Judged outside the except block: an error raised inside it would carry httpx's error as
            # its __context__, and that error's request holds the Authorization header.
            if failure is not None:
                delay = judge_failure(config, request, failure, attempt)
                del failure
            else:
                outcome = judge_response(config, request, response, attempt)
                if isinstance(outcome, Done):
                    return outcome
                delay = outcome
            await _sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    async def aclose(self) -> None:
        """Closes the HTTP client this client created (not one passed as ``http_client``)."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> AsyncKlarefiClient:
        return self

    async def __aexit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"AsyncKlarefiClient(environment={self.environment!r}, base_url={self.base_url!r})"


__all__ = ["AsyncKlarefiClient"]
