"""The receivers' options: validated once, at start-up, with every default filled in."""

from __future__ import annotations

import difflib
import inspect
import math
import re
from typing import Any, Dict, List, Mapping, Optional

from ._async_client import AsyncKlarefiClient
from ._client import KlarefiClient
from ._dedupe import AnyDedupeStore, MemoryDedupeStore
from ._errors import KlarefiConfigError
from ._receiver_types import (
    DEFAULT_CLAIM_TTL_SECONDS,
    DEFAULT_DEDUPE_TTL_SECONDS,
    DEFAULT_MAX_BODY_BYTES,
    DEFAULT_START_CLAIM_PATH,
    DEFAULT_START_CLAIM_TIMEOUT_SECONDS,
    DEFAULT_WEBHOOK_PATH,
    EventHandler,
    Options,
    StartClaim,
    StartClaimOptions,
    Webhook,
    WebhookOptions,
)
from ._webhooks import _check_secrets, _check_tolerance


def _fail(message: str) -> KlarefiConfigError:
    return KlarefiConfigError(message)


def _check_keys(value: Mapping[str, Any], option: str, known: List[str]) -> None:
    for key in value:
        if key not in known:
            close = difflib.get_close_matches(str(key), known, 1)
            hint = f' Did you mean "{close[0]}"?' if close else f" Known: {', '.join(known)}."
            raise _fail(f'{option} has no option "{key}".{hint}')


def _path(value: Any, option: str, fallback: str) -> str:
    if value is None:
        return fallback
    if not isinstance(value, str) or not value.startswith("/") or re.search(r"[?#\s]", value):
        raise _fail(
            f'{option} must be a path starting with "/" without a query string (default "{fallback}"); got {value!r}.'
        )
    return value[:-1] if len(value) > 1 and value.endswith("/") else value


def _positive_int(value: Any, option: str, fallback: int) -> int:
    if value is None:
        return fallback
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _fail(f"{option} must be a positive whole number (default {fallback}); got {value!r}.")
    return value


def _function(value: Any, option: str, shape: str, sync_only: bool) -> Any:
    if value is None:
        return None
    if not callable(value):
        raise _fail(f"{option} must be a function {shape}.")
    if sync_only and inspect.iscoroutinefunction(value):
        raise _fail(
            f"{option} is an async function, which this framework cannot await: make it a plain def "
            "(or use klarefi.fastapi, which takes both)."
        )
    return value


def _secret_flaw(secret: str) -> Optional[str]:
    if secret != secret.strip():
        return (
            "has leading or trailing whitespace (often a newline from an .env file); trim it, e.g. "
            'os.environ["KLAREFI_WEBHOOK_SECRET"].strip()'
        )
    if not secret.startswith("whsec_"):
        looks = " (it looks like an API key)" if re.match(r"sk_(test|live)_", secret) else ""
        return (
            f'does not start with "whsec_"{looks}; copy the endpoint\'s signing secret from the Klarefi '
            "dashboard (or the one `klarefi dev` prints)"
        )
    return None


def _client(api_key: Any, client: Any, base_url: Any, needed: bool, is_async: bool) -> Any:
    if client is not None and api_key is not None:
        raise _fail("Pass either client or api_key to Klarefi, not both.")
    kinds = (KlarefiClient, AsyncKlarefiClient) if is_async else (KlarefiClient,)
    if client is not None:
        if not isinstance(client, kinds):
            wanted = "a KlarefiClient or an AsyncKlarefiClient" if is_async else "a KlarefiClient (not an async one)"
            raise _fail(f"client must be {wanted}: KlarefiClient(api_key=...).")
        return client
    if api_key is not None:
        return (AsyncKlarefiClient if is_async else KlarefiClient)(api_key, base_url=base_url)
    if needed:
        raise _fail(
            'start_claim needs a Klarefi API client: set api_key (e.g. os.environ["KLAREFI_API_KEY"]) or '
            "client, or set start_claim=False."
        )
    return None


def _start_claim(value: Any, sync_only: bool) -> Optional[StartClaim]:
    if value is False:
        return None
    if not isinstance(value, Mapping):
        raise _fail(
            'Set start_claim={"case_type_id": "motor_claim"} (your case type), or start_claim=False for no '
            "/start-claim route."
        )
    _check_keys(value, "start_claim", list(StartClaimOptions.__annotations__))
    case_type = value.get("case_type_id")
    if not isinstance(case_type, str) or not case_type.strip():
        raise _fail(
            'start_claim["case_type_id"] is required: the case type configured in your Klarefi dashboard, '
            'e.g. "motor_claim".'
        )
    locale = value.get("locale")
    if locale is not None and (not isinstance(locale, str) or not locale):
        raise _fail('start_claim["locale"] must be a BCP 47 language tag such as "nl" or "en".')
    status = value.get("redirect_status", 303)
    if status not in (302, 303) or isinstance(status, bool):
        raise _fail(f'start_claim["redirect_status"] must be 303 (default) or 302; got {status!r}.')
    timeout = value.get("timeout_seconds", DEFAULT_START_CLAIM_TIMEOUT_SECONDS)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not math.isfinite(timeout) or timeout <= 0:
        raise _fail(
            f'start_claim["timeout_seconds"] must be a number of seconds above 0 (default 10); got {timeout!r}.'
        )
    return StartClaim(
        case_type_id=case_type,
        path=_path(value.get("path"), 'start_claim["path"]', DEFAULT_START_CLAIM_PATH),
        ttl_hours=None
        if value.get("ttl_hours") is None
        else _positive_int(value["ttl_hours"], 'start_claim["ttl_hours"]', 168),
        locale=locale,
        redirect_status=status,
        session=_function(value.get("session"), 'start_claim["session"]', "(request) -> session parameters", sync_only),
        timeout_seconds=float(timeout),
    )


