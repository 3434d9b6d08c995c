"""Dedupe stores on PostgreSQL (psycopg 3, sync and async), sharing the table of ``@klarefi/postgres``.

``pip install "klarefi[postgres]"``. One row per delivery id in ``klarefi_dedupe`` (key, state, token,
expires_at); one atomic statement per operation, the same statements as the TypeScript store, so a
fleet of TypeScript and Python receivers shares one table.
"""

from __future__ import annotations

import asyncio
import re
import threading
from contextlib import asynccontextmanager, contextmanager
from typing import Any, AsyncIterator, Dict, Iterator, Optional, Union

import psycopg
from psycopg import errors as pg_errors

from ._dedupe import DedupeState
from ._errors import KlarefiConfigError

__all__ = ["DEFAULT_TABLE", "AsyncPostgresDedupeStore", "PostgresDedupeStore", "dedupe_table_sql"]

DEFAULT_TABLE = "klarefi_dedupe"
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")
# Every this-many claims also delete up to 100 other expired rows: the table stays bounded with no cron.
_PURGE_EVERY = 16
_TTL = "clock_timestamp() + %(ttl)s::bigint * interval '1 millisecond'"
# Two instances creating the table at once: the loser's DDL rolled back, and running it again finds the table.
_RACED = (pg_errors.UniqueViolation, pg_errors.DuplicateTable, pg_errors.DuplicateObject)


def _quote(table: str) -> str:
    parts = table.split(".") if isinstance(table, str) else []
    if not 1 <= len(parts) <= 2 or not all(_IDENTIFIER.fullmatch(part) for part in parts):
        raise KlarefiConfigError(
            f'table must be a table name (letters, digits and _, optionally schema.table; default "{DEFAULT_TABLE}"); '
            f"got {table!r}."
        )
    return ".".join(f'"{part}"' for part in parts)


def dedupe_table_sql(table: str = DEFAULT_TABLE) -> str:
    """The table's DDL, for migrations of your own (then pass ``create_table=False``)."""
    name = _quote(table)
    index = _quote(f"{table.split('.')[-1]}_expires_at")
    return (
        f"CREATE TABLE IF NOT EXISTS {name} (\n  key text PRIMARY KEY,\n"
        "  state text NOT NULL CHECK (state IN ('processing', 'done')),\n  token text NOT NULL,\n"
        f"  expires_at timestamptz NOT NULL\n);\nCREATE INDEX IF NOT EXISTS {index} ON {name} (expires_at);"
    )


def _statements(table: str) -> Dict[str, str]:
    t = _quote(table)

    def claim(purge: bool) -> str:
        head = (
            f"WITH purge AS (DELETE FROM {t} WHERE key IN (SELECT key FROM {t} WHERE expires_at <= clock_timestamp() "
            "AND key <> %(key)s LIMIT 100 FOR UPDATE SKIP LOCKED)),"
            if purge
            else "WITH"
        )
        return (
            f"{head} claim AS (INSERT INTO {t} AS d (key, state, token, expires_at) "
            f"VALUES (%(key)s, 'processing', %(token)s, {_TTL}) ON CONFLICT (key) DO UPDATE "
            "SET state = EXCLUDED.state, token = EXCLUDED.token, expires_at = EXCLUDED.expires_at "
            "WHERE d.expires_at <= clock_timestamp() "
            "RETURNING 'claimed'::text AS state) SELECT state FROM claim "
            f"UNION ALL SELECT state FROM {t} WHERE key = %(key)s AND NOT EXISTS (SELECT 1 FROM claim)"
        )

    return {
        "claim": claim(False),
        "claim_and_purge": claim(True),
        "complete": f"UPDATE {t} SET state = 'done', expires_at = {_TTL} WHERE key = %(key)s AND token = %(token)s "
        "AND state = 'processing' AND expires_at > clock_timestamp()",
        "release": f"DELETE FROM {t} WHERE key = %(key)s AND token = %(token)s AND state = 'processing' "
        "AND expires_at > clock_timestamp()",
    }


def _state(row: Any) -> DedupeState:
    state = row[0] if row else None
    # "processing", or a row a concurrent claim inserted after this statement's snapshot.
    return "claimed" if state == "claimed" else "done" if state == "done" else "processing"


def _check(store: str, connection: Any, pool: Any, conninfo: Any, timeout: float) -> None:
    given = [name for name, value in (("connection", connection), ("pool", pool), ("conninfo", conninfo)) if value]
    if len(given) != 1:
        raise KlarefiConfigError(
            f"{store}: give exactly one of conninfo (a PostgreSQL URL; the store connects and reconnects itself), "
            f"pool (a psycopg_pool pool) or connection (an autocommit psycopg connection); got {given or 'none'}."
        )
    if connection is not None and not getattr(connection, "autocommit", False):
        raise KlarefiConfigError(f"{store}: connect with autocommit=True, or every claim stays in an open transaction.")
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
        raise KlarefiConfigError(f"{store}: timeout_seconds must be above 0 (default 5); got {timeout!r}.")


class _Base:
    def __init__(self, table: str, create_table: bool) -> None:
        self._sql = _statements(table)
        self._ddl: Optional[str] = dedupe_table_sql(table) if create_table else None
        self._claims = 0

    def _claim_sql(self) -> str:
        self._claims += 1
        return self._sql["claim_and_purge" if self._claims % _PURGE_EVERY == 0 else "claim"]


