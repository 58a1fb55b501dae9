"""The store on both engines: schema, migrations, baselines, saved scenarios, versions,
threads. Tests taking ``store`` or ``db`` run twice: ``[duckdb]`` and ``[postgres]``."""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC
from pathlib import Path
from typing import Any

import duckdb
import psycopg
import pytest

import storage.store as store_module
from model.baseline import Baseline, Service
from model.scenario import (
    AmbulantTeam,
    Arrangement,
    CapacityRule,
    Colocation,
    CoverageLevers,
    CustomMeasure,
    DigitalSupervision,
    MergeGroup,
    NightLevers,
    NightRule,
    PercentLevers,
    PlanSettings,
    Range,
    RefundSettings,
    Scenario,
    SiteSelector,
    Timing,
    UncertaintySettings,
)
from storage import (
    NotFoundError,
    SchemaError,
    Store,
    StoreClosedError,
    StoreConflictError,
    StoreCorruptError,
    StoreDiskFullError,
    StoreError,
    StoreReadOnlyError,
    StoreUnavailableError,
    StoreValidationError,
    open_store,
)
from storage.backends import open_backend
from storage.store import DEFAULT_DB_PATH, default_path, migrate

SHIPPED_STORE_NAMES = list(store_module.shipped_baselines())  # model helper (issue 8)


def full_scenario() -> Scenario:
    """A scenario where every top-level field (and most nested ones) is not the default."""
    return Scenario(
        params={"cost_per_gross_fte_nok": 750_000, "resting_paid_fraction": 0.5},
        supplement_regime="ks2023",
        night=NightLevers(
            rules=[
                NightRule(
                    label="Døgnturnus: 1 våken + 1 hvilende",
                    selector=SiteSelector(
                        services=[Service.HABILITATION],
                        areas=["Lindås/Knarvik"],
                        dognturnus=True,
                        sites=["Krossleitet"],
                        housing_only=False,
                    ),
                    arrangement=Arrangement(awake=1, resting=1, shift_hours=10, dognturnus=False),
                )
            ],
            overrides={"Krossleitet": Arrangement(awake=2)},
            shift_hours=9.0,
        ),
        colocation=Colocation(
            capacity_rules=[
                CapacityRule(
                    service=Service.RESPITE,
                    by_area=True,
                    max_residents=8,
                    arrangement=Arrangement(awake=1, resting=1),
                )
            ],
            merges=[
                MergeGroup(
                    name="Nytt bofellesskap",
                    sites=["Bustølen", "Grønland"],
                    arrangement=Arrangement(awake=3),
                )
            ],
            day_evening_synergy_pct=5,
            new_units=12,
        ),
        ambulant=AmbulantTeam(
            enabled=True,
            staff_per_night=3,
            shift_hours=8,
            sites=["Storhaugen"],
            reduce_awake=1,
            reduce_resting=0,
        ),
        digital=DigitalSupervision(
            enabled=True, sites=["Prestbrekka"], reduce_awake=1, reduce_resting=0
        ),
        coverage=CoverageLevers(
            target_rate=0.145,
            target_year=2030,
            norm_closure_share=0.5,
            norms={"langtid_demens": 1.0},
            hdo_target_fte_per_resident=0.6,
        ),
        levers=PercentLevers(
            overtime_cut_pct=33,
            substitute_cut_pct=5,
            competence_level_cut_pct=2,
            rota_hours_cut_pct=2,
            decided_hours_cut_pct=2,
        ),
        custom=[
            CustomMeasure(
                id="koordinering",
                label="Koordinering på tvers av boliger",
                savings_nok_per_year=400_000,
                fte_change=-0.5,
                refund_share=0.2,
                consequences="Færre vikarer",
                preconditions="Felles turnus",
            )
        ],
        refund=RefundSettings(
            enabled=False, year=2024, threshold_nok=1_608_000, rate=0.8, id_deduction_nok=832_000
        ),
        plan=PlanSettings(
            start_year=2026, years=5, timing={"night": Timing(start_year=2027, ramp_years=2)}
        ),
        uncertainty=UncertaintySettings(
            draws=500,
            seed=7,
            use_data_ranges=False,
            ranges={"cost_per_gross_fte_nok": Range(low=700_000, high=850_000)},
        ),
    )


def save(store: Store, name: str = "Scenario", **kwargs: object) -> store_module.SavedScenario:
    args: dict[str, object] = {
        "name": name,
        "scenario": Scenario(),
        "baseline_name": "demo",
        "baseline_hash": "abc",
        "model_version": "1.0",
    }
    args.update(kwargs)
    return store.save_scenario(**args)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- schema