def _dedupe(value: Any, sync_only: bool) -> tuple[Optional[AnyDedupeStore], bool]:
    if value is False:
        return None, False
    if value is None:
        return MemoryDedupeStore(), False
    methods = [getattr(value, name, None) for name in ("claim", "complete", "release")]
    if not all(callable(m) for m in methods):
        raise _fail('webhook["dedupe"] must be a dedupe store (with claim, complete and release methods) or False.')
    is_async = inspect.iscoroutinefunction(methods[0])
    if is_async and sync_only:
        raise _fail(
            'webhook["dedupe"] is an async store, which this framework cannot await: use the sync one '
            "(RedisDedupeStore, PostgresDedupeStore)."
        )
    return value, is_async


def resolve_options(
    *,
    api_key: Optional[str],
    client: Any,
    base_url: Optional[str],
    webhook_secret: Any,
    start_claim: Any,
    webhook: Optional[Mapping[str, Any]],
    on: Optional[Mapping[str, EventHandler]],
    on_event: Optional[EventHandler],
    is_async: bool,
) -> Options:
    """Validates the options every receiver shares; ``is_async`` for receivers that can await."""
    sync_only = not is_async
    secrets = _check_secrets(webhook_secret, "webhook_secret option")
    for index, secret in enumerate(secrets):
        flaw = _secret_flaw(secret)
        if flaw:
            which = f"webhook_secret[{index}]" if len(secrets) > 1 else "webhook_secret"
            raise _fail(f"{which} {flaw}. As given, every delivery would fail its signature check.")
    claim = _start_claim(start_claim, sync_only)
    w = {} if webhook is None else webhook
    if not isinstance(w, Mapping):
        raise _fail("webhook must be a dict of webhook options.")
    _check_keys(w, "webhook", list(WebhookOptions.__annotations__))
    store, store_async = _dedupe(w.get("dedupe"), sync_only)
    on_outcome = _function(w.get("on_outcome"), 'webhook["on_outcome"]', "(outcome, request) -> None", True)
    hook = Webhook(
        path=_path(w.get("path"), 'webhook["path"]', DEFAULT_WEBHOOK_PATH),
        tolerance_seconds=300 if w.get("tolerance_seconds") is None else _tolerance(w["tolerance_seconds"]),
        max_body_bytes=_positive_int(w.get("max_body_bytes"), 'webhook["max_body_bytes"]', DEFAULT_MAX_BODY_BYTES),
        dedupe=store,
        dedupe_async=store_async,
        dedupe_ttl_seconds=_positive_int(
            w.get("dedupe_ttl_seconds"), 'webhook["dedupe_ttl_seconds"]', DEFAULT_DEDUPE_TTL_SECONDS
        ),
        claim_ttl_seconds=_positive_int(
            w.get("claim_ttl_seconds"), 'webhook["claim_ttl_seconds"]', DEFAULT_CLAIM_TTL_SECONDS
        ),
        on_outcome=on_outcome,
        now=_function(w.get("now"), 'webhook["now"]', "returning seconds", True),
    )
    if claim is not None and claim.path == hook.path:
        raise _fail(f'start_claim["path"] and webhook["path"] are both "{hook.path}"; give them different paths.')
    handlers: Dict[str, EventHandler] = {}
    if on is not None and not isinstance(on, Mapping):
        raise _fail('on must be a dict of handlers keyed by event name, e.g. {"case.completed": handle}.')
    for name, handler in (on or {}).items():
        _function(handler, f'on["{name}"]', "(event, context)", sync_only)
        handlers[name[3:] if name.startswith("v1.") else name] = handler
    return Options(
        client=_client(api_key, client, base_url, claim is not None, is_async),
        secrets=secrets,
        start_claim=claim,
        webhook=hook,
        on=handlers,
        on_event=_function(on_event, "on_event", "(event, context)", sync_only),
    )


def _tolerance(value: Any) -> float:
    try:
        return _check_tolerance(value)
    except KlarefiConfigError:
        raise _fail(
            f'webhook["tolerance_seconds"] must be a number of seconds of at least 1 (default 300); got {value!r}.'
        ) from None
