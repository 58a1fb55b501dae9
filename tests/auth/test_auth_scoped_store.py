"""Workspaces in the store: what each principal sees, may change, and what the audit log holds."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from model import MODEL_VERSION, Baseline, Scenario
from model.loader import load_baseline
from storage import pgcluster
from storage import store as store_module
from storage.errors import StoreValidationError
from storage.store import Store, open_store
from storage.workspaces import (
    LOCAL_PRINCIPAL,
    AccessDeniedError,
    Principal,
    ScenarioDeletedError,
    ScopedStore,
)

ALVER_ED = Principal(
    actor="ola@alver.kommune.no", roles={"alver": "editor"}, names={"alver": "Alver"}
)
ALVER_ADMIN = Principal(
    actor="it@alver.kommune.no", roles={"alver": "admin"}, names={"alver": "Alver"}
)
ALVER_VIEW = Principal(
    actor="les@alver.kommune.no", roles={"alver": "viewer"}, names={"alver": "Alver"}
)
BERGEN_ED = Principal(
    actor="kari@bergen.kommune.no", roles={"bergen": "editor"}, names={"bergen": "Bergen"}
)
BOTH = Principal(
    actor="konsulent@example.no",
    roles={"alver": "viewer", "bergen": "editor"},
    names={"alver": "Alver", "bergen": "Bergen"},
)


@pytest.fixture(scope="module")
def demo() -> Baseline:
    return load_baseline("demo")


@pytest.fixture(scope="module")
def pg_cluster() -> Iterator[pgcluster.Cluster]:
    with pgcluster.running() as cluster:
        yield cluster


_numbers = itertools.count()


@pytest.fixture(params=["duckdb", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """The same tests on a DuckDB file and on a throwaway PostgreSQL database."""
    if request.param == "duckdb":
        s = open_store(tmp_path / "ws.duckdb")
        yield s
        s.close()
        return
    cluster = request.getfixturevalue("pg_cluster")
    name = f"auth{os.getpid()}_{next(_numbers)}"
    s = open_store(cluster.create_database(name))
    yield s
    s.close()
    cluster.drop_database(name)


def scoped(store: Store, p: Principal, ws: str | None = None) -> ScopedStore:
    return ScopedStore(store, p, ws or p.workspaces[0])


def save(s: ScopedStore, name: str, demo: Baseline, **kw: object):  # type: ignore[no-untyped-def]
    return s.save_scenario(
        name=name,
        scenario=Scenario(),
        description="Konfidensielt",
        baseline_name=demo.name,
        baseline_hash=demo.hash,
        model_version=MODEL_VERSION,
        **kw,
    )


def own_baseline(demo: Baseline, name: str) -> Baseline:
    data = demo.model_dump()
    data.update({"name": name, "municipality": name, "year": 2024})
    return Baseline.model_validate(data)


# ------------------------------------------------------------------ isolation
def test_each_workspace_sees_only_its_own_scenarios(store: Store, demo: Baseline) -> None:
    alver, bergen = scoped(store, ALVER_ED), scoped(store, BERGEN_ED)
    a = save(alver, "Alver natt", demo)
    b = save(bergen, "Bergen natt", demo)
    assert a.workspace == "alver" and b.workspace == "bergen"
    assert [s.name for s in alver.list_scenarios()] == ["Alver natt"]
    assert [s.name for s in bergen.list_scenarios()] == ["Bergen natt"]
    assert alver.count_scenarios() == 1

    # a link into the other workspace: "no access", and the error names nothing of it
    with pytest.raises(AccessDeniedError) as info:
        bergen.load_version(a.version_id)
    text = str(info.value)
    assert text.startswith("Ingen tilgang")
    for secret in ("Alver natt", "alver", "Alver", "Konfidensielt", a.id):
        assert secret not in text
    for call in (
        lambda: bergen.load_scenario(a.id),
        lambda: bergen.versions(a.id),
        lambda: bergen.rename_scenario(a.id, "mine"),
        lambda: bergen.delete_scenario(a.id),
        lambda: save(bergen, "kapret", demo, scenario_id=a.id),
    ):
        with pytest.raises(AccessDeniedError):
            call()
    # nothing changed
    assert store.load_scenario(a.id).name == "Alver natt"
    assert store.load_scenario(a.id).latest_version == 1


def test_a_member_of_two_workspaces_is_switched_by_a_link(store: Store, demo: Baseline) -> None:
    b = save(scoped(store, BERGEN_ED), "Bergen natt", demo)
    switched: list[str] = []
    s = ScopedStore(store, BOTH, "alver", on_switch=switched.append)
    assert s.list_scenarios() == []
    assert s.load_version(b.version_id).name == "Bergen natt"
    assert switched == ["bergen"]
    # in Alver the consultant is a viewer
    with pytest.raises(AccessDeniedError, match="leser"):
        save(s, "x", demo)


def test_unknown_workspace_sees_nothing(store: Store, demo: Baseline) -> None:
    save(scoped(store, ALVER_ED), "Alver natt", demo)
    nobody = ScopedStore(store, Principal(actor="x@y.no", roles={}, names={}), "alver")
    assert nobody.workspace == ""
    assert nobody.list_scenarios() == []
    assert {b.source for b in nobody.list_baselines()} == {"demo"}  # only the shipped ones
    with pytest.raises(AccessDeniedError):
        save(nobody, "x", demo)


# ------------------------------------------------------------------ roles
def test_viewer_cannot_change_anything(store: Store, demo: Baseline) -> None:
    a = save(scoped(store, ALVER_ED), "Alver natt", demo)
    viewer = scoped(store, ALVER_VIEW)
    assert [s.name for s in viewer.list_scenarios()] == ["Alver natt"]  # may look
    assert viewer.load_version(a.version_id).name == "Alver natt"
    for call in (
        lambda: save(viewer, "ny", demo),
        lambda: viewer.rename_scenario(a.id, "nytt"),
        lambda: viewer.delete_scenario(a.id),
        lambda: viewer.save_baseline(own_baseline(demo, "lesers")),
        lambda: viewer.audit_entries(),
        lambda: viewer.deleted_scenarios(),
    ):
        with pytest.raises(AccessDeniedError) as info:
            call()
        assert "Rollen din her er leser" in info.value.message("nb")
        assert "Your role here is viewer" in info.value.message("en")
    assert [e.action for e in store.audit_entries()] == ["save"]


def test_delete_restore_and_deleted_links(store: Store, demo: Baseline) -> None:
    editor, admin = scoped(store, ALVER_ED), scoped(store, ALVER_ADMIN)
    a = save(editor, "Alver natt", demo)
    editor.delete_scenario(a.id)
    assert editor.list_scenarios() == []
    # the link no longer opens for a non-admin, and says why
    with pytest.raises(ScenarioDeletedError, match="slettet"):
        editor.load_version(a.version_id)
    # an editor may not restore; an admin sees it and may
    with pytest.raises(AccessDeniedError):
        editor.restore_scenario(a.id)
    assert [d.name for d in admin.deleted_scenarios()] == ["Alver natt"]
    assert admin.load_version(a.version_id).deleted
    admin.restore_scenario(a.id)
    assert [s.name for s in editor.list_scenarios()] == ["Alver natt"]
    assert editor.load_version(a.version_id).name == "Alver natt"
    # an admin of another workspace cannot restore it
    bergen_admin = ScopedStore(
        store, Principal(actor="it@bergen.no", roles={"bergen": "admin"}, names={}), "bergen"
    )
    editor.delete_scenario(a.id)
    with pytest.raises(AccessDeniedError):
        bergen_admin.restore_scenario(a.id)
    assert bergen_admin.deleted_scenarios() == []


# ------------------------------------------------------------------ audit
def test_audit_log_rows(store: Store, demo: Baseline) -> None:
    t0 = datetime.now(UTC) - timedelta(seconds=1)
    editor, admin = scoped(store, ALVER_ED), scoped(store, ALVER_ADMIN)
    a = save(editor, "Første", demo)
    a2 = save(editor, "Første", demo, scenario_id=a.id)
    editor.rename_scenario(a.id, "Andre")
    editor.delete_scenario(a.id)
    admin.restore_scenario(a.id)
    editor.save_baseline(own_baseline(demo, "alver-data"))
    save(scoped(store, BERGEN_ED), "Bergens", demo)

    rows = admin.audit_entries()
    got = [
        (e.actor, e.action, e.object_kind, e.object_id, e.object_name, e.version, e.detail)
        for e in reversed(rows)
    ]
    assert got == [
        ("ola@alver.kommune.no", "save", "scenario", a.id, "Første", a.version_id, "v1"),
        ("ola@alver.kommune.no", "save", "scenario", a.id, "Første", a2.version_id, "v2"),
        ("ola@alver.kommune.no", "rename", "scenario", a.id, "Andre", "", "Første"),
        ("ola@alver.kommune.no", "delete", "scenario", a.id, "Andre", "", ""),
        ("it@alver.kommune.no", "restore", "scenario", a.id, "Andre", "", ""),
        ("ola@alver.kommune.no", "import", "baseline", "alver-data", "alver-data", "1",
         own_baseline(demo, "alver-data").hash),
    ]  # fmt: skip
    assert {e.workspace for e in rows} == {"alver"}  # Bergen's save is not in Alver's log
    for e in rows:
        assert e.at.tzinfo is UTC and t0 <= e.at <= datetime.now(UTC)
    assert [e.workspace for e in store.audit_entries()].count("bergen") == 1
    assert len(admin.audit_entries(limit=2)) == 2


def test_failed_change_leaves_no_audit_row(store: Store, demo: Baseline) -> None:
    editor = scoped(store, ALVER_ED)
    with pytest.raises(StoreValidationError):
        save(editor, "x" * 121, demo)
    with pytest.raises(StoreValidationError):
        save(editor, "d\u0435mo", demo)  # Cyrillic е
    assert store.audit_entries() == []
    assert store.count_scenarios(include_deleted=True) == 0


def test_local_mode_keeps_todays_behaviour(store: Store, demo: Baseline) -> None:
    # the store without keyword arguments: the implicit workspace and actor "local"
    s = store.save_scenario(
        name="lokal",
        scenario=Scenario(),
        baseline_name="demo",
        baseline_hash=demo.hash,
        model_version=MODEL_VERSION,
    )
    assert s.workspace == "local"
    assert [x.name for x in store.list_scenarios()] == ["lokal"]
    local = ScopedStore(store, LOCAL_PRINCIPAL, "local")
    assert [x.name for x in local.list_scenarios()] == ["lokal"]
    local.delete_scenario(s.id)
    local.restore_scenario(s.id)  # the local user is admin
    assert [(e.actor, e.action) for e in reversed(local.audit_entries())] == [
        ("local", "save"),
        ("local", "delete"),
        ("local", "restore"),
    ]


def test_names_are_normalised_on_save_and_rename(store: Store, demo: Baseline) -> None:
    editor = scoped(store, ALVER_ED)
    a = save(editor, "  Natt\u200b  plan ", demo)
    assert a.name == "Natt plan"
    assert editor.rename_scenario(a.id, "Ｎａｔｔ").name == "Natt"
    with pytest.raises(StoreValidationError, match="alfabeter"):
        editor.rename_scenario(a.id, "Nаtt")  # Cyrillic а


# ------------------------------------------------------------------ baselines
def test_baselines_per_workspace(store: Store, demo: Baseline) -> None:
    alver, bergen = scoped(store, ALVER_ED), scoped(store, BERGEN_ED)
    alver.save_baseline(own_baseline(demo, "alver-data"))
    shipped = sorted(b.name for b in store.list_baselines() if b.source == "demo")
    assert "demo" in shipped
    assert sorted(b.name for b in alver.list_baselines()) == sorted(["alver-data", *shipped])
    assert sorted(b.name for b in bergen.list_baselines()) == shipped  # shipped: for all
    assert alver.load_baseline("alver-data").municipality == "alver-data"
    assert bergen.load_baseline("demo").hash == demo.hash
    with pytest.raises(AccessDeniedError):
        bergen.load_baseline("alver-data")
    with pytest.raises(AccessDeniedError):
        bergen.baseline_hashes("alver-data")
    # Bergen cannot take over (or add a version to) Alver's name; the message names no owner
    with pytest.raises(StoreValidationError) as info:
        bergen.save_baseline(own_baseline(demo, "alver-data"))
    assert "allerede i bruk" in info.value.message("nb") and "Alver" not in str(info.value)
    assert [
        b.version for b in store.list_baselines(all_versions=True) if b.name == "alver-data"
    ] == [1]
    # a lookalike name is refused, an invisible character is removed
    with pytest.raises(StoreValidationError):
        alver.save_baseline(own_baseline(demo, "аlver-data"))  # Cyrillic а
    info2 = alver.save_baseline(own_baseline(demo, "alver\u200b-ny"))
    assert info2.name == "alver-ny" and info2.workspace == "alver"


# ------------------------------------------------------------------ migration
def test_migration_puts_existing_rows_in_the_local_workspace(
    tmp_path: Path, demo: Baseline
) -> None:
    only_001 = tmp_path / "migrations"
    only_001.mkdir()
    (only_001 / "001_init.sql").write_text(
        (store_module.MIGRATIONS_DIR / "001_init.sql").read_text(encoding="utf-8")
    )
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    store_module.migrate(con, only_001)
    con.execute(
        "INSERT INTO scenarios (id, name, municipality, description, created_at, updated_at, "
        "deleted_at, last_version) VALUES ('gammel', 'Gammel', '', '', TIMESTAMP '2025-01-01', "
        "TIMESTAMP '2025-01-01', NULL, 1)"
    )
    con.execute(
        "INSERT INTO scenario_versions (version_id, scenario_id, version, scenario_json, "
        "baseline_name, baseline_hash, created_at) VALUES ('gammelv1', 'gammel', 1, ?, 'demo', "
        "'x', TIMESTAMP '2025-01-01')",
        [Scenario().canonical_json()],
    )
    con.close()
    with Store(path) as s:
        assert s.schema_version() == 10
        old = s.load_version("gammelv1")
        assert old.workspace == "local" and old.name == "Gammel"
        assert [x.name for x in ScopedStore(s, LOCAL_PRINCIPAL, "local").list_scenarios()] == [
            "Gammel"
        ]
        assert ScopedStore(s, ALVER_ED, "alver").list_scenarios() == []
        assert {b.workspace for b in s.list_baselines()} == {"local"}


def test_scoped_store_exposes_only_scoped_methods(store: Store, demo: Baseline) -> None:
    alver, bergen = scoped(store, ALVER_ED), scoped(store, BERGEN_ED)
    alver.save_baseline(own_baseline(demo, "alver-data"))
    assert [b.version for b in alver.baseline_versions("alver-data")] == [1]
    assert bergen.baseline_versions("alver-data") == []
    assert bergen.newer_baseline("alver-data", "0") is None
    assert alver.newer_baseline("alver-data", "0").name == "alver-data"
    assert alver.schema_version() == store.schema_version()
    for unscoped in ("audit_entries_all", "_write", "_read", "seed_shipped", "close"):
        with pytest.raises(AttributeError):
            getattr(alver, unscoped)


def test_editor_cannot_bring_back_a_deleted_scenario_by_saving(
    store: Store, demo: Baseline
) -> None:
    editor = scoped(store, ALVER_ED)
    a = save(editor, "Slettet", demo)
    editor.delete_scenario(a.id)
    with pytest.raises(ScenarioDeletedError):
        save(editor, "Slettet", demo, scenario_id=a.id)
    assert store.load_scenario(a.id).deleted and store.load_scenario(a.id).latest_version == 1
