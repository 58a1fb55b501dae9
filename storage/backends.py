"""The two database engines behind :class:`storage.store.Store`: DuckDB (embedded, the
default) and PostgreSQL (``SIMULATOR_DB=postgresql://…``, for several app processes).

The store talks to a backend only through:

* ``backend.cursor()`` — a context manager yielding a cursor with ``execute(sql, params)``
  (SQL uses ``?`` placeholders on both engines; the PostgreSQL cursor translates them),
  ``fetchone()``, ``fetchall()``, ``begin()``, ``commit()``, ``rollback()``;
* ``backend.is_conflict(exc)`` — a write-write conflict worth retrying;
* ``backend.fault(exc)`` — a :class:`StoreError` for a fault that is not a conflict (disk
  full, damaged file, server gone), or ``None``;
* ``backend.write_guard()`` — held around each write transaction (DuckDB: a process-wide
  lock, as every writer of the file is in this process; PostgreSQL: nothing);
* ``backend.startup_lock()`` — held while migrating and seeding (PostgreSQL: an advisory
  lock, so two processes starting at once do not both migrate);
* ``backend.dialect`` (``"duckdb"`` / ``"postgres"``, picks ``NNN_name.<dialect>.sql``
  migrations when a shared ``NNN_name.sql`` will not do) and ``backend.close()``.

Messages never contain a server path, a URL or raw exception text; the details go to the
``storage`` logger.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import threading
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

import duckdb

from storage.errors import (
    StoreClosedError,
    StoreCorruptError,
    StoreDiskFullError,
    StoreError,
    StoreLockedError,
    StoreUnavailableError,
)

log = logging.getLogger("storage")

#: Advisory-lock key held while a PostgreSQL store migrates and seeds (any fixed number).
PG_STARTUP_LOCK_KEY = 7_311_842_019
#: Connections per process in the PostgreSQL pool (Streamlit runs one thread per session).
PG_POOL_MIN = 1
PG_POOL_MAX = 10
PG_CONNECT_TIMEOUT_S = 5


class Cursor(Protocol):
    def execute(self, sql: str, params: Sequence[Any] | None = None) -> Any: ...
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def begin(self) -> Any: ...
    def commit(self) -> Any: ...
    def rollback(self) -> Any: ...


def is_postgres_url(target: str) -> bool:
    return target.startswith(("postgresql://", "postgres://"))


def redact(url: str) -> str:
    """``url`` without its password (for logs and ``Store.path``)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = (parts.username or "") + ":***"
    return urlunsplit(parts._replace(netloc=f"{user}@{netloc[-1]}"))


def _disk_full_text(text: str) -> bool:
    t = text.lower()
    return "no space left on device" in t or "disk full" in t or "disk quota exceeded" in t


def _exc_chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        yield cur
        cur = cur.__cause__ or cur.__context__


def is_disk_full(exc: BaseException) -> bool:
    for e in _exc_chain(exc):
        if isinstance(e, OSError) and e.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        if getattr(e, "sqlstate", None) == "53100":  # PostgreSQL disk_full
            return True
        if _disk_full_text(str(e)):
            return True
    return False


# --------------------------------------------------------------------------- DuckDB


def _duckdb_open_fault(exc: BaseException) -> StoreError:
    text = str(exc)
    if "Could not set lock" in text or "Conflicting lock" in text:
        return StoreLockedError("", text)
    if is_disk_full(exc):
        return StoreDiskFullError(text)
    return StoreCorruptError(text)


class DuckDBBackend:
    dialect = "duckdb"

    def __init__(self, path: str, *, read_only: bool = False) -> None:
        self.path = path
        self.display = path
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._closed = False
        try:
            self._con = duckdb.connect(path, read_only=read_only)
        except duckdb.Error as exc:
            err = _duckdb_open_fault(exc)
            if isinstance(err, StoreLockedError):
                err = StoreLockedError(path, str(exc))
            log.error("cannot open DuckDB file %s: %s", path, exc)
            raise err from exc

    @contextlib.contextmanager
    def cursor(self) -> Iterator[Cursor]:
        with self._lock:
            if self._closed:
                raise StoreClosedError()
            cur = self._con.cursor()
        try:
            yield cur
        finally:
            cur.close()

    def is_conflict(self, exc: BaseException) -> bool:
        return isinstance(exc, duckdb.TransactionException) and self.fault(exc) is None

    def fault(self, exc: BaseException) -> StoreError | None:
        if not isinstance(exc, duckdb.Error | OSError):
            return None  # not the database's: a bug or a caller's error, raised as it is
        if is_disk_full(exc):
            return StoreDiskFullError(str(exc))
        if isinstance(exc, duckdb.IOException | duckdb.InternalException | duckdb.FatalException):
            return StoreCorruptError(str(exc))
        if isinstance(exc, duckdb.Error) and (
            "Corrupt database file" in str(exc) or "checksum" in str(exc).lower()
        ):
            return StoreCorruptError(str(exc))
        return None

    @contextlib.contextmanager
    def startup_lock(self) -> Iterator[None]:
        yield  # one process holds a DuckDB file read-write; nothing to coordinate

    @contextlib.contextmanager
    def write_guard(self) -> Iterator[None]:
        """One write transaction at a time: every writer of a DuckDB file is in this
        process, so serialising them here avoids optimistic-concurrency conflicts (which
        DuckDB would otherwise report at commit, and the store would retry)."""
        with self._write_lock:
            yield

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._con.close()


