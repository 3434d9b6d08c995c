"""One logical API call and the judgement of each attempt, shared by the sync and the async client."""

from __future__ import annotations

import json
import random
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Dict, Optional, Union

import httpx

from ._api_error import create_api_error, describe_status, is_missing, parse_json
from ._errors import KlarefiConnectionError, KlarefiError, KlarefiTimeoutError
from ._options import API_PREFIX
from ._retry import is_retryable_status, retry_delay
from ._scrub import scrubber
from ._version import __version__

#: The value of the ``X-Klarefi-Client`` header sent with every request.
CLIENT_HEADER_VALUE = f"klarefi-python/{__version__}"
#: The prefix of idempotency keys the client generates, followed by a UUID.
IDEMPOTENCY_KEY_PREFIX = "klarefi-sdk-retry-"


def generate_idempotency_key() -> str:
    """Made once per logical call and sent on every retry of it, so a retried create never creates twice."""
    return f"{IDEMPOTENCY_KEY_PREFIX}{uuid.uuid4()}"


@dataclass(frozen=True)
class Config:
    """The client's options, validated. ``repr`` never shows the key."""

    api_key: str = field(repr=False)
    base_url: str
    timeout: float
    max_retries: int

    @property
    def environment(self) -> str:
        return "live" if self.api_key.startswith("sk_live_") else "test"


@dataclass
class ApiRequest:
    """One logical call, before retries. ``path`` is below ``/api/v1``, its parameters encoded."""

    method: str
    path: str
    query: Optional[Dict[str, Union[str, int]]] = None
    body: Optional[Dict[str, Any]] = None
    authenticate: bool = True
    idempotency_key: Optional[str] = None

    @property
    def full_path(self) -> str:
        query = "" if not self.query else "?" + str(httpx.QueryParams(self.query))
        return f"{API_PREFIX}{self.path}{query}"


@dataclass(frozen=True)
class Done:
    """A successful answer: the status and the parsed JSON object."""

    status: int
    data: Dict[str, Any]


def attempt_arguments(config: Config, request: ApiRequest, attempt: int) -> Dict[str, Any]:
    """The keyword arguments of ``httpx.Client.request`` for one attempt."""
    headers = {
        "Accept": "application/json",
        "X-Klarefi-Client": CLIENT_HEADER_VALUE,
        "X-Klarefi-Retry-Count": str(attempt),
    }
    if request.authenticate:
        headers["Authorization"] = f"Bearer {config.api_key}"
    content: Optional[bytes] = None
    if request.body is not None:
        headers["Content-Type"] = "application/json"
        content = json.dumps(request.body, separators=(",", ":")).encode("utf-8")
    if request.idempotency_key is not None:
        headers["Idempotency-Key"] = request.idempotency_key
    return {
        "method": request.method,
        "url": f"{config.base_url}{request.full_path}",
        "headers": headers,
        "content": content,
        "timeout": config.timeout,
        # The key must never follow a redirect to another host; a redirect is reported instead.
        "follow_redirects": False,
    }


def judge_response(config: Config, request: ApiRequest, response: httpx.Response, attempt: int) -> Union[Done, float]:
    """``Done`` for a 2xx, the delay before the next attempt for a retryable status; raises otherwise."""
    scrub = scrubber(config.api_key)
    path = request.full_path
    text = response.text
    answer = (response.status_code, response.reason_phrase, dict(response.headers), text, request.method, path)
    if 200 <= response.status_code < 300:
        if text.strip() == "":
            return Done(response.status_code, {})
        parsed = parse_json(text)
        if isinstance(parsed, dict):
            return Done(response.status_code, parsed)
        status = describe_status(response.status_code, response.reason_phrase)
        body = "a non-JSON body" if is_missing(parsed) else "a JSON body that is not an object"
        raise create_api_error(
            answer,
            scrub,
            time.time(),
            f"Klarefi API answered {status} with {body} ({request.method} {path}); "
            "check that base_url points at the Klarefi API",
        )
    if attempt < config.max_retries and is_retryable_status(response.status_code):
        headers = {name.lower(): value for name, value in response.headers.items()}
        return retry_delay(attempt, response.status_code, headers, time.time(), random.random())  # noqa: S311 - jitter, not a secret
    raise create_api_error(answer, scrub, time.time())


def judge_failure(config: Config, request: ApiRequest, error: httpx.TransportError, attempt: int) -> float:
    """The delay before the next attempt after no answer came; raises once the retries ran out."""
    if attempt < config.max_retries:
        return retry_delay(attempt, None, None, time.time(), random.random())  # noqa: S311 - jitter, not a secret
    raise failure_error(config, request, error, attempt + 1)


def failure_error(config: Config, request: ApiRequest, error: httpx.TransportError, attempts: int) -> KlarefiError:
    where = f"{request.method} {request.full_path}"
    tries = "1 attempt" if attempts == 1 else f"{attempts} attempts"
    if isinstance(error, httpx.TimeoutException):
        return KlarefiTimeoutError(
            f"Klarefi API did not answer within {config.timeout:g} s ({where}, {tries}); "
            "raise timeout or check the network",
            config.timeout,
        )
    scrub = scrubber(config.api_key)
    detail = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    return KlarefiConnectionError(
        scrub(f"Could not reach the Klarefi API at {config.base_url} ({where}, {tries}): {detail}")
    )
