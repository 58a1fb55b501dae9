"""The store: baselines (shipped and imported) and saved scenarios with versions.

* Two engines (:mod:`storage.backends`): a DuckDB file (the embedded default) or
  PostgreSQL when ``SIMULATOR_DB=postgresql://…`` (several app processes, one store).
  Both run the same SQL, the same migrations, the same transactions and retries.
* Every operation takes its own cursor (DuckDB: ``cursor()`` of one connection;
  PostgreSQL: a pooled connection); a cursor is never shared between threads.
* Every write runs in an explicit transaction (``BEGIN`` … ``COMMIT``, rollback on error)
  and is retried a few times on write-write conflicts only; a full disk, a damaged file or
  a lost server is raised at once as its own :class:`StoreError`.
* SQL is always parameterised (``?``); nothing is ever formatted into a statement.
* The schema comes from numbered files in ``storage/migrations/`` (``001_init.sql``, …),
  applied in order, each in its own transaction, recorded in ``schema_migrations``.
* On open the store verifies itself (schema version, every table readable), then each
  shipped baseline (``model.loader.SHIPPED``) is stored as a new version when its
  :attr:`Baseline.hash` differs from the stored one; older versions are kept so a scenario
  saved on older data can tell that its data changed. Nothing is ever written to ``data/``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import random
import re
import secrets
import string
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
)

from model.baseline import Baseline
from model.scenario import Scenario
from storage import audit
from storage.audit import LOCAL_ACTOR, LOCAL_WORKSPACE, AuditEntry
from storage.backends import Backend, Cursor, is_postgres_url, open_backend, redact
from storage.errors import (
    ImportRejectedError,
    NotFoundError,
    SchemaError,
    StoreClosedError,
    StoreConflictError,
    StoreCorruptError,
    StoreDiskFullError,
    StoreError,
    StoreLockedError,
    StoreReadOnlyError,
    StoreUnavailableError,
    StoreValidationError,
)

if TYPE_CHECKING:
    from storage.importer import ImportReport

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_PATH = REPO_ROOT / ".data" / "simulator.duckdb"
DATA_DIR = REPO_ROOT / "data"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
ENV_VAR = "SIMULATOR_DB"
MEMORY = ":memory:"
DEMO_NAME = "demo"

#: Attempts for a write that hits a write-write conflict, and the first back-off (seconds).
WRITE_ATTEMPTS = 8
BACKOFF_SECONDS = 0.005

NAME_MAX = 120
DESCRIPTION_MAX = 2000
MUNICIPALITY_MAX = 120
VERSION_ID_LENGTH = 10
SCENARIO_ID_LENGTH = 12
_ID_ALPHABET = string.ascii_letters + string.digits
_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

Source = Literal["demo", "import"]
T = TypeVar("T")

log = logging.getLogger("storage")

# --------------------------------------------------------------------------- records


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class BaselineInfo(_Record):
    """One stored version of a baseline (without its data)."""

    name: str
    version: int
    municipality: str
    year: int
    hash: str
    created_at: datetime
    source: Source
    workspace: str = LOCAL_WORKSPACE


class SavedScenario(_Record):
    """One version of a saved scenario, with the scenario's current name and state.

    ``scenario`` is ``None`` (and ``error`` says why) when the stored JSON no longer
    validates, e.g. because it was saved by an older, incompatible version of the app.
    ``scenario_json`` always holds the JSON exactly as stored.
    """

    id: str
    version_id: str
    version: int
    latest_version: int
    name: str
    municipality: str
    description: str
    created_at: datetime = Field(description="when the scenario was first saved")
    updated_at: datetime = Field(description="last save, rename, delete or restore")
    saved_at: datetime = Field(description="when this version was saved")
    deleted_at: datetime | None
    scenario: Scenario | None
    scenario_json: str
    scenario_hash: str
    model_version: str
    baseline_name: str
    baseline_hash: str
    summary: dict[str, float]
    error: str | None = None
    workspace: str = LOCAL_WORKSPACE

    @property
    def is_latest(self) -> bool:
        return self.version == self.latest_version

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None


_Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=NAME_MAX)]


class _ScenarioMeta(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: _Name
    municipality: Annotated[
        str, StringConstraints(strip_whitespace=True, max_length=MUNICIPALITY_MAX)
    ] = ""
    description: Annotated[
        str, StringConstraints(strip_whitespace=True, max_length=DESCRIPTION_MAX)
    ] = ""
    baseline_name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    baseline_hash: Annotated[str, StringConstraints(max_length=200)]
    model_version: Annotated[str, StringConstraints(max_length=200)]
    summary: dict[str, float] = Field(default_factory=dict)


_FIELD_NB = {
    "name": "Navnet",
    "municipality": "Kommunenavnet",
    "description": "Beskrivelsen",
    "baseline_name": "Navnet på grunnlagsdataene",
    "baseline_hash": "Kontrollsummen for grunnlagsdataene",
    "model_version": "Modellversjonen",
    "summary": "Sammendraget",
}
_FIELD_EN = {
    "name": "The name",
    "municipality": "The municipality",
    "description": "The description",
    "baseline_name": "The baseline name",
    "baseline_hash": "The baseline hash",
    "model_version": "The model version",
    "summary": "The summary",
}
_LIMITS = {
    "name": NAME_MAX,
    "municipality": MUNICIPALITY_MAX,
    "description": DESCRIPTION_MAX,
    "baseline_name": 200,
    "baseline_hash": 200,
    "model_version": 200,
}


def _validation_error(exc: ValidationError) -> StoreValidationError:
    nb: list[str] = []
    en: list[str] = []
    for err in exc.errors():
        field = str(err["loc"][0]) if err["loc"] else ""
        f_nb = _FIELD_NB.get(field, field)
        f_en = _FIELD_EN.get(field, field)
        kind = err["type"]
        if kind == "string_too_short":
            nb.append(f"{f_nb} kan ikke være tomt.")
            en.append(f"{f_en} must not be empty.")
        elif kind == "string_too_long":
            limit = _LIMITS.get(field, 0)
            nb.append(f"{f_nb} kan være høyst {limit} tegn.")
            en.append(f"{f_en} may be at most {limit} characters.")
        else:
            nb.append(f"{f_nb} er ugyldig: {err['msg']}.")
            en.append(f"{f_en} is invalid: {err['msg']}.")
    return StoreValidationError(" ".join(nb), " ".join(en))


def _meta(**kwargs: Any) -> _ScenarioMeta:
    try:
        return _ScenarioMeta(**kwargs)
    except ValidationError as exc:
        raise _validation_error(exc) from exc


def _new_id(length: int) -> str:
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(length))


def _now() -> datetime:
    """UTC now, naive (stored in TIMESTAMP columns)."""
    return datetime.now(UTC).replace(tzinfo=None)


def _utc(value: datetime) -> datetime:
    """A naive UTC timestamp from the database, made timezone-aware."""
    return value.replace(tzinfo=UTC)


def _utc_or_none(value: datetime | None) -> datetime | None:
    return None if value is None else _utc(value)


def _check_id(value: str, what_nb: str, what_en: str) -> str:
    if not isinstance(value, str) or not _ID_RE.match(value):
        raise NotFoundError(f"Fant ikke {what_nb} «{value}».", f"{what_en} '{value}' not found.")
    return value


# --------------------------------------------------------------------------- paths


def default_path() -> Path | str:
    """``$SIMULATOR_DB`` if set (a file path, or a ``postgresql://`` URL returned as is),
    else ``<repo>/.data/simulator.duckdb``."""
    env = os.environ.get(ENV_VAR, "").strip()
    if is_postgres_url(env):
        return env
    return Path(env).expanduser() if env else DEFAULT_DB_PATH


def _resolve(path: str | Path | None) -> str:
    if path is None:
        path = default_path()
    if str(path) == MEMORY:
        return MEMORY
    if isinstance(path, str) and is_postgres_url(path.strip()):
        return path.strip()
    p = Path(path).expanduser().resolve()
    if p == DATA_DIR or DATA_DIR in p.parents:
        raise StoreError(
            "Databasefilen kan ikke ligge i mappen med leverte data (data/). "
            f"Velg en annen sti med {ENV_VAR}.",
            "The database file must not be inside the shipped data folder (data/). "
            f"Choose another path with {ENV_VAR}.",
        )
    p.parent.mkdir(parents=True, exist_ok=True)
    return str(p)


# --------------------------------------------------------------------------- migrations


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()[:16]


DIALECTS = ("duckdb", "postgres")


def migrations(directory: Path = MIGRATIONS_DIR, dialect: str = "duckdb") -> list[Migration]:
    """The numbered migrations in ``directory`` for ``dialect``, in order.

    ``NNN_name.sql`` is for both engines; where one SQL text will not do, the pair
    ``NNN_name.duckdb.sql`` + ``NNN_name.postgres.sql`` replaces it.
    """
    by_number: dict[int, Migration] = {}
    for f in sorted(directory.glob("*.sql")):
        m = re.match(r"^(\d+)_([A-Za-z0-9_]+?)(?:\.(duckdb|postgres))?\.sql$", f.name)
        if not m:
            raise SchemaError(
                f"Ugyldig navn på migreringsfil: {f.name}",
                f"Invalid migration file name: {f.name}",
            )
        if m.group(3) not in (None, dialect):
            continue
        number = int(m.group(1))
        if number in by_number and m.group(3) is None:
            continue  # the dialect's own file wins over a shared one
        by_number[number] = Migration(number, m.group(2), f.read_text(encoding="utf-8"))
    found = [by_number[k] for k in sorted(by_number)]
    numbers = [m.version for m in found]
    # Gaps are allowed (helpers reserve number ranges, e.g. 010_workspaces); duplicates not.
    if len(set(numbers)) != len(numbers) or (numbers and numbers[0] != 1):
        raise SchemaError(
            "Migreringene må ha ulike numre og begynne med 001.",
            f"Migrations must have distinct numbers starting at 001 (found {numbers}).",
        )
    return found


_CREATE_MIGRATIONS_TABLE = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER   PRIMARY KEY,
    name       VARCHAR   NOT NULL,
    checksum   VARCHAR   NOT NULL,
    applied_at TIMESTAMP NOT NULL
)
"""


def migrate(con: Cursor, directory: Path = MIGRATIONS_DIR, dialect: str | None = None) -> list[int]:
    """Apply the migrations not yet recorded; return the versions applied now.

    ``con`` is a DuckDB connection/cursor or a :class:`storage.backends.PgCursor`.
    """
    dialect = dialect or getattr(con, "dialect", "duckdb")
    con.execute(_CREATE_MIGRATIONS_TABLE)
    rows = con.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()
    done = {int(r[0]) for r in rows}
    known = migrations(directory, dialect)
    newest_known = known[-1].version if known else 0
    if done and max(done) > newest_known:
        raise SchemaError(
            "Databasen er laget av en nyere versjon av appen. Oppdater appen, eller bruk en "
            f"annen databasefil med {ENV_VAR}.",
            "The database was created by a newer version of the app. Update the app, or use "
            f"another database file with {ENV_VAR}.",
        )
    applied: list[int] = []
    for m in known:
        if m.version in done:
            continue
        con.begin()
        try:
            con.execute(m.sql)
            con.execute(
                "INSERT INTO schema_migrations (version, name, checksum, applied_at) "
                "VALUES (?, ?, ?, ?)",
                [m.version, m.name, m.checksum, _now()],
            )
            con.commit()
        except Exception as exc:
            with suppress(Exception):
                con.rollback()
            log.error("migration %03d_%s failed: %s", m.version, m.name, exc)
            raise SchemaError(
                f"Migrering {m.version:03d}_{m.name} feilet. Ingenting er endret; se loggen.",
                f"Migration {m.version:03d}_{m.name} failed. Nothing was changed; see the log.",
            ) from exc
        applied.append(m.version)
    return applied


# --------------------------------------------------------------------------- the store

_SQL_LIST_ACTIVE = (
    "SELECT * FROM scenario_rows WHERE version = last_version AND deleted_at IS NULL "
    "ORDER BY updated_at DESC, id"
)
_SQL_LIST_ALL = (
    "SELECT * FROM scenario_rows WHERE version = last_version ORDER BY updated_at DESC, id"
)
_SQL_LIST_ACTIVE_WS = (
    "SELECT * FROM scenario_rows WHERE version = last_version AND deleted_at IS NULL "
    "AND workspace = ? ORDER BY updated_at DESC, id"
)
_SQL_LIST_ALL_WS = (
    "SELECT * FROM scenario_rows WHERE version = last_version AND workspace = ? "
    "ORDER BY updated_at DESC, id"
)
_SQL_LOAD_LATEST = "SELECT * FROM scenario_rows WHERE version = last_version AND id = ?"
_SQL_LOAD_VERSION = "SELECT * FROM scenario_rows WHERE version_id = ?"
_SQL_VERSIONS = "SELECT * FROM scenario_rows WHERE id = ? ORDER BY version DESC"

_SQL_LIST_BASELINES_LATEST = (
    "SELECT name, version, municipality, year, hash, created_at, source, workspace "
    "FROM baselines "
    "WHERE (name, version) IN (SELECT name, max(version) FROM baselines GROUP BY name) "
    "ORDER BY name"
)
_SQL_LIST_BASELINES_ALL = (
    "SELECT name, version, municipality, year, hash, created_at, source, workspace "
    "FROM baselines "
    "ORDER BY name, version DESC"
)
_SQL_LIST_BASELINES_LATEST_WS = (
    "SELECT name, version, municipality, year, hash, created_at, source, workspace "
    "FROM baselines "
    "WHERE (name, version) IN (SELECT name, max(version) FROM baselines GROUP BY name) "
    "AND (source = 'demo' OR workspace = ?) ORDER BY name"
)
_SQL_LIST_BASELINES_ALL_WS = (
    "SELECT name, version, municipality, year, hash, created_at, source, workspace "
    "FROM baselines WHERE (source = 'demo' OR workspace = ?) ORDER BY name, version DESC"
)
_SQL_LATEST_BASELINE = (
    "SELECT name, version, municipality, year, hash, created_at, source, workspace "
    "FROM baselines "
    "WHERE name = ? ORDER BY version DESC LIMIT 1"
)


def _parse_scenario(raw: str) -> tuple[Scenario | None, str | None]:
    try:
        return Scenario.model_validate_json(raw), None
    except ValidationError as exc:
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": str(exc)}
        where = ".".join(str(x) for x in first["loc"])
        return None, (
            "Scenarioet ble lagret av en eldre versjon og kan ikke åpnes som det er "
            f"({where}: {first['msg']}). / The scenario was saved by an older version and "
            f"cannot be opened as it is ({where}: {first['msg']})."
        )
    except ValueError as exc:  # not JSON at all
        return None, (
            f"Lagret scenario er ikke gyldig JSON ({exc}). / "
            f"The stored scenario is not valid JSON ({exc})."
        )


def _parse_summary(raw: str | None) -> dict[str, float]:
    try:
        data = json.loads(raw or "{}")
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    out: dict[str, float] = {}
    for k, v in data.items():
        if isinstance(v, int | float) and not isinstance(v, bool):
            out[str(k)] = float(v)
    return out


def _saved(row: tuple[Any, ...]) -> SavedScenario:
    (
        sid,
        version_id,
        version,
        last_version,
        name,
        municipality,
        description,
        created_at,
        updated_at,
        saved_at,
        deleted_at,
        scenario_json,
        scenario_hash,
        model_version,
        baseline_name,
        baseline_hash,
        summary_json,
    ) = row[:17]
    workspace = row[17] if len(row) > 17 else LOCAL_WORKSPACE
    scenario, error = _parse_scenario(scenario_json)
    return SavedScenario(
        id=sid,
        version_id=version_id,
        version=int(version),
        latest_version=int(last_version),
        name=name,
        municipality=municipality,
        description=description,
        created_at=_utc(created_at),
        updated_at=_utc(updated_at),
        saved_at=_utc(saved_at),
        deleted_at=_utc_or_none(deleted_at),
        scenario=scenario,
        scenario_json=scenario_json,
        scenario_hash=scenario_hash,
        model_version=model_version,
        baseline_name=baseline_name,
        baseline_hash=baseline_hash,
        summary=_parse_summary(summary_json),
        error=error,
        workspace=workspace,
    )


def _baseline_info(row: tuple[Any, ...]) -> BaselineInfo:
    name, version, municipality, year, hash_, created_at, source = row[:7]
    return BaselineInfo(
        workspace=row[7] if len(row) > 7 else LOCAL_WORKSPACE,
        name=name,
        version=int(version),
        municipality=municipality,
        year=int(year),
        hash=hash_,
        created_at=_utc(created_at),
        source=source,
    )


#: Tables the store reads; :meth:`Store.verify` reads every row of each at start-up.
_VERIFY_SQL = (
    "SELECT count(*), coalesce(sum(length(name) + length(hash) + length(data_json)), 0) "
    "FROM baselines",
    "SELECT count(*), coalesce(sum(length(id) + length(name) + length(description)), 0) "
    "FROM scenarios",
    "SELECT count(*), coalesce(sum(length(version_id) + length(scenario_json) "
    "+ length(summary_json)), 0) FROM scenario_versions",
    "SELECT count(*) FROM scenario_rows",
    # 010_workspaces: the workspace columns and the audit log
    "SELECT count(*), coalesce(sum(length(workspace)), 0) FROM scenarios",
    "SELECT count(*), coalesce(sum(length(workspace)), 0) FROM baselines",
    "SELECT count(*), coalesce(sum(length(id) + length(actor) + length(object_id) "
    "+ length(object_name) + length(version) + length(workspace) + length(detail)), 0) "
    "FROM audit_log",
)


def shipped_baselines() -> dict[str, Path]:
    """The baselines shipped with the app: ``model.loader.SHIPPED`` (name → folder)."""
    from model import loader

    shipped = getattr(loader, "SHIPPED", None) or getattr(loader, "BUILTIN", None)
    if not shipped:
        return {DEMO_NAME: DATA_DIR / DEMO_NAME}
    # model helper (issue 8): the default (first) shipped baseline keeps its store name
    # "demo" (model.loader.ALIASES), so links, sessions and saved scenarios still find it
    out: dict[str, Path] = {}
    for i, (k, v) in enumerate(dict(shipped).items()):
        out[DEMO_NAME if i == 0 else str(k)] = Path(v)
    return out


class Store:
    """The store on DuckDB or PostgreSQL. Use :func:`open_store` rather than the constructor.

    ``read_only`` stores refuse every write with :class:`StoreReadOnlyError`; ``fault`` is
    the error that made :func:`open_store` fall back to a read-only demo store (else None).
    """

    def __init__(
        self, path: str | Path | None = None, *, seed_demo: bool = True, read_only: bool = False
    ) -> None:
        target = _resolve(path)
        self.read_only = read_only
        self.fault: StoreError | None = None
        self._closed = False
        self._backend: Backend = open_backend(target, read_only=read_only)
        self.dialect: str = self._backend.dialect
        self.path = target if self.dialect == "duckdb" else redact(target)
        self._key = target
        try:
            if not read_only:
                with self._backend.startup_lock(), self._cursor() as cur:
                    try:
                        migrate(cur, dialect=self.dialect)
                    except StoreError:
                        raise
                    except Exception as exc:
                        raise self._fault_or(exc) from exc
                    self.verify()
                    if seed_demo:
                        self.seed_shipped()
            else:
                self.verify()
        except BaseException:
            self._closed = True
            self._backend.close()
            raise

    # ------------------------------------------------------------------ plumbing
    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._backend.close()
        _forget(self)

    @contextmanager
    def _cursor(self) -> Iterator[Any]:
        if self._closed:
            raise StoreClosedError()
        with self._backend.cursor() as cur:
            yield cur

    def _fault_or(self, exc: BaseException) -> BaseException:
        """The store's own error for a database fault (logged), else ``exc`` itself."""
        err = self._backend.fault(exc)
        if err is None:
            return exc
        log.error("store %s: %s: %s", self.path, type(err).__name__, exc)
        return err

    def _write(self, work: Callable[[Any], T]) -> T:
        """Run ``work`` in a transaction; retry on write-write conflicts only."""
        if self.read_only:
            raise StoreReadOnlyError()
        last: BaseException | None = None
        for attempt in range(WRITE_ATTEMPTS):
            with self._backend.write_guard(), self._cursor() as cur:
                try:
                    cur.begin()
                    result = work(cur)
                    cur.commit()
                    return result
                except StoreError:
                    with suppress(Exception):
                        cur.rollback()
                    raise
                except Exception as exc:
                    with suppress(Exception):
                        cur.rollback()
                    if not self._backend.is_conflict(exc):
                        raise self._fault_or(exc) from exc
                    last = exc
                except BaseException:
                    with suppress(Exception):
                        cur.rollback()
                    raise
            delay = BACKOFF_SECONDS * (2**attempt)
            time.sleep(delay * (0.5 + random.random()))  # noqa: S311 - jitter, not security
        log.warning("store %s: write conflicted %d times: %s", self.path, WRITE_ATTEMPTS, last)
        raise StoreConflictError(str(last))

    def _read(self, work: Callable[[Any], T]) -> T:
        with self._cursor() as cur:
            try:
                return work(cur)
            except StoreError:
                raise
            except Exception as exc:
                err = self._backend.fault(exc)
                if err is None:
                    raise
                log.error("store %s: %s: %s", self.path, type(err).__name__, exc)
                raise err from exc

    def verify(self) -> None:
        """Check the schema version and read every row of every table (raises on a fault).

        Run at start-up; cheap for the store's sizes (a few MB). A damaged DuckDB file
        fails here (block checksums) rather than on some later page.
        """
        newest = migrations(dialect=self.dialect)[-1].version

        def work(cur: Any) -> int:
            row = cur.execute("SELECT max(version) FROM schema_migrations").fetchone()
            for sql in _VERIFY_SQL:
                cur.execute(sql).fetchall()
            return int(row[0]) if row and row[0] is not None else 0

        try:
            version = self._read(work)
        except StoreError:
            raise
        except Exception as exc:
            log.error("store %s failed verification: %s", self.path, exc)
            raise StoreCorruptError(str(exc)) from exc
        if version != newest:
            raise SchemaError(
                f"Databasen har skjemaversjon {version}, appen venter {newest}. Oppdater appen, "
                "eller start den skrivbar én gang så migreringene kjøres.",
                f"The database has schema version {version}, the app expects {newest}. Update "
                "the app, or start it writable once so the migrations run.",
            )

    # ------------------------------------------------------------------ baselines
    def seed_shipped(self) -> list[BaselineInfo]:
        """Store each shipped baseline that is new or changed; return those stored now."""
        from model import loader

        stored: list[BaselineInfo] = []
        for name in shipped_baselines():
            try:
                baseline = loader.load_baseline(name)
            except FileNotFoundError:
                try:  # a name the loader does not resolve: read its folder
                    baseline = loader.load_baseline(shipped_baselines()[name])
                except (OSError, ValueError) as exc:
                    raise self._shipped_error(name, exc) from exc
            except (OSError, ValueError) as exc:  # pydantic.ValidationError is a ValueError
                raise self._shipped_error(name, exc) from exc
            current = self._latest_baseline_info(name)
            if current is not None and current.hash == baseline.hash:
                continue
            stored.append(self._insert_baseline(baseline, "demo", name=name))
        return stored

    @staticmethod
    def _shipped_error(name: str, exc: BaseException) -> StoreError:
        log.error("shipped baseline %r could not be read: %s", name, exc)
        return StoreError(
            f"Demodataene «{name}» som følger med appen, kunne ikke leses. "
            "Installer appen på nytt; se loggen for detaljer.",
            f"The shipped demo data '{name}' could not be read. Reinstall the app; "
            "see the log for details.",
        )

    def seed_demo(self) -> BaselineInfo | None:
        """Store the shipped baselines if new or changed; return the demo's row if stored."""
        stored = self.seed_shipped()
        return next((b for b in stored if b.name == DEMO_NAME), stored[0] if stored else None)

    def _latest_baseline_info(self, name: str) -> BaselineInfo | None:
        def work(cur: Any) -> BaselineInfo | None:
            row = cur.execute(_SQL_LATEST_BASELINE, [name]).fetchone()
            return None if row is None else _baseline_info(row)

        return self._read(work)

    def list_baselines(
        self, *, all_versions: bool = False, workspace: str | None = None
    ) -> list[BaselineInfo]:
        """The current version of each baseline name (or every version, newest first).

        With ``workspace``: only that workspace's baselines and the shipped demo ones.
        """
        if workspace is None:
            sql = _SQL_LIST_BASELINES_ALL if all_versions else _SQL_LIST_BASELINES_LATEST
            params: list[Any] = []
        else:
            sql = _SQL_LIST_BASELINES_ALL_WS if all_versions else _SQL_LIST_BASELINES_LATEST_WS
            params = [workspace]
        return self._read(
            lambda cur: [_baseline_info(r) for r in cur.execute(sql, params).fetchall()]
        )

    def baseline_info(self, name: str) -> BaselineInfo | None:
        """The current version of ``name`` (with its workspace), or None."""
        return self._latest_baseline_info(name)

    def load_baseline(self, name: str = DEMO_NAME, *, hash: str | None = None) -> Baseline:
        """The current version of ``name``; with ``hash``, the newest version with that hash."""
        # model helper (issue 8): the default shipped baseline is stored as "demo"; its
        # display name (model.loader.DEFAULT_BASELINE) finds the same rows
        from model import loader

        if name == getattr(loader, "DEFAULT_BASELINE", None):
            name = DEMO_NAME
        if hash is None:
            sql = "SELECT data_json FROM baselines WHERE name = ? ORDER BY version DESC LIMIT 1"
            params: list[Any] = [name]
        else:
            sql = (
                "SELECT data_json FROM baselines WHERE name = ? AND hash = ? "
                "ORDER BY version DESC LIMIT 1"
            )
            params = [name, hash]
        row = self._read(lambda cur: cur.execute(sql, params).fetchone())
        if row is None:
            raise NotFoundError(
                f"Fant ikke grunnlagsdataene «{name}»" + (f" ({hash})." if hash else "."),
                f"Baseline '{name}' not found" + (f" ({hash})." if hash else "."),
            )
        try:
            return Baseline.model_validate_json(row[0])
        except ValidationError as exc:
            raise StoreError(
                f"Grunnlagsdataene «{name}» kan ikke leses av denne versjonen av appen: {exc}",
                f"Baseline '{name}' cannot be read by this version of the app: {exc}",
            ) from exc

    def baseline_hashes(self, name: str) -> list[str]:
        """Every hash stored for ``name``, newest first (to tell whether data changed)."""
        rows = self._read(
            lambda cur: cur.execute(
                "SELECT hash FROM baselines WHERE name = ? ORDER BY version DESC", [name]
            ).fetchall()
        )
        return [r[0] for r in rows]

    def baseline_versions(self, name: str) -> list[BaselineInfo]:
        """Every stored version of ``name``, newest first (empty if the name is unknown)."""
        rows = self._read(
            lambda cur: cur.execute(
                "SELECT name, version, municipality, year, hash, created_at, source "
                "FROM baselines WHERE name = ? ORDER BY version DESC",
                [name],
            ).fetchall()
        )
        return [_baseline_info(r) for r in rows]

    def newer_baseline(self, name: str, hash: str) -> BaselineInfo | None:
        """The current version of ``name`` if it is newer than the version with ``hash``.

        ``None`` when ``hash`` is the current version (or the name is unknown). A session
        that loaded ``name`` at ``hash`` calls this to learn that someone imported a newer
        version (the session keeps its own version until it switches).
        """
        versions = self.baseline_versions(name)
        if not versions or versions[0].hash == hash:
            return None
        return versions[0]

    def save_baseline(
        self,
        baseline: Baseline,
        source: Source = "import",
        *,
        workspace: str = LOCAL_WORKSPACE,
        actor: str = LOCAL_ACTOR,
    ) -> BaselineInfo:
        """Store ``baseline`` as a new version of its name (no-op if unchanged).

        The name belongs to the workspace that first stored it: another workspace gets
        :class:`StoreValidationError` (without being told whose it is). An import is
        recorded in the audit log.
        """
        if source not in ("demo", "import"):
            raise StoreValidationError(f"Ukjent kilde «{source}».", f"Unknown source '{source}'.")
        if source == "import" and (
            baseline.name == DEMO_NAME or baseline.name in shipped_baselines()
        ):
            raise StoreValidationError(
                f"Navnet «{baseline.name}» er reservert for demodataene som følger med appen. "
                "Velg et annet navn.",
                f"The name '{baseline.name}' is reserved for the demo data shipped with the "
                "app. Choose another name.",
            )
        return self._insert_baseline(
            baseline, source, name=baseline.name, workspace=workspace, actor=actor
        )

    def import_baseline(
        self, report: ImportReport, *, workspace: str = LOCAL_WORKSPACE, actor: str = LOCAL_ACTOR
    ) -> BaselineInfo:
        """Write an :class:`storage.importer.ImportReport`'s baseline: all or nothing."""
        baseline = report.baseline
        if not report.ok or baseline is None:
            n = len(report.problems)
            raise ImportRejectedError(
                f"Importen har {n} feil og ble ikke lagret. Ingenting er endret.",
                f"The import has {n} problem(s) and was not saved. Nothing was changed.",
            )
        return self.save_baseline(baseline, source="import", workspace=workspace, actor=actor)

    def _insert_baseline(
        self,
        baseline: Baseline,
        source: Source,
        *,
        name: str,
        workspace: str = LOCAL_WORKSPACE,
        actor: str = LOCAL_ACTOR,
    ) -> BaselineInfo:
        data = baseline.model_dump_json()
        digest = baseline.hash

        def work(cur: Any) -> BaselineInfo:
            row = cur.execute(_SQL_LATEST_BASELINE, [name]).fetchone()
            if row is not None:
                latest = _baseline_info(row)
                if source == "import" and latest.workspace != workspace:
                    raise StoreValidationError(
                        f"Navnet «{name}» er allerede i bruk. Velg et annet navn.",
                        f"The name '{name}' is already in use. Choose another name.",
                    )
                if latest.hash == digest:
                    return latest
                version = latest.version + 1
            else:
                version = 1
            created = _now()
            cur.execute(
                "INSERT INTO baselines (name, version, hash, municipality, year, source, "
                "data_json, created_at, workspace) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    name,
                    version,
                    digest,
                    baseline.municipality,
                    baseline.year,
                    source,
                    data,
                    created,
                    workspace,
                ],
            )
            if source == "import":
                audit.record(
                    cur,
                    actor=actor,
                    action="import",
                    object_kind="baseline",
                    object_id=name,
                    object_name=name,
                    version=str(version),
                    workspace=workspace,
                    detail=digest,
                    at=created,
                )
            return BaselineInfo(
                workspace=workspace,
                name=name,
                version=version,
                municipality=baseline.municipality,
                year=baseline.year,
                hash=digest,
                created_at=created.replace(tzinfo=UTC),
                source=source,
            )

        return self._write(work)

    # ------------------------------------------------------------------ scenarios
    def save_scenario(
        self,
        *,
        name: str,
        scenario: Scenario,
        municipality: str = "",
        description: str = "",
        baseline_name: str,
        baseline_hash: str,
        model_version: str,
        summary: dict[str, float] | None = None,
        scenario_id: str | None = None,
        workspace: str = LOCAL_WORKSPACE,
        actor: str = LOCAL_ACTOR,
    ) -> SavedScenario:
        """Save a new scenario (in ``workspace``), or a new version of ``scenario_id``
        (which must belong to ``workspace``). Recorded in the audit log."""
        if not isinstance(scenario, Scenario):
            raise StoreValidationError(
                "Scenarioet har feil type.", "The scenario has the wrong type."
            )
        meta = _meta(
            name=name,
            municipality=municipality,
            description=description,
            baseline_name=baseline_name,
            baseline_hash=baseline_hash,
            model_version=model_version,
            summary=summary or {},
        )
        scenario_json = scenario.canonical_json()
        summary_json = json.dumps(meta.summary, sort_keys=True)
        if scenario_id is not None:
            _check_id(scenario_id, "scenarioet", "Scenario")

        def work(cur: Any) -> str:
            now = _now()
            if scenario_id is None:
                sid = _new_id(SCENARIO_ID_LENGTH)
                version = 1
                cur.execute(
                    "INSERT INTO scenarios (id, name, municipality, description, created_at, "
                    "updated_at, deleted_at, last_version, workspace) "
                    "VALUES (?, ?, ?, ?, ?, ?, NULL, 1, ?)",
                    [sid, meta.name, meta.municipality, meta.description, now, now, workspace],
                )
            else:
                sid = scenario_id
                # The UPDATE comes first: concurrent saves of one scenario conflict here
                # (and are retried) before either picks a version number.
                row = cur.execute(
                    "UPDATE scenarios SET last_version = last_version + 1, name = ?, "
                    "municipality = ?, description = ?, updated_at = ? WHERE id = ? "
                    "AND workspace = ? RETURNING last_version",
                    [meta.name, meta.municipality, meta.description, now, sid, workspace],
                ).fetchone()
                if row is None:
                    raise NotFoundError(
                        f"Fant ikke scenarioet «{sid}».", f"Scenario '{sid}' not found."
                    )
                version = int(row[0])
            version_id = _new_id(VERSION_ID_LENGTH)
            cur.execute(
                "INSERT INTO scenario_versions (version_id, scenario_id, version, "
                "scenario_json, scenario_hash, model_version, baseline_name, baseline_hash, "
                "summary_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    version_id,
                    sid,
                    version,
                    scenario_json,
                    scenario.hash,
                    meta.model_version,
                    meta.baseline_name,
                    meta.baseline_hash,
                    summary_json,
                    now,
                ],
            )
            audit.record(
                cur,
                actor=actor,
                action="save",
                object_kind="scenario",
                object_id=sid,
                object_name=meta.name,
                version=version_id,
                workspace=workspace,
                detail=f"v{version}",
                at=now,
            )
            return version_id

        version_id = self._write(work)
        return self.load_version(version_id)

    def list_scenarios(
        self, include_deleted: bool = False, *, workspace: str | None = None
    ) -> list[SavedScenario]:
        """The latest version of each scenario (of ``workspace``, if given), most recently
        changed first."""
        if workspace is None:
            sql = _SQL_LIST_ALL if include_deleted else _SQL_LIST_ACTIVE
            params: list[Any] = []
        else:
            sql = _SQL_LIST_ALL_WS if include_deleted else _SQL_LIST_ACTIVE_WS
            params = [workspace]
        return self._read(lambda cur: [_saved(r) for r in cur.execute(sql, params).fetchall()])

    def load_scenario(self, scenario_id: str) -> SavedScenario:
        """The latest version of a scenario (also when it is deleted; see ``deleted_at``)."""
        _check_id(scenario_id, "scenarioet", "Scenario")
        row = self._read(lambda cur: cur.execute(_SQL_LOAD_LATEST, [scenario_id]).fetchone())
        if row is None:
            raise NotFoundError(
                f"Fant ikke scenarioet «{scenario_id}».", f"Scenario '{scenario_id}' not found."
            )
        return _saved(row)

    def load_version(self, version_id: str) -> SavedScenario:
        """Exactly this version (the id in short links)."""
        _check_id(version_id, "scenarioversjonen", "Scenario version")
        row = self._read(lambda cur: cur.execute(_SQL_LOAD_VERSION, [version_id]).fetchone())
        if row is None:
            raise NotFoundError(
                f"Fant ikke scenarioversjonen «{version_id}». Lenken kan være feil, eller "
                "databasen er en annen enn der scenarioet ble lagret.",
                f"Scenario version '{version_id}' not found. The link may be wrong, or this "
                "is not the database the scenario was saved in.",
            )
        return _saved(row)

    def versions(self, scenario_id: str) -> list[SavedScenario]:
        """Every version of a scenario, newest first."""
        _check_id(scenario_id, "scenarioet", "Scenario")
        rows = self._read(lambda cur: cur.execute(_SQL_VERSIONS, [scenario_id]).fetchall())
        if not rows:
            raise NotFoundError(
                f"Fant ikke scenarioet «{scenario_id}».", f"Scenario '{scenario_id}' not found."
            )
        return [_saved(r) for r in rows]

    def _update_scenario(
        self,
        scenario_id: str,
        sql: str,
        params: list[Any],
        *,
        action: audit.Action,
        actor: str,
        detail: str = "",
    ) -> SavedScenario:
        _check_id(scenario_id, "scenarioet", "Scenario")

        def work(cur: Any) -> None:
            before = cur.execute(
                "SELECT name FROM scenarios WHERE id = ?", [scenario_id]
            ).fetchone()
            row = cur.execute(sql, [*params, scenario_id]).fetchone()
            if row is None or before is None:
                raise NotFoundError(
                    f"Fant ikke scenarioet «{scenario_id}».",
                    f"Scenario '{scenario_id}' not found.",
                )
            name, workspace = row
            audit.record(
                cur,
                actor=actor,
                action=action,
                object_kind="scenario",
                object_id=scenario_id,
                object_name=name,
                workspace=workspace,
                detail=before[0] if action == "rename" else detail,
            )

        self._write(work)
        return self.load_scenario(scenario_id)

    def rename_scenario(
        self, scenario_id: str, new_name: str, *, actor: str = LOCAL_ACTOR
    ) -> SavedScenario:
        meta = _meta(name=new_name, baseline_name="-", baseline_hash="", model_version="")
        return self._update_scenario(
            scenario_id,
            "UPDATE scenarios SET name = ?, updated_at = ? WHERE id = ? RETURNING name, workspace",
            [meta.name, _now()],
            action="rename",
            actor=actor,
        )

    def delete_scenario(self, scenario_id: str, *, actor: str = LOCAL_ACTOR) -> SavedScenario:
        """Soft delete: the scenario leaves the list; an admin can restore it."""
        now = _now()
        return self._update_scenario(
            scenario_id,
            "UPDATE scenarios SET deleted_at = coalesce(deleted_at, ?), updated_at = ? "
            "WHERE id = ? RETURNING name, workspace",
            [now, now],
            action="delete",
            actor=actor,
        )

    def restore_scenario(self, scenario_id: str, *, actor: str = LOCAL_ACTOR) -> SavedScenario:
        return self._update_scenario(
            scenario_id,
            "UPDATE scenarios SET deleted_at = NULL, updated_at = ? WHERE id = ? "
            "RETURNING name, workspace",
            [_now()],
            action="restore",
            actor=actor,
        )

    def audit_entries(self, *, workspace: str | None = None, limit: int = 200) -> list[AuditEntry]:
        """The newest audit rows (of ``workspace``, if given), newest first."""
        n = max(1, min(int(limit), audit.LIST_MAX))
        if workspace is None:
            rows = self._read(lambda cur: cur.execute(audit.SQL_LIST_ALL, [n]).fetchall())
        else:
            rows = self._read(
                lambda cur: cur.execute(audit.SQL_LIST_WORKSPACE, [workspace, n]).fetchall()
            )
        return [audit.entry(r) for r in rows]

    def count_scenarios(self, include_deleted: bool = False) -> int:
        sql = (
            "SELECT count(*) FROM scenarios"
            if include_deleted
            else "SELECT count(*) FROM scenarios WHERE deleted_at IS NULL"
        )
        row = self._read(lambda cur: cur.execute(sql).fetchone())
        return int(row[0]) if row else 0

    def schema_version(self) -> int:
        row = self._read(
            lambda cur: cur.execute("SELECT max(version) FROM schema_migrations").fetchone()
        )
        return int(row[0]) if row and row[0] is not None else 0


