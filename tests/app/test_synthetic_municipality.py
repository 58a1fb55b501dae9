"""A complete synthetic municipality, generated here (seeded random names and numbers, no
demo values), imported through the Data page: no demo value (Alver's or Sogndal's names and
figures) appears on any page, in the headline, in any export or in the CLI result (issue 8).
"""

from __future__ import annotations

import csv
import io
import json
import random
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from model import Scenario, evaluate
from model.baseline import (
    Baseline,
    Department,
    NursingHomeRow,
    Parameter,
    PlaceType,
    PopulationRow,
    RefundRule,
    RefundUser,
    Site,
)
from model.catalog import SERVICE_LABELS
from model.loader import SHIPPED, load_baseline
from model.params import PARAMETER_BOUNDS
from tests.app.helpers import ENTRY, assert_ok

ROOT = Path(__file__).resolve().parents[2]
SEED = 20261127
SYL = ["bre", "kol", "var", "ten", "mo", "lund", "sk", "au", "rin", "tve", "hol", "ny", "ås"]
SYL2 = ["vika", "berg", "stad", "haug", "li", "nes", "dal", "rud", "set", "øy"]
#: nattevakt last: AppTest formats its radio's options outside the run when the next page
#: is opened, in the default language
PAGES = [
    "oversikt",
    "samlokalisering",
    "dekningsgrad",
    "okonomi",
    "sammenlign",
    "data",
    "metode",
    "nattevakt",
]


def _word(rng: random.Random) -> str:
    return (rng.choice(SYL) + rng.choice(SYL) + rng.choice(SYL2)).capitalize()


def synthetic(seed: int = SEED) -> Baseline:
    """One whole municipality: every table, seeded random names and numbers."""
    rng = random.Random(seed)
    muni = _word(rng) + " kommune"
    year = 2025
    alver = load_baseline("Alver 2020 (PwC)")
    sogndal = load_baseline("Sogndal 2021 (Agenda Kaupang)")
    params: dict[str, Parameter] = {}
    for key, p in {**sogndal.parameters, **alver.parameters}.items():
        if key.startswith("fte_cost_includes_"):
            value = float(rng.choice([0, 1]))
        elif p.unit in ("andel", "andel/år") or (0 < p.value < 1):
            value = round(min(0.95, p.value * rng.uniform(0.8, 1.2)), 4)
        else:
            value = round(p.value * rng.uniform(0.83, 1.19), 2)
        lo, hi = PARAMETER_BOUNDS.get(key, (-1e12, 1e12))
        value = min(max(value, lo), hi)
        if key == "nights_per_year":
            value = float(rng.randint(360, 366))
        params[key] = Parameter(
            key=key,
            value=value,
            unit=p.unit,
            year=year,
            municipality=muni,
            source=f"Syntetisk kilde {rng.randint(100, 999)}",
            status=rng.choice(["published", "derived", "assumption"]),
            label_nb=p.label_nb,
            label_en=p.label_en,
        )
    services = ["habilitering", "psykisk_helse_rus", "avlastning", "heldogns_omsorgsbolig"]
    areas = [_word(rng) for _ in range(3)]
    departments = [
        Department(
            name=f"{_word(rng)} avdeling {i}",
            service=services[i % len(services)],
            fte=round(rng.uniform(8, 40), 2),
            places=rng.randint(4, 14),
            users=rng.randint(4, 14),
            gross_cost_per_user_nok=float(rng.randint(700, 1900) * 1000),
            overtime_nok=float(rng.randint(100, 900) * 1000),
        )
        for i in range(4)
    ]
    sites = []
    for i in range(9):
        dept = departments[i % len(departments)]
        sites.append(
            Site(
                name=f"{_word(rng)}tunet {i + 1}",
                service=dept.service,
                area=areas[i % len(areas)],
                department=dept.name,
                places=rng.randint(3, 9),
                awake=rng.randint(0, 2),
                resting=rng.randint(0, 1) or 1,
                shift_hours=rng.choice([8.5, 9.0, 10.0]),
                dognturnus=rng.random() < 0.3,
                status="published",
            )
        )
    users = [
        RefundUser(
            id=f"S{i:03d}",
            site=sites[i % len(sites)].name,
            department=sites[i % len(sites)].department,
            intellectual_disability=rng.random() < 0.5,
            direct_labour_cost_nok=float(rng.randint(1700, 3100) * 1000),
            status="published",
        )
        for i in range(12)
    ]
    rules = [
        RefundRule(
            year=y,
            threshold_nok=float(rng.randint(1400, 1700) * 1000),
            rate=0.8,
            id_deduction_nok=float(rng.randint(700, 900) * 1000),
            source="Syntetisk rundskriv",
        )
        for y in range(year, year + 5)
    ]
    types = [
        PlaceType(
            key="langtid",
            label_nb="Langtid",
            label_en="Long-term",
            norm_fte_per_place=round(rng.uniform(0.7, 1.0), 2),
            source="Syntetisk norm",
        ),
        PlaceType(
            key="korttid",
            label_nb="Korttid",
            label_en="Short-term",
            norm_fte_per_place=round(rng.uniform(0.9, 1.3), 2),
            source="Syntetisk norm",
        ),
    ]
    homes = [
        NursingHomeRow(
            home=f"{_word(rng)} sjukeheim",
            place_type=t.key,
            places=rng.randint(7, 31),
            fte=round(rng.uniform(6, 30), 1),
            source="Syntetisk",
        )
        for t in types
        for _ in range(2)
    ]
    population = [
        PopulationRow(year=y, age_group="80+", population=float(rng.randint(611, 777) + 9 * k))
        for k, y in enumerate(range(year, year + 6))
    ]
    return Baseline(
        name=f"{muni} {year}",
        municipality=muni,
        year=year,
        description=f"Syntetisk kommune {seed}",
        source="Syntetisk",
        parameters=params,
        sites=sites,
        departments=departments,
        refund_users=users,
        refund_rules=rules,
        nursing_home_rows=homes,
        nursing_place_types=types,
        population=population,
    )


