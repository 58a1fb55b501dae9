"""The economy tables' optional English source (``source_en``) and the settings'
``source_en``/``population_source_en``: read when present, a file without them loads
exactly as before, and the text is chosen by language with a fallback to bokmål."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

from model.economy.benchmark import handlingsrom
from model.economy.loader import SETS_DIR, load_economy, load_overspend_reference
from model.economy.tables import parse_areas, parse_budget, parse_coverage
from model.tables import text_in

BUDGET = (
    "year,frame_nok,savings_requirement_nok,status,source{h}\n"
    '2027,100,5,assumption,"Antakelse, ikke publisert"{v}\n'
)
COVERAGE = (
    "level,age_group,users_per_inhabitant,fte_per_user,cost_per_user_nok,source{h}\n"
    "sykehjem,80-89,0.12,1.1,1500000,Som over{v}\n"
)
AREAS = "area,label_nb,stated_nok,source{h}\neldre,Eldre,100,«med 1 mill. kr»{v}\n"


def test_english_source_columns_are_read() -> None:
    en = ',"Assumption, not published"'
    b = parse_budget(BUDGET.format(h=",source_en", v=en))[0]
    assert (b.source, b.source_en) == ("Antakelse, ikke publisert", "Assumption, not published")
    c = parse_coverage(COVERAGE.format(h=",kilde_en", v=",As above"))[0]
    assert (c.source, c.source_en) == ("Som over", "As above")
    a = parse_areas(AREAS.format(h=",source_en", v=",“by NOK 1 million”"))[0]
    assert (a.source, a.source_en) == ("«med 1 mill. kr»", "“by NOK 1 million”")
    assert text_in(a, "source", "en") == "“by NOK 1 million”"
    assert text_in(a, "source", "nb") == "«med 1 mill. kr»"
    # capped like the bokmål source
    long = parse_budget(BUDGET.format(h=",source_en", v="," + "x" * 400))[0]
    assert len(long.source_en) == 300


def test_files_without_the_english_column_load_as_before() -> None:
    b = parse_budget(BUDGET.format(h="", v=""))[0]
    c = parse_coverage(COVERAGE.format(h="", v=""))[0]
    a = parse_areas(AREAS.format(h="", v=""))[0]
    for row in (b, c, a):
        assert row.source_en == ""
        assert text_in(row, "source", "en") == row.source  # falls back to bokmål
    assert b.model_dump(exclude={"source_en"}) == {
        "year": 2027,
        "frame_nok": 100.0,
        "savings_requirement_nok": 5.0,
        "actual_nok": None,
        "status": "assumption",
        "source": "Antakelse, ikke publisert",
    }


def test_a_set_without_english_texts_loads_as_before(tmp_path: Path) -> None:
    """The shipped Sogndal set with every English text removed gives the same figures and
    bokmål texts; only the English texts are empty."""
    d = tmp_path / "sogndal"
    shutil.copytree(SETS_DIR / "sogndal-2021", d)
    for f in d.glob("*.csv"):
        lines = f.read_text(encoding="utf-8").splitlines()
        if f.name == "economy.csv":
            lines = [ln for ln in lines if not ln.split(",")[0].endswith("_en")]
        elif lines[0].endswith(",source_en"):
            rows = list(csv.reader(io.StringIO("\n".join(lines))))
            buf = io.StringIO()
            csv.writer(buf, lineterminator="\n").writerows(r[:-1] for r in rows)
            lines = buf.getvalue().splitlines()
        f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    bare, full = load_economy(d), load_economy("sogndal-2021")
    assert "source_en" not in bare.settings and "population_source_en" not in bare.settings
    assert full.settings["source_en"].startswith("Agenda Kaupang (2022) for Sogndal municipality")
    assert full.settings["population_source_en"].startswith("Assumption (demo)")
    assert bare.settings == {k: v for k, v in full.settings.items() if not k.endswith("_en")}
    strip = {"source_en"}
    assert [r.model_dump(exclude=strip) for r in bare.coverage] == [
        r.model_dump(exclude=strip) for r in full.coverage
    ]
    assert [r.model_dump(exclude=strip) for r in bare.areas] == [
        r.model_dump(exclude=strip) for r in full.areas
    ]
    assert all(r.source_en == "" for r in bare.coverage + bare.areas)  # type: ignore[operator]
    assert all(r.source_en for r in full.coverage + full.areas)  # type: ignore[operator]


def test_shipped_sets_carry_english_sources() -> None:
    alver = load_economy("alver-2020")
    assert alver.budget[0].source_en.startswith("PwC 2021 (Alver): net cost “approx. MNOK 219”")
    assert alver.budget[-1].source_en == "Demo assumption (as above)"
    sogndal = load_economy("sogndal-2021")
    inst = next(a for a in sogndal.areas if a.area == "institusjon")
    assert "“28 FTEs or 24 places”" in inst.source_en
    ref = load_overspend_reference()
    assert ref[0]["source_en"].startswith("Molde and Kristiansund (2025)")
    # the benchmark rows carry the English source on (the report's stated gaps)
    b = handlingsrom(sogndal.kostra, sogndal.areas, sogndal.benchmark_settings())
    by_area = {r.area: r for r in b.rows}
    assert (
        by_area["hjemmeboende"].source_en == "Agenda Kaupang 2022 (Sogndal): “by NOK 17.8 million”"
    )
    rest = next(r for r in b.rows if r.method == "rest")
    assert rest.source_en == "Stated total minus the sum of the rows"
