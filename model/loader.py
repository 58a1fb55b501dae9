"""Read a baseline from a folder of CSV files (the format of ``data/demo/``).

This and :mod:`model.cli` are the package's only file-reading edge; the model itself
(:mod:`model.engine`) never does I/O.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from model.baseline import (
    Baseline,
    Department,
    NursingHomes,
    Parameter,
    PlaceType,
    PopulationYear,
    RefundRule,
    RefundUser,
    Site,
)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
BUILTIN = {"demo": DATA_DIR / "demo"}

_BOOL = {"true": True, "false": False, "1": True, "0": False, "ja": True, "nei": False}


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [dict(r) for r in csv.DictReader(fh)]


def _clean(row: dict[str, str], bools: tuple[str, ...] = ()) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in row.items():
        v = (v or "").strip()
        if v == "":
            continue
        out[k] = _BOOL.get(v.lower(), v) if k in bools else v
    return out


def resolve(name_or_dir: str | Path) -> Path:
    p = Path(name_or_dir)
    if str(name_or_dir) in BUILTIN:
        return BUILTIN[str(name_or_dir)]
    if p.is_dir():
        return p
    raise FileNotFoundError(
        f"baseline '{name_or_dir}' is neither a built-in name ({', '.join(BUILTIN)}) nor a folder"
    )


def load_baseline(name_or_dir: str | Path = "demo") -> Baseline:
    """Load and validate a baseline folder. Raises pydantic.ValidationError on bad data."""
    d = resolve(name_or_dir)
    about = {r["field"]: r["value"] for r in read_csv(d / "about.csv")}
    params = {}
    for r in read_csv(d / "parameters.csv"):
        row = _clean(r)
        params[row["key"]] = Parameter(**row)
    sites = [Site(**_clean(r, ("housing", "dognturnus"))) for r in read_csv(d / "sites.csv")]
    departments = [Department(**_clean(r)) for r in _optional(d / "departments.csv")]
    users = [
        RefundUser(**_clean(r, ("intellectual_disability",)))
        for r in _optional(d / "refund_users.csv")
    ]
    rules = [RefundRule(**_clean(r)) for r in _optional(d / "refund_rules.csv")]
    nursing = _nursing(d)
    return Baseline(
        name=about.get("name", d.name),
        municipality=about.get("municipality", ""),
        year=int(about.get("year", "0")),
        description=about.get("description", ""),
        parameters=params,
        sites=sites,
        departments=departments,
        refund_users=users,
        refund_rules=rules,
        nursing_homes=nursing,
    )


def _optional(path: Path) -> list[dict[str, str]]:
    return read_csv(path) if path.exists() else []


def _nursing(d: Path) -> NursingHomes | None:
    f = d / "nursing_homes.csv"
    if not f.exists():
        return None
    fields = {r["field"]: r["value"] for r in read_csv(f)}
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
        source="; ".join(sorted({r.get("source", "") for r in read_csv(f)} - {""})),
    )


def load_published(name_or_dir: str | Path = "demo") -> dict[str, float]:
    """The consultants' published reference figures shipped with a baseline."""
    f = resolve(name_or_dir) / "published_figures.csv"
    return {r["key"]: float(r["value"]) for r in _optional(f)}