def test_first_open_creates_schema_and_seeds_demo(store: Store, demo: Baseline) -> None:
    assert store.schema_version() == store_module.migrations()[-1].version
    with store._cursor() as cur:
        rows = cur.execute("SELECT version, name FROM schema_migrations").fetchall()
    assert rows[0] == (1, "init")
    # every shipped baseline is seeded; Alver's keeps the store name "demo" (model helper)
    assert sorted(b.name for b in store.list_baselines()) == sorted(SHIPPED_STORE_NAMES)
    (info,) = [b for b in store.list_baselines() if b.name == "demo"]
    assert (info.name, info.source, info.hash, info.version) == ("demo", "demo", demo.hash, 1)
    assert info.municipality == demo.municipality and info.year == demo.year
    assert info.created_at.tzinfo is UTC
    assert store.load_baseline() == demo
    assert store.load_baseline().hash == demo.hash


def test_reopen_applies_nothing_and_keeps_one_demo_row(db: Path | str) -> None:
    open_store(db).close()
    with open_store(db) as s:
        assert len(s.list_baselines(all_versions=True)) == len(SHIPPED_STORE_NAMES)
        with s._cursor() as cur:
            assert migrate(cur) == []


def test_default_path_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("SIMULATOR_DB", raising=False)
    assert default_path() == DEFAULT_DB_PATH
    assert DEFAULT_DB_PATH.parent.name == ".data"
    target = tmp_path / "sub" / "env.duckdb"
    monkeypatch.setenv("SIMULATOR_DB", str(target))
    assert default_path() == target
    with open_store() as s:
        assert Path(s.path) == target.resolve()
    assert target.exists()
    url = "postgresql://sim:secret@127.0.0.1:5/db"
    monkeypatch.setenv("SIMULATOR_DB", url)
    assert default_path() == url


def test_never_writes_into_data(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="SIMULATOR_DB"):
        open_store(store_module.DATA_DIR / "x.duckdb")
    assert not (store_module.DATA_DIR / "x.duckdb").exists()


def test_one_store_per_path(db: Path | str) -> None:
    a = open_store(db)
    assert open_store(db) is a
    a.close()
    b = open_store(db)
    assert b is not a
    b.close()


def test_closed_store_raises(db: Path | str) -> None:
    s = open_store(db)
    s.close()
    s.close()  # idempotent
    with pytest.raises(StoreClosedError):
        s.list_scenarios()


def test_memory_store(demo: Baseline) -> None:
    with open_store(":memory:") as s:
        assert s.load_baseline().hash == demo.hash
        assert save(s).version == 1


def test_not_a_database_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"this is not a database" * 1000)
    with pytest.raises(StoreCorruptError) as info:
        open_store(bad)
    assert "skadet" in info.value.message_nb and "damaged" in info.value.message_en
    assert str(tmp_path) not in str(info.value)