# --------------------------------------------------------------------------- PostgreSQL


@lru_cache(maxsize=512)
def qmark_to_pyformat(sql: str) -> str:
    """``?`` placeholders → psycopg's ``%s`` (and a literal ``%`` → ``%%``), outside quotes."""
    out: list[str] = []
    quote: str | None = None
    for ch in sql:
        if quote is not None:
            out.append("%%" if ch == "%" else ch)
            if ch == quote:
                quote = None
            continue
        if ch in ("'", '"'):
            quote = ch
            out.append(ch)
        elif ch == "?":
            out.append("%s")
        elif ch == "%":
            out.append("%%")
        else:
            out.append(ch)
    return "".join(out)


class PgCursor:
    """A psycopg cursor that speaks the store's ``?`` SQL and DuckDB's begin/commit."""

    dialect = "postgres"

    def __init__(self, conn: Any) -> None:
        self._conn = conn
        self._cur = conn.cursor()

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> PgCursor:
        if params is None:
            self._cur.execute(sql.encode())  # bytes: no placeholder parsing (migrations)
        else:
            self._cur.execute(qmark_to_pyformat(sql), list(params))
        return self

    def fetchone(self) -> Any:
        return self._cur.fetchone()

    def fetchall(self) -> list[Any]:
        return list(self._cur.fetchall())

    def begin(self) -> None:
        self._cur.execute(b"BEGIN")

    def commit(self) -> None:
        self._cur.execute(b"COMMIT")

    def rollback(self) -> None:
        self._cur.execute(b"ROLLBACK")

    def close(self) -> None:
        self._cur.close()


class PostgresBackend:
    dialect = "postgres"

    def __init__(self, url: str, *, min_size: int = PG_POOL_MIN, max_size: int = PG_POOL_MAX):
        import psycopg
        from psycopg_pool import ConnectionPool, PoolTimeout

        self._psycopg = psycopg
        self.path = url
        self.display = redact(url)
        self._closed = False
        self._pool = ConnectionPool(
            url,
            min_size=min_size,
            max_size=max_size,
            kwargs={"autocommit": True, "connect_timeout": PG_CONNECT_TIMEOUT_S},
            check=ConnectionPool.check_connection,
            open=False,
            timeout=30,
            name="simulator-store",
        )
        try:
            self._pool.open(wait=True, timeout=PG_CONNECT_TIMEOUT_S + 2)
        except (PoolTimeout, psycopg.Error) as exc:
            log.error("cannot connect to PostgreSQL at %s: %s", self.display, exc)
            with contextlib.suppress(Exception):
                self._pool.close(timeout=1)
            raise StoreUnavailableError(str(exc)) from exc

    @contextlib.contextmanager
    def cursor(self) -> Iterator[Cursor]:
        if self._closed:
            raise StoreClosedError()
        from psycopg_pool import PoolTimeout

        try:
            ctx = self._pool.connection()
            conn = ctx.__enter__()
        except (PoolTimeout, self._psycopg.OperationalError) as exc:
            log.error("no PostgreSQL connection for %s: %s", self.display, exc)
            raise StoreUnavailableError(str(exc)) from exc
        cur = PgCursor(conn)
        exc_info: tuple[Any, Any, Any] = (None, None, None)
        try:
            yield cur
        except BaseException as exc:
            exc_info = (type(exc), exc, exc.__traceback__)
            raise
        finally:
            cur.close()
            ctx.__exit__(*exc_info)

    def is_conflict(self, exc: BaseException) -> bool:
        e = self._psycopg.errors
        return isinstance(
            exc,
            e.SerializationFailure | e.DeadlockDetected | e.UniqueViolation | e.LockNotAvailable,
        )

    def fault(self, exc: BaseException) -> StoreError | None:
        if not isinstance(exc, self._psycopg.Error | OSError):
            return None  # not the database's: a bug or a caller's error, raised as it is
        if is_disk_full(exc):
            return StoreDiskFullError(str(exc))
        e = self._psycopg.errors
        if isinstance(exc, e.DataCorrupted | e.IndexCorrupted):
            return StoreCorruptError(str(exc))
        if isinstance(exc, self._psycopg.OperationalError) and not self.is_conflict(exc):
            state = getattr(exc, "sqlstate", None) or ""
            if state == "" or state.startswith(("08", "57P")):  # connection lost, shutdown
                return StoreUnavailableError(str(exc))
        return None

    @contextlib.contextmanager
    def startup_lock(self) -> Iterator[None]:
        with self._pool.connection() as conn:
            conn.execute("SELECT pg_advisory_lock(%s)", [PG_STARTUP_LOCK_KEY])
            try:
                yield
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s)", [PG_STARTUP_LOCK_KEY])

    @contextlib.contextmanager
    def write_guard(self) -> Iterator[None]:
        yield  # PostgreSQL's row locks order concurrent writers (several processes)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._pool.close(timeout=5)


Backend = DuckDBBackend | PostgresBackend


def open_backend(target: str, *, read_only: bool = False) -> Backend:
    if is_postgres_url(target):
        return PostgresBackend(target)
    return DuckDBBackend(target, read_only=read_only)