class PostgresDedupeStore(_Base):
    """A :class:`~klarefi.DedupeStore` on PostgreSQL for WSGI receivers (Flask, Django). Give one of:

    Args:
        conninfo: A PostgreSQL URL; the store keeps one connection (thread-safe) and reconnects after a failure.
        pool: A ``psycopg_pool.ConnectionPool``. The store never closes it.
        connection: A ``psycopg.Connection`` opened with ``autocommit=True``. The store never closes it.
        table: ``name`` or ``schema.name``. Default: ``"klarefi_dedupe"``.
        create_table: Create the table on first use; ``False`` when your migrations run :func:`dedupe_table_sql`.
            Default: ``True``.
        timeout_seconds: The ``statement_timeout`` of the store's own connection (``conninfo``). Default: 5.
    """

    def __init__(
        self,
        conninfo: Optional[str] = None,
        *,
        pool: Any = None,
        connection: Optional[psycopg.Connection[Any]] = None,
        table: str = DEFAULT_TABLE,
        create_table: bool = True,
        timeout_seconds: float = 5.0,
    ) -> None:
        _check("PostgresDedupeStore", connection, pool, conninfo, timeout_seconds)
        super().__init__(table, create_table)
        self._conninfo, self._pool, self._own = conninfo, pool, connection
        self._timeout_ms = int(timeout_seconds * 1000)
        self._lock = threading.Lock()

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection[Any]]:
        if self._pool is not None:
            with self._pool.connection() as conn:
                yield conn
            return
        with self._lock:
            if self._conninfo is not None and (self._own is None or self._own.closed or self._own.broken):
                self._own = psycopg.connect(
                    self._conninfo,
                    autocommit=True,
                    connect_timeout=max(1, self._timeout_ms // 1000),
                    options=f"-c statement_timeout={self._timeout_ms}",
                )
            if self._own is None:
                raise RuntimeError("PostgresDedupeStore has no connection")  # unreachable: one was given or made
            yield self._own

    def _run(self, sql: str, params: Dict[str, Union[str, int]]) -> psycopg.Cursor[Any]:
        with self._connection() as conn:
            if self._ddl is not None:
                try:
                    conn.execute(self._ddl)
                except _RACED:
                    conn.execute(self._ddl)
                self._ddl = None
            return conn.execute(sql, params, prepare=True)

    def claim(self, key: str, token: str, ttl_ms: int) -> DedupeState:
        return _state(self._run(self._claim_sql(), {"key": key, "token": token, "ttl": max(1, int(ttl_ms))}).fetchone())

    def complete(self, key: str, token: str, ttl_ms: int) -> bool:
        return self._run(self._sql["complete"], {"key": key, "token": token, "ttl": max(1, int(ttl_ms))}).rowcount == 1

    def release(self, key: str, token: str) -> bool:
        return self._run(self._sql["release"], {"key": key, "token": token}).rowcount == 1


class AsyncPostgresDedupeStore(_Base):
    """A :class:`~klarefi.AsyncDedupeStore` on PostgreSQL for FastAPI and Starlette. Give one of ``conninfo``,
    ``pool`` (a ``psycopg_pool.AsyncConnectionPool``) or ``connection`` (an autocommit ``psycopg.AsyncConnection``);
    the other options are :class:`PostgresDedupeStore`'s, and ``timeout_seconds`` bounds every operation."""

    def __init__(
        self,
        conninfo: Optional[str] = None,
        *,
        pool: Any = None,
        connection: Optional[psycopg.AsyncConnection[Any]] = None,
        table: str = DEFAULT_TABLE,
        create_table: bool = True,
        timeout_seconds: float = 5.0,
    ) -> None:
        _check("AsyncPostgresDedupeStore", connection, pool, conninfo, timeout_seconds)
        super().__init__(table, create_table)
        self._conninfo, self._pool, self._own = conninfo, pool, connection
        self._timeout = float(timeout_seconds)
        self._lock: Optional[asyncio.Lock] = None

    @asynccontextmanager
    async def _connection(self) -> AsyncIterator[psycopg.AsyncConnection[Any]]:
        if self._pool is not None:
            async with self._pool.connection() as conn:
                yield conn
            return
        self._lock = self._lock or asyncio.Lock()
        async with self._lock:
            if self._conninfo is not None and (self._own is None or self._own.closed or self._own.broken):
                self._own = await psycopg.AsyncConnection.connect(self._conninfo, autocommit=True)
            if self._own is None:
                raise RuntimeError("AsyncPostgresDedupeStore has no connection")  # unreachable: one was given or made
            yield self._own

    async def _execute(self, sql: str, params: Dict[str, Union[str, int]]) -> psycopg.AsyncCursor[Any]:
        async with self._connection() as conn:
            if self._ddl is not None:
                try:
                    await conn.execute(self._ddl)
                except _RACED:
                    await conn.execute(self._ddl)
                self._ddl = None
            return await conn.execute(sql, params, prepare=True)

    async def _run(self, sql: str, params: Dict[str, Union[str, int]]) -> psycopg.AsyncCursor[Any]:
        return await asyncio.wait_for(self._execute(sql, params), self._timeout)

    async def claim(self, key: str, token: str, ttl_ms: int) -> DedupeState:
        cursor = await self._run(self._claim_sql(), {"key": key, "token": token, "ttl": max(1, int(ttl_ms))})
        return _state(await cursor.fetchone())

    async def complete(self, key: str, token: str, ttl_ms: int) -> bool:
        cursor = await self._run(self._sql["complete"], {"key": key, "token": token, "ttl": max(1, int(ttl_ms))})
        return cursor.rowcount == 1

    async def release(self, key: str, token: str) -> bool:
        return (await self._run(self._sql["release"], {"key": key, "token": token})).rowcount == 1
