"""Read a baseline from a folder of CSV files (``data/baselines/<slug>/``).

This and :mod:`model.cli` are the package's only file-reading edge; the model itself
(:mod:`model.engine`) never does I/O.

Every table is optional except ``about`` and ``parameters`` (see :data:`model.tables.TABLES`);
a table a folder lacks is empty — never filled from another municipality.
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from model.baseline import (
    Baseline,
    Department,
    NursingHomeRow,
    NursingHomes,
    Parameter,
    PlaceType,
    PopulationRow,
    PopulationYear,
    PublishedFigure,
    RefundRule,
    RefundUser,
    ServiceDef,
    Site,
)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
BASELINES_DIR = DATA_DIR / "baselines"

#: shipped baselines, display name -> folder; the first is the default
SHIPPED: dict[str, Path] = {
    "Alver 2020 (PwC)": BASELINES_DIR / "alver-2020",
    "Sogndal 2021 (Agenda Kaupang)": BASELINES_DIR / "sogndal-2021",
}
DEFAULT_BASELINE = next(iter(SHIPPED))
#: old names that still open a shipped baseline ("demo" was Alver's)
ALIASES: dict[str, str] = {"demo": DEFAULT_BASELINE}
#: compatibility: name -> folder for every shipped baseline, by display name, slug and alias
BUILTIN: dict[str, Path] = {
    **{k: v for k, v in SHIPPED.items()},
    **{v.name: v for v in SHIPPED.values()},
    **{k: SHIPPED[v] for k, v in ALIASES.items()},
}

_BOOL = {"true": True, "false": False, "1": True, "0": False, "ja": True, "nei": False}


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [dict(r) for r in csv.DictReader(fh)]


def _clean(row: Mapping[str, str | None], bools: tuple[str, ...] = ()) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in row.items():
        if k is None:
            continue
        v = (v or "").strip()
        if v == "":
            continue
        out[k] = _BOOL.get(v.lower(), v) if k in bools else v
    return out


def _norm(name: str) -> str:
    return unicodedata.normalize("NFKC", name).strip().casefold()


def resolve(name_or_dir: str | Path) -> Path:
    """A shipped baseline's folder (by display name, slug or alias), or a folder path."""
    key = str(name_or_dir)
    if key in BUILTIN:
        return BUILTIN[key]
    for k, v in BUILTIN.items():
        if _norm(k) == _norm(key):
            return v
    p = Path(name_or_dir)
    if p.is_dir():
        return p
    raise FileNotFoundError(
        f"baseline '{name_or_dir}' is neither a shipped baseline "
        f"({', '.join(repr(k) for k in SHIPPED)}) nor a folder"
    )


def shipped_name(name_or_dir: str | Path) -> str | None:
    """The display name of a shipped baseline (None for any other folder)."""
    try:
        d = resolve(name_or_dir).resolve()
    except FileNotFoundError:
        return None
    for k, v in SHIPPED.items():
        if v.resolve() == d:
            return k
    return None


def _optional(path: Path) -> list[dict[str, str]]:
    return read_csv(path) if path.exists() else []


def load_baseline(name_or_dir: str | Path = DEFAULT_BASELINE) -> Baseline:
    """Load and validate a baseline folder. Raises pydantic.ValidationError on bad data,
    FileNotFoundError when ``about.csv`` or ``parameters.csv`` is missing."""
    d = resolve(name_or_dir)
    for required in ("about.csv", "parameters.csv"):
        if not (d / required).exists():
            raise FileNotFoundError(f"baseline folder '{d}' has no {required}")
    about = {r["field"]: r["value"] for r in read_csv(d / "about.csv")}
    params = {}
    for r in read_csv(d / "parameters.csv"):
        row = _clean(r)
        params[row["key"]] = Parameter(**row)
    sites = [Site(**_clean(r, ("housing", "dognturnus"))) for r in _optional(d / "sites.csv")]
    departments = [Department(**_clean(r)) for r in _optional(d / "departments.csv")]
    users = [
        RefundUser(**_clean(r, ("intellectual_disability",)))
        for r in _optional(d / "refund_users.csv")
    ]
    rules = [RefundRule(**_clean(r)) for r in _optional(d / "refund_rules.csv")]
    services = [ServiceDef(**_clean(r)) for r in _optional(d / "services.csv")]
    population = [PopulationRow(**_clean(r)) for r in _optional(d / "population.csv")]
    homes_path = d / "nursing_homes.csv"
    legacy_nursing: NursingHomes | None = None
    homes: list[NursingHomeRow] = []
    if homes_path.exists():
        rows = read_csv(homes_path)
        if rows and "field" in rows[0]:
            legacy_nursing = _legacy_nursing(d, rows)
        else:
            homes = [NursingHomeRow(**_clean(r)) for r in rows]
    types = (
        [PlaceType(**_clean(r)) for r in _optional(d / "nursing_place_types.csv")]
        if legacy_nursing is None
        else []
    )
    figures = [PublishedFigure(**_clean(r)) for r in _optional(d / "published_figures.csv")]
    return Baseline(
        name=about.get("name", d.name),
        slug=about.get("slug", d.name),
        municipality=about.get("municipality", ""),
        year=int(about.get("year", "0")),
        description=about.get("description", ""),
        source=about.get("source", ""),
        description_en=about.get("description_en", ""),
        source_en=about.get("source_en", ""),
        parameters=params,
        sites=sites,
        departments=departments,
        refund_users=users,
        refund_rules=rules,
        nursing_homes=legacy_nursing,
        services=services,
        population=population,
        nursing_home_rows=homes,
        nursing_place_types=types,
        published_figures=figures,
    )


def _legacy_nursing(d: Path, rows: list[dict[str, str]]) -> NursingHomes:
    """The older ``field,value`` nursing_homes.csv (one summary, no per-home rows)."""
    fields = {r["field"]: r["value"] for r in rows}
    types = [PlaceType(**_clean(r)) for r in _optional(d / "nursing_place_types.csv")]
    pops = [PopulationYear(**_clean(r)) for r in _optional(d / "population_80.csv")]
    return NursingHomes(
        municipality=fields.get("municipality", ""),
        year=int(fields["year"]),
        place_types=types,
        fte_in_use=float(fields["fte_in_use"]),
        population_80_plus=float(fields["population_80_plus"]),
        population_table=pops,
        hdo_residents=int(float(fields.get("hdo_residents", "0"))),
        hdo_fte_per_resident=float(fields.get("hdo_fte_per_resident", "0")),
        source="; ".join(sorted({r.get("source", "") for r in rows} - {""})),
    )


def load_published(name_or_dir: str | Path = DEFAULT_BASELINE) -> dict[str, float]:
    """The consultants' published reference figures shipped with a baseline."""
    f = resolve(name_or_dir) / "published_figures.csv"
    return {r["key"]: float(r["value"]) for r in _optional(f)}


def list_shipped() -> list[tuple[str, str]]:
    """(display name, slug) of every shipped baseline, default first."""
    return [(k, v.name) for k, v in SHIPPED.items()]