def demo_values() -> list[str]:
    """Values that belong to the shipped municipalities and must never show up."""
    out = {"Alver", "Sogndal", "38,9\xa0mill", "38,8\xa0mill", "NOK\xa038.9m", "NOK\xa038.8m"}
    out |= {"89\xa0790", "89,790", "246 timer", "246 hours", "Svingen", "Balestrand"}
    for name in SHIPPED:
        b = load_baseline(name)
        out |= {b.municipality, b.name}
        out |= {s.name for s in b.sites} | {s.area for s in b.sites if s.area}
        out |= {d.name for d in b.departments}
        out |= {h.home for h in b.nursing_home_rows}
    generic = {lbl for pair in SERVICE_LABELS.values() for lbl in pair}  # "Avlastning" …
    return sorted(v for v in out if len(v) >= 4 and v not in generic)


def write_folder(b: Baseline, d: Path) -> Path:
    """The baseline as a folder of CSV files (the loader's format)."""
    d.mkdir(parents=True, exist_ok=True)
    about = {
        "name": b.name,
        "municipality": b.municipality,
        "year": b.year,
        "description": b.description,
        "source": b.source,
    }
    tables: dict[str, list[Any]] = {
        "parameters": list(b.parameters.values()),
        "sites": b.sites,
        "departments": b.departments,
        "refund_users": b.refund_users,
        "refund_rules": b.refund_rules,
        "nursing_homes": b.nursing_home_rows,
        "nursing_place_types": b.nursing_place_types,
        "population": b.population,
    }
    with (d / "about.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["field", "value"])
        w.writerows(about.items())
    for key, items in tables.items():
        rows = [i.model_dump(mode="json") for i in items]
        with (d / f"{key}.csv").open("w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]))
            w.writeheader()
            for r in rows:
                w.writerow({k: ("" if v is None else v) for k, v in r.items()})
    return d


#: Pages that *cite* the source reports by municipality (not their data): the method page's
#: worked example of the consultants' arithmetic (PwC 2021, Alver: 246 h x 365 = 89 790 h) and
#: the economy page's own KOSTRA reference group (Ålesund, Sogndal). Site, department and
#: home names and the demo's money figures are still checked there.
CITED: dict[str, set[str]] = {
    "metode": {"Alver", "Sogndal", "89\xa0790", "89,790"},
    "okonomi": {"Alver", "Sogndal"},
}

#: the baseline pickers list the shipped baselines by name (a choice, not their figures)
PICKERS = {"baseline_pick", "data:baseline_pick"}


def blobs(node: Any) -> list[bytes]:
    """Everything the app rendered (protobufs of every element, tables and charts included),
    except the baseline pickers' option lists."""
    out: list[bytes] = []
    try:
        key = getattr(node, "key", None)
    except Exception:  # noqa: BLE001 - some nodes have no key
        key = None
    if key in PICKERS:
        return out
    proto = getattr(node, "proto", None)
    if proto is not None and hasattr(proto, "SerializeToString"):
        out.append(proto.SerializeToString())
    children = getattr(node, "children", None) or {}
    for child in children.values() if isinstance(children, dict) else children:
        out += blobs(child)
    return out


def hits(data: bytes, values: list[str]) -> list[str]:
    return [v for v in values if v.encode() in data]


SCENARIO = Scenario.model_validate(
    {
        "levers": {"overtime_cut_pct": 30},
        "refund": {"enabled": True},
        "night": {"rules": [{"selector": {}, "arrangement": {"awake": 1}}]},
        "coverage": {"target_rate": 0.12},
    }
)


@pytest.fixture(scope="module")
def syn() -> Baseline:
    return synthetic()


def test_generated_municipality_has_no_demo_value(syn: Baseline) -> None:
    data = syn.model_dump_json().encode()
    assert hits(data, demo_values()) == []
    assert all(syn.has_table(k) for k in ("sites", "nursing_homes", "population", "refund_users"))


def test_cli_result_has_no_demo_value(syn: Baseline, tmp_path: Path) -> None:
    folder = write_folder(syn, tmp_path / "syn")
    scen = tmp_path / "s.json"
    scen.write_text(SCENARIO.model_dump_json(), encoding="utf-8")
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "model",
            "evaluate",
            "--scenario",
            str(scen),
            "--baseline",
            str(folder),
        ],
        capture_output=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert out.returncode == 0, out.stderr.decode()[-2000:]
    result = json.loads(out.stdout)
    loaded = load_baseline(folder)  # the folder is the same municipality
    assert loaded.sites == syn.sites and loaded.parameter_values() == syn.parameter_values()
    assert loaded.nursing_home_rows == syn.nursing_home_rows
    assert hits(out.stdout, demo_values()) == []
    expected = evaluate(syn, SCENARIO).totals.net_savings_nok_per_year
    assert result["totals"]["net_savings_nok_per_year"] == pytest.approx(expected)


def test_imported_municipality_shows_no_demo_value_anywhere(
    syn: Baseline, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storage.template import baseline_xlsx

    monkeypatch.setenv("SIMULATOR_DB", str(tmp_path / "app.duckdb"))
    st.cache_resource.clear()
    st.cache_data.clear()
    demo = demo_values()
    at = AppTest.from_file(ENTRY, default_timeout=60)
    at.run()
    at.switch_page(str(ROOT / "pages" / "data.py")).run()
    book = baseline_xlsx(syn)
    at.file_uploader(key="data:upload").set_value([("kommune.xlsx", book, "application/xlsx")])
    at.text_input(key="data:imp_name").input(syn.name)
    at.text_input(key="data:imp_muni").input(syn.municipality)
    at.number_input(key="data:imp_year").set_value(syn.year)
    at.button(key="data:import").click().run()
    assert_ok(at)
    assert any("Importert og valgt" in s.value for s in at.success), [e.value for e in at.error]
    assert at.session_state["baseline_name"] == syn.name
    # every page, in both languages, in a fresh session opened from a link to the imported
    # municipality with a scenario that has every kind of money (AppTest formats radio
    # options outside the run in the default language, so one session per page)
    from model.codec import encode

    link = {"b": syn.name, "s": encode(SCENARIO)}
    shown: dict[str, list[str]] = {}
    for lang in ("nb", "en"):
        for page in PAGES:
            one = AppTest.from_file(ENTRY, default_timeout=60)
            one.query_params.update({**link, "lang": lang})
            one.run()
            one.switch_page(str(ROOT / "pages" / f"{page}.py")).run()
            assert_ok(one)
            assert one.session_state["baseline_name"] == syn.name
            found = [
                v for v in hits(b"".join(blobs(one._tree)), demo) if v not in CITED.get(page, set())
            ]
            if found:
                shown[f"{page} ({lang})"] = found
            assert any(syn.municipality in c.value for c in one.caption), page  # headline
    assert shown == {}, f"demo values shown: {shown}"
    # every export of the result
    from storage.export import result_to_csv, result_to_xlsx
    from ui.report import build_report

    imported = load_imported(tmp_path / "app.duckdb", syn.name)
    r = evaluate(imported, SCENARIO)
    assert r.baseline_name == syn.name
    for lang in ("nb", "en"):
        assert hits(unzip(result_to_xlsx(r, SCENARIO, imported, lang=lang)), demo) == []
        for table in ("measures", "years", "sites"):
            assert hits(result_to_csv(r, table, lang=lang), demo) == []
        doc = build_report(imported, SCENARIO, lang=lang, result=r, charts=False)
        assert hits(unzip(doc), demo) == []


def load_imported(db: Path, name: str) -> Baseline:
    from ui import state

    return state._store_for(str(db)).load_baseline(name)


def unzip(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return b"".join(z.read(n) for n in z.namelist())