def test_unreadable_demo_data_is_a_store_error(
    db: Path | str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(name: str = "demo") -> Baseline:
        return Baseline.model_validate({"name": ""})

    monkeypatch.setattr("model.loader.load_baseline", broken)
    with pytest.raises(StoreError, match="demo data") as info:
        open_store(db)
    assert "validation error" not in str(info.value)  # no raw exception text
    assert str(store_module.DATA_DIR) not in str(info.value)  # no server path


def test_database_newer_than_app(db: Path | str) -> None:
    with open_store(db) as s, s._cursor() as cur:
        cur.execute(
            "INSERT INTO schema_migrations VALUES (?, ?, ?, current_timestamp::TIMESTAMP)",
            [99, "future", "x"],
        )
    with pytest.raises(SchemaError, match="newer version"):
        open_store(db)


@pytest.fixture
def raw_db(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A cursor on an empty database of the engine under test (no store schema)."""
    target = (
        str(tmp_path / "m.duckdb") if backend == "duckdb" else request.getfixturevalue("pg_url")
    )
    b = open_backend(target)
    with b.cursor() as cur:
        yield cur
    b.close()


def test_failed_migration_rolls_back(raw_db: Any, tmp_path: Path) -> None:
    d = tmp_path / "migrations"
    d.mkdir()
    (d / "001_a.sql").write_text("CREATE TABLE a (x INTEGER);")
    (d / "002_b.sql").write_text("CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);")
    con = raw_db
    with pytest.raises(SchemaError, match="002_b") as info:
        migrate(con, d)
    assert "nowhere" not in str(info.value)  # raw exception text goes to the log only
    assert con.execute("SELECT version FROM schema_migrations").fetchall() == [(1,)]
    tables = {
        r[0]
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_name IN (?, ?)",
            ["a", "b"],
        ).fetchall()
    }
    assert tables == {"a"}
    (d / "002_b.sql").write_text("CREATE TABLE b (x INTEGER);")
    assert migrate(con, d) == [2]


def test_dialect_specific_migration_files(tmp_path: Path) -> None:
    (tmp_path / "001_a.sql").write_text("SELECT 1;")
    (tmp_path / "002_b.duckdb.sql").write_text("SELECT 'duck';")
    (tmp_path / "002_b.postgres.sql").write_text("SELECT 'pg';")
    duck = store_module.migrations(tmp_path, "duckdb")
    pg = store_module.migrations(tmp_path, "postgres")
    assert (
        [(m.version, m.name) for m in duck]
        == [(1, "a"), (2, "b")]
        == [(m.version, m.name) for m in pg]
    )
    assert duck[1].sql == "SELECT 'duck';" and pg[1].sql == "SELECT 'pg';"
    assert duck[0].sql == pg[0].sql == "SELECT 1;"


def test_migration_numbers_may_have_gaps_but_start_at_one(tmp_path: Path) -> None:
    # gaps are allowed (number ranges are reserved per change, e.g. 010_workspaces)
    (tmp_path / "001_a.sql").write_text("SELECT 1;")
    (tmp_path / "003_c.sql").write_text("SELECT 1;")
    assert [m.version for m in store_module.migrations(tmp_path)] == [1, 3]
    (tmp_path / "001_a.sql").unlink()
    with pytest.raises(SchemaError, match="starting at 001"):
        store_module.migrations(tmp_path)


# --------------------------------------------------------------------------- baselines


def own_baseline(demo: Baseline, name: str = "egen", **changes: object) -> Baseline:
    data = demo.model_dump()
    data.update({"name": name, "municipality": "Egen kommune", "year": 2024, **changes})
    return Baseline.model_validate(data)


def test_baseline_round_trip(store: Store, demo: Baseline) -> None:
    mine = own_baseline(demo, sites=[s.model_dump() for s in demo.sites[:3]])
    info = store.save_baseline(mine)
    assert (info.name, info.source, info.version, info.hash) == ("egen", "import", 1, mine.hash)
    loaded = store.load_baseline("egen")
    assert loaded == mine
    assert loaded.hash == mine.hash
    assert loaded.parameters["cost_per_gross_fte_nok"] == demo.parameters["cost_per_gross_fte_nok"]
    names = [(b.name, b.source) for b in store.list_baselines() if b.name in ("demo", "egen")]
    assert names == [("demo", "demo"), ("egen", "import")]
    # Same data again: no new version.
    assert store.save_baseline(mine).version == 1
    changed = own_baseline(demo, year=2025)
    assert store.save_baseline(changed).version == 2
    assert store.load_baseline("egen").year == 2025
    assert store.load_baseline("egen", hash=mine.hash) == mine
    assert store.baseline_hashes("egen") == [changed.hash, mine.hash]


def test_import_cannot_take_the_demo_name(store: Store, demo: Baseline) -> None:
    with pytest.raises(StoreValidationError, match="reserved"):
        store.save_baseline(own_baseline(demo, name="demo"))


def test_unknown_baseline(store: Store) -> None:
    with pytest.raises(NotFoundError, match="not found"):
        store.load_baseline("finnes-ikke")


def test_demo_reseeded_when_shipped_data_changes(
    db: Path | str, demo: Baseline, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "shipped_baselines", lambda: {"demo": Path("demo")})
    s = open_store(db)
    old = save(s, baseline_hash=demo.hash)
    s.close()
    changed = Baseline.model_validate({**demo.model_dump(), "description": "ny versjon"})
    monkeypatch.setattr("model.loader.load_baseline", lambda name="demo": changed)
    with open_store(db) as s:
        infos = s.list_baselines(all_versions=True)
        assert [(i.name, i.version, i.hash) for i in infos] == [
            ("demo", 2, changed.hash),
            ("demo", 1, demo.hash),
        ]
        assert s.load_baseline().hash == changed.hash
        assert s.load_baseline(hash=demo.hash) == demo
        saved = s.load_scenario(old.id)
        # The app can tell that the scenario was saved on older data.
        assert saved.baseline_hash != s.list_baselines()[0].hash
    # Shipping the old data again makes it current again (a new version).
    monkeypatch.setattr("model.loader.load_baseline", lambda name="demo": demo)
    with open_store(db) as s:
        assert [i.version for i in s.list_baselines(all_versions=True)] == [3, 2, 1]
        assert s.load_baseline().hash == demo.hash


# --------------------------------------------------------------------------- scenarios


def test_scenario_round_trip_every_field(store: Store) -> None:
    sc = full_scenario()
    assert set(sc.compact()) == set(Scenario.model_fields) - {"v"}, "not every field is set"
    saved = store.save_scenario(
        name="  Workshop 3: alt  ",
        scenario=sc,
        municipality="Alver",
        description="Fra styringsgruppemøtet\nlinje 2 – æøå",
        baseline_name="demo",
        baseline_hash="91037e63838e3721",
        model_version="0.3.1",
        summary={"gross": 12_500_000.5, "net": 10_000_000, "fte": -14.2},
    )
    for got in (saved, store.load_scenario(saved.id), store.load_version(saved.version_id)):
        assert got.scenario == sc
        assert got.error is None
        assert got.name == "Workshop 3: alt"
        assert got.municipality == "Alver"
        assert got.description == "Fra styringsgruppemøtet\nlinje 2 – æøå"
        assert got.baseline_name == "demo" and got.baseline_hash == "91037e63838e3721"
        assert got.model_version == "0.3.1"
        assert got.summary == {"gross": 12_500_000.5, "net": 10_000_000.0, "fte": -14.2}
        assert got.scenario_json == sc.canonical_json()
        assert got.scenario_hash == sc.hash
        assert got.version == got.latest_version == 1 and got.is_latest
        assert got.deleted_at is None and not got.deleted
        assert got.created_at.tzinfo is UTC and got.saved_at == got.created_at
    assert re.fullmatch(r"[A-Za-z0-9]{10}", saved.version_id)
    assert store.list_scenarios() == [saved]
    # Saved records themselves round-trip through JSON (the app may cache them).
    assert store_module.SavedScenario.model_validate_json(saved.model_dump_json()) == saved


@pytest.mark.parametrize(
    ("kwargs", "nb", "en"),
    [
        ({"name": ""}, "Navnet kan ikke være tomt", "must not be empty"),
        ({"name": "   "}, "Navnet kan ikke være tomt", "must not be empty"),
        ({"name": "x" * 121}, "høyst 120 tegn", "at most 120 characters"),
        ({"description": "x" * 2001}, "Beskrivelsen kan være høyst 2000", "at most 2000"),
    ],
)
def test_invalid_names(store: Store, kwargs: dict[str, str], nb: str, en: str) -> None:
    with pytest.raises(StoreValidationError) as info:
        save(store, **kwargs)
    assert nb in info.value.message_nb and en in info.value.message_en
    assert nb in str(info.value) and en in info.value.message("en")
    assert store.list_scenarios() == []


def test_name_limits_accepted(store: Store) -> None:
    assert save(store, name="x" * 120, description="d" * 2000).name == "x" * 120


def test_versions_and_short_links(store: Store) -> None:
    v1 = save(store, name="Plan", scenario=Scenario())
    v2 = save(store, name="Plan", scenario=Scenario(supplement_regime="ks2023"), scenario_id=v1.id)
    v3 = save(
        store,
        name="Plan B",
        scenario=Scenario(levers=PercentLevers(overtime_cut_pct=10)),
        scenario_id=v1.id,
        summary={"net": 1.0},
    )
    assert (v2.version, v3.version) == (2, 3)
    assert len({v1.version_id, v2.version_id, v3.version_id}) == 3
    assert [v.version for v in store.versions(v1.id)] == [3, 2, 1]
    latest = store.load_scenario(v1.id)
    assert latest.version_id == v3.version_id and latest.name == "Plan B"
    old = store.load_version(v1.version_id)
    assert old.version == 1 and old.latest_version == 3 and not old.is_latest
    assert old.scenario == Scenario() and old.summary == {}
    assert store.load_version(v2.version_id).scenario == Scenario(supplement_regime="ks2023")
    assert [s.id for s in store.list_scenarios()] == [v1.id]
    assert latest.created_at == v1.created_at <= latest.updated_at


def test_list_newest_first(store: Store) -> None:
    a = save(store, name="a")
    b = save(store, name="b")
    c = save(store, name="c")
    assert [s.name for s in store.list_scenarios()] == ["c", "b", "a"]
    save(store, name="a2", scenario_id=a.id)
    assert [s.id for s in store.list_scenarios()] == [a.id, c.id, b.id]


def test_rename(store: Store) -> None:
    s = save(store, name="Gammelt navn")
    renamed = store.rename_scenario(s.id, "  Nytt navn ")
    assert renamed.name == "Nytt navn"
    assert renamed.version == 1 and renamed.version_id == s.version_id
    assert renamed.updated_at >= s.updated_at
    assert store.load_version(s.version_id).name == "Nytt navn"
    with pytest.raises(StoreValidationError):
        store.rename_scenario(s.id, " ")
    assert store.load_scenario(s.id).name == "Nytt navn"


def test_soft_delete_and_restore(store: Store) -> None:
    keep = save(store, name="behold")
    gone = save(store, name="slett")
    deleted = store.delete_scenario(gone.id)
    assert deleted.deleted_at is not None and deleted.deleted
    assert [s.id for s in store.list_scenarios()] == [keep.id]
    assert {s.id for s in store.list_scenarios(include_deleted=True)} == {keep.id, gone.id}
    # Links still open and say the scenario is deleted.
    assert store.load_version(gone.version_id).deleted
    assert store.load_scenario(gone.id).deleted
    assert store.delete_scenario(gone.id).deleted_at == deleted.deleted_at  # idempotent
    restored = store.restore_scenario(gone.id)
    assert restored.deleted_at is None
    assert {s.id for s in store.list_scenarios()} == {keep.id, gone.id}
    assert store.count_scenarios() == 2


@pytest.mark.parametrize("bad", ["finnes-ikke", "bad id!", "", "x" * 100])
def test_not_found(store: Store, bad: str) -> None:
    for call in (
        lambda: store.load_scenario(bad),
        lambda: store.load_version(bad),
        lambda: store.versions(bad),
        lambda: store.rename_scenario(bad, "x"),
        lambda: store.delete_scenario(bad),
        lambda: store.restore_scenario(bad),
    ):
        with pytest.raises(NotFoundError):
            call()
    with pytest.raises(NotFoundError):
        save(store, scenario_id=bad)
    assert store.count_scenarios(include_deleted=True) == 0


def test_new_version_of_unknown_scenario_writes_nothing(store: Store) -> None:
    with pytest.raises(NotFoundError):
        save(store, scenario_id="AAAAAAAAAAAA")
    with store._cursor() as cur:
        assert cur.execute("SELECT count(*) FROM scenario_versions").fetchone() == (0,)


def _insert_raw(store: Store, sid: str, version_id: str, scenario_json: str) -> None:
    with store._cursor() as cur:
        cur.execute(
            "INSERT INTO scenarios (id, name, municipality, description, created_at, updated_at, "
            "deleted_at, last_version) VALUES (?, ?, '', '', current_timestamp::TIMESTAMP, "
            "current_timestamp::TIMESTAMP, NULL, 1)",
            [sid, "gammelt " + sid],
        )
        cur.execute(
            "INSERT INTO scenario_versions (version_id, scenario_id, version, scenario_json, "
            "baseline_name, baseline_hash, summary_json, created_at) "
            "VALUES (?, ?, 1, ?, 'demo', 'old', 'not json', current_timestamp::TIMESTAMP)",
            [version_id, sid, scenario_json],
        )


def test_old_or_invalid_scenario_json_still_lists(store: Store) -> None:
    good = save(store, name="ny")
    _insert_raw(store, "old1", "oldv1", '{"v": 0, "nattevakt": {"x": 1}}')
    _insert_raw(store, "old2", "oldv2", "this is not json")
    _insert_raw(store, "old3", "oldv3", '{"levers": {"overtime_cut_pct": 500}}')
    listed = {s.id: s for s in store.list_scenarios()}
    assert set(listed) == {good.id, "old1", "old2", "old3"}
    assert listed[good.id].scenario is not None and listed[good.id].error is None
    for sid in ("old1", "old2", "old3"):
        s = listed[sid]
        assert s.scenario is None
        assert s.error and "/" in s.error
        assert s.summary == {}
    assert listed["old1"].scenario_json == '{"v": 0, "nattevakt": {"x": 1}}'
    assert "eldre versjon" in (listed["old3"].error or "")
    assert "JSON" in (listed["old2"].error or "")
    assert store.load_version("oldv1").scenario is None


# --------------------------------------------------------------------------- writes


def test_write_retries_on_transaction_conflicts(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "BACKOFF_SECONDS", 0.0)
    calls = 0
    conflict = (
        duckdb.TransactionException
        if store.dialect == "duckdb"
        else psycopg.errors.SerializationFailure
    )

    def flaky(cur: Any) -> str:
        nonlocal calls
        calls += 1
        if calls < 3:
            raise conflict("TransactionContext Error: Conflict on update!")
        return "ok"

    assert store._write(flaky) == "ok"
    assert calls == 3

    def always(cur: Any) -> None:
        raise conflict("Conflict on update!")

    with pytest.raises(StoreConflictError) as info:
        store._write(always)
    assert "Prøv igjen" in info.value.message_nb and "try again" in info.value.message_en


def test_failed_write_rolls_back(store: Store) -> None:
    def half(cur: Any) -> None:
        cur.execute(
            "INSERT INTO scenarios (id, name, municipality, description, created_at, updated_at, "
            "deleted_at, last_version) VALUES ('halv', 'halv', '', '', current_timestamp::TIMESTAMP, "
            "current_timestamp::TIMESTAMP, NULL, 1)"
        )
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        store._write(half)
    assert store.count_scenarios(include_deleted=True) == 0


# --------------------------------------------------------------------------- threads


def test_twenty_threads_fifty_saves_each_lose_nothing(store: Store) -> None:
    ids: list[list[str]] = [[] for _ in range(20)]
    errors: list[BaseException] = []
    start = threading.Barrier(20)

    def worker(t: int) -> None:
        try:
            start.wait()
            for i in range(50):
                saved = save(
                    store,
                    name=f"tråd {t} nr {i}",
                    scenario=Scenario(levers=PercentLevers(overtime_cut_pct=float(i))),
                    summary={"t": t, "i": i},
                )
                ids[t].append(saved.version_id)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(t,)) for t in range(20)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors, errors[:3]
    all_ids = [v for per in ids for v in per]
    assert len(all_ids) == len(set(all_ids)) == 1000
    assert store.count_scenarios() == 1000
    listed = store.list_scenarios()
    assert len(listed) == 1000
    by_version = {s.version_id: s for s in listed}
    for t, per in enumerate(ids):
        for i, vid in enumerate(per):
            s = by_version[vid]
            assert s.name == f"tråd {t} nr {i}"
            assert s.summary == {"t": t, "i": i}
            assert s.scenario == Scenario(levers=PercentLevers(overtime_cut_pct=float(i)))


def test_concurrent_versions_of_one_scenario_are_serialised(store: Store) -> None:
    first = save(store, name="delt")
    errors: list[BaseException] = []

    def worker(t: int) -> None:
        try:
            for i in range(5):
                save(store, name=f"delt {t}.{i}", scenario_id=first.id)
        except BaseException as exc:  # pragma: no cover
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(t,)) for t in range(6)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors, errors[:3]
    versions = store.versions(first.id)
    assert [v.version for v in versions] == list(range(31, 0, -1))
    assert store.load_scenario(first.id).latest_version == 31


# --------------------------------------------------------------------------- faults


def _fill(store: Store, n: int = 30) -> list[str]:
    return [save(store, name=f"s{i}", description="d" * 1000).version_id for i in range(n)]


def _assert_user_message(err: StoreError, *secrets: str) -> None:
    """Both languages, no server path, no raw exception text."""
    assert err.message_nb and err.message_en and err.message_nb != err.message_en
    for text in (err.message_nb, err.message_en):
        for secret in secrets:
            assert secret not in text
        for raw in ("IO Error", "Error:", "Traceback", "checksum", "psycopg", "duckdb"):
            assert raw not in text


@pytest.mark.parametrize("fraction", [0.5, 0.25, 0.0])
def test_truncated_file_raises_corrupt_and_falls_back_to_demo_read_only(
    db_path: Path, demo: Baseline, fraction: float
) -> None:
    with open_store(db_path) as s:
        _fill(s)
    data = db_path.read_bytes()
    db_path.write_bytes(data[: int(len(data) * fraction)])
    damaged = db_path.read_bytes()
    with pytest.raises(StoreCorruptError) as info:
        open_store(db_path)
    _assert_user_message(info.value, str(db_path.parent), "/tmp", ".duckdb")
    assert "skadet" in info.value.message_nb and "damaged" in info.value.message_en
    assert "sikkerhetskopi" in info.value.message_nb and "backup" in info.value.message_en

    fallback = open_store(db_path, fallback=True)
    assert fallback.read_only and isinstance(fallback.fault, StoreCorruptError)
    assert fallback.load_baseline() == demo
    assert sorted(b.name for b in fallback.list_baselines()) == sorted(SHIPPED_STORE_NAMES)
    assert fallback.list_scenarios() == []
    with pytest.raises(StoreReadOnlyError) as ro:
        save(fallback, name="x")
    assert "skrivebeskyttet" in ro.value.message_nb and "read-only" in ro.value.message_en
    with pytest.raises(StoreReadOnlyError):
        fallback.save_baseline(own_baseline(demo))
    fallback.close()
    assert db_path.read_bytes() == damaged  # the damaged file is left for recovery


def test_damaged_block_is_found_by_the_start_up_check(db_path: Path) -> None:
    with open_store(db_path) as s:
        _fill(s)
    # damage a block that holds data (not a free one: where free blocks are depends on the
    # migrations, e.g. 010's ALTER TABLEs leave the old blocks free)
    con = duckdb.connect(str(db_path), read_only=True)
    block = con.execute(
        "SELECT max(block_id) FROM pragma_storage_info('scenario_versions') WHERE block_id >= 0"
    ).fetchone()[0]
    con.close()
    data = bytearray(db_path.read_bytes())
    start = 3 * 4096 + int(block) * 262_144 + 1000  # 3 header blocks, 256 KiB blocks
    data[start : start + 4096] = bytes(range(256)) * 16
    db_path.write_bytes(bytes(data))
    with pytest.raises(StoreCorruptError) as info:
        open_store(db_path)
    _assert_user_message(info.value, str(db_path.parent))
    assert "checksum" in info.value.detail or "read" in info.value.detail  # for the log


def test_unreachable_server_is_unavailable_quickly(demo: Baseline) -> None:
    from storage.pgcluster import free_port

    url = f"postgresql://sim:hemmelig@127.0.0.1:{free_port()}/nowhere"
    with pytest.raises(StoreUnavailableError) as info:
        open_store(url)
    _assert_user_message(info.value, "hemmelig", "127.0.0.1", "nowhere")
    assert "svarer ikke" in info.value.message_nb and "not responding" in info.value.message_en
    fallback = open_store(url, fallback=True)
    assert fallback.read_only and isinstance(fallback.fault, StoreUnavailableError)
    assert fallback.load_baseline() == demo
    fallback.close()


def test_store_path_hides_the_password(pg_url: str) -> None:
    url = pg_url.replace("sim@", "sim:hemmelig@")
    with open_store(url) as s:
        assert "hemmelig" not in s.path and "***" in s.path


def test_verify_checks_schema_version(store: Store) -> None:
    store.verify()
    with store._cursor() as cur:
        cur.execute("DELETE FROM schema_migrations WHERE version = ?", [store.schema_version()])
    with pytest.raises(SchemaError, match="schema version"):
        store.verify()


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 4 MiB filesystem (tmpfs): fill it up to get ENOSPC from the database."""
    mnt = tmp_path / "tiny"
    mnt.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mnt)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip("mounting a small tmpfs needs root: " + done.stderr.decode(errors="replace"))
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def test_disk_full_says_so_is_logged_and_not_retried(
    tiny_disk: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    db = tiny_disk / "store.duckdb"
    store = open_store(db)
    before = _fill(store, 5)
    filler = tiny_disk / "filler"
    with suppress(OSError), filler.open("wb") as fh:
        while True:
            fh.write(b"\0" * 65536)
            fh.flush()
    attempts = 0
    real_cursor = store._backend.cursor

    @contextmanager
    def counting() -> Iterator[Any]:
        nonlocal attempts
        attempts += 1
        with real_cursor() as cur:
            yield cur

    monkeypatch.setattr(store._backend, "cursor", counting)
    caplog.set_level("ERROR", logger="storage")
    with pytest.raises(StoreDiskFullError) as info:
        for i in range(200):  # the WAL may take a few saves before it needs a new page
            attempts = 0
            save(store, name=f"full {i}", description="x" * 2000)
    assert attempts == 1  # disk full is not a conflict: one attempt, no retries
    assert "Disken er full" in info.value.message_nb and "disk is full" in info.value.message_en
    _assert_user_message(info.value, str(tiny_disk))
    assert any("StoreDiskFullError" in r.getMessage() for r in caplog.records)
    monkeypatch.undo()
    # Space again: everything saved before is intact and the store takes writes.
    filler.unlink()
    for vid in before:
        assert store.load_version(vid).description == "d" * 1000
    assert save(store, name="etter").name == "etter"
    store.close()
    with open_store(db) as again:
        assert {v for v in before} <= {s.version_id for s in again.list_scenarios()}


def test_postgres_disk_full_and_lost_server_are_classified() -> None:
    from storage.backends import PostgresBackend

    b = object.__new__(PostgresBackend)
    b._psycopg = psycopg
    assert isinstance(b.fault(psycopg.errors.DiskFull("could not extend file")), StoreDiskFullError)
    assert not b.is_conflict(psycopg.errors.DiskFull("x"))
    assert isinstance(b.fault(psycopg.OperationalError("server closed")), StoreUnavailableError)
    assert b.is_conflict(psycopg.errors.SerializationFailure("x"))
    assert b.fault(psycopg.errors.SerializationFailure("x")) is None


# --------------------------------------------------------------------------- shipped baselines


def _shipped_copy(tmp_path: Path, name: str, description: str) -> Path:
    folder = tmp_path / "shipped" / name
    shutil.copytree(store_module.DATA_DIR / "demo", folder, dirs_exist_ok=True)
    about = folder / "about.csv"
    lines = [
        f'description,"{description}"' if line.startswith("description,") else line
        for line in about.read_text(encoding="utf-8").splitlines()
    ]
    lines = [f"name,{name}" if line.startswith("name,") else line for line in lines]
    about.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_every_shipped_baseline_is_seeded_and_versioned_by_content(
    db: Path | str, tmp_path: Path, demo: Baseline, monkeypatch: pytest.MonkeyPatch
) -> None:
    from model import loader

    other = _shipped_copy(tmp_path, "sogndal", "første utgave")
    monkeypatch.setattr(
        loader, "SHIPPED", {"demo": store_module.DATA_DIR / "demo", "sogndal": other}, raising=False
    )
    with open_store(db) as s:
        assert [(b.name, b.source, b.version) for b in s.list_baselines()] == [
            ("demo", "demo", 1),
            ("sogndal", "demo", 1),
        ]
        first = s.load_baseline("sogndal")
        assert first.description == "første utgave" and first.sites == demo.sites
        assert s.newer_baseline("sogndal", first.hash) is None
        with pytest.raises(StoreValidationError, match="reserved"):
            s.save_baseline(first.model_copy(update={"year": 2030}))  # an import can't take it
    # A changed shipped folder becomes a new version; the old one is kept.
    _shipped_copy(tmp_path, "sogndal", "andre utgave")
    with open_store(db) as s:
        versions = s.baseline_versions("sogndal")
        assert [(v.version, v.source) for v in versions] == [(2, "demo"), (1, "demo")]
        assert versions[1].hash == first.hash and versions[0].hash != first.hash
        assert s.load_baseline("sogndal").description == "andre utgave"
        assert s.load_baseline("sogndal", hash=first.hash) == first
        newer = s.newer_baseline("sogndal", first.hash)
        assert newer is not None and (newer.version, newer.hash) == (2, versions[0].hash)
        assert s.newer_baseline("sogndal", versions[0].hash) is None
        assert [v.version for v in s.baseline_versions("demo")] == [1]
        assert s.baseline_versions("finnes-ikke") == []
        assert s.newer_baseline("finnes-ikke", "x") is None
    # Reopening with unchanged folders adds nothing.
    with open_store(db) as s:
        assert len(s.list_baselines(all_versions=True)) == 3


def test_import_under_an_existing_name_is_a_new_version(store: Store, demo: Baseline) -> None:
    v1 = store.save_baseline(own_baseline(demo, name="alver"))
    v2 = store.save_baseline(own_baseline(demo, name="alver", year=2025))
    assert (v1.version, v2.version) == (1, 2)
    assert store.newer_baseline("alver", v1.hash) == v2
    assert store.newer_baseline("alver", v2.hash) is None
    assert store.baseline_versions("alver") == [v2, v1]
    # The session on v1 keeps its data.
    assert store.load_baseline("alver", hash=v1.hash).year == 2024


def test_placeholders_are_translated_outside_quotes_only() -> None:
    from storage.backends import qmark_to_pyformat

    assert qmark_to_pyformat("SELECT * FROM t WHERE a = ? AND b = ?") == (
        "SELECT * FROM t WHERE a = %s AND b = %s"
    )
    assert qmark_to_pyformat("SELECT '?', 'it''s %', x FROM t WHERE y LIKE ?") == (
        "SELECT '?', 'it''s %%', x FROM t WHERE y LIKE %s"
    )
    assert qmark_to_pyformat('SELECT "odd?col" FROM t WHERE p = 5 % ?') == (
        'SELECT "odd?col" FROM t WHERE p = 5 %% %s'
    )


def test_text_with_question_marks_and_percent_round_trips(store: Store) -> None:
    weird = "Hvorfor? 100 % sikkert ' \" %s ?? -- ; DROP TABLE scenarios"
    saved = save(store, name=weird[:120], description=weird)
    assert store.load_version(saved.version_id).description == weird
    assert store.count_scenarios() == 1