# --------------------------------------------------------------------------- open_store

_OPEN: dict[str, Store] = {}
_OPEN_LOCK = threading.Lock()


#: Faults after which :func:`open_store` (``fallback=True``) serves the shipped demo read-only.
FALLBACK_FAULTS = (
    StoreCorruptError,
    StoreUnavailableError,
    StoreDiskFullError,
    StoreLockedError,
    SchemaError,
)


def open_store(path: str | Path | None = None, *, fallback: bool = False) -> Store:
    """Open (creating, migrating, verifying and seeding if needed) the store at ``path``.

    ``path`` defaults to ``$SIMULATOR_DB`` (a DuckDB file path or a ``postgresql://`` URL)
    or ``<repo>/.data/simulator.duckdb``; ``":memory:"`` gives a private in-memory store.
    One :class:`Store` is kept per file/URL per process: calling this again with the same
    target returns the same open store.
    Raises :class:`StoreLockedError` at once if another process holds the file,
    :class:`StoreCorruptError` for a damaged/unreadable file, :class:`StoreUnavailableError`
    when the server cannot be reached.

    With ``fallback=True`` those faults do not raise: the result is an in-memory store
    seeded from the shipped data, ``read_only=True``, with ``store.fault`` set to the error
    (show ``store.fault.message(lang)``); every write raises :class:`StoreReadOnlyError`.
    """
    try:
        return _open(path)
    except FALLBACK_FAULTS as exc:
        if not fallback:
            raise
        log.error("store unavailable (%s); serving the shipped demo read-only", type(exc).__name__)
        return demo_store(exc)


def demo_store(fault: StoreError | None = None) -> Store:
    """A private in-memory store with the shipped baselines, read-only."""
    store = Store(MEMORY)
    store.read_only = True
    store.fault = fault
    return store


def _open(path: str | Path | None) -> Store:
    resolved = _resolve(path)
    if resolved == MEMORY:
        return Store(MEMORY)
    with _OPEN_LOCK:
        store = _OPEN.get(resolved)
        if store is not None and not store.closed:
            return store
        store = Store(resolved)
        _OPEN[resolved] = store
        return store


def _forget(store: Store) -> None:
    with _OPEN_LOCK:
        if _OPEN.get(store._key) is store:
            del _OPEN[store._key]
