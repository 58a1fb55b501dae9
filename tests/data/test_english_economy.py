"""Every shipped economy source (``data/economy/*``: the tables' ``source`` and the
settings' ``source``/``population_source``) has its English text, and the English text is
English: the economy page's English UI shows no Norwegian words except proper names."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from model.economy.loader import REFERENCE_DIR, SETS_DIR, set_names
from tests.data.test_english_text import BOKMAL, _words

TABLES = ("benchmark_areas.csv", "care_coverage.csv", "budget.csv")
SETTINGS = ("source", "population_source")
FOLDERS = [SETS_DIR / n for n in set_names()] + [REFERENCE_DIR]
#: further bokmål words of the economy texts (none may stand in an English text)
ECON_BOKMAL = BOKMAL | {
    "mot", "snitt", "utvalgte", "korrigert", "behov", "brutto", "netto", "henholdsvis",
    "merforbruk", "merforbruket", "vært", "demoantakelse", "antatt", "brukt", "fordelt",
    "publisert", "avledet", "andel", "brukere", "bruker", "beboer", "eldre", "tilsvarer",
    "økt", "referanse", "referansegruppen", "tabell", "erstatt", "egen", "økonomiplan",
    "innsparingskrav", "innsparingskravet", "regnskapstall", "ramme", "uten", "beløp",
    "totalen", "resten", "spesifisert", "alle", "vekst", "aldersgruppe", "konstant", "i",
}  # fmt: skip


def _rows(p: Path) -> list[dict[str, str]]:
    with p.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _pairs(folder: Path) -> list[tuple[str, str, str]]:
    """Every (where, bokmål, English) source pair of a shipped economy folder."""
    out = []
    for table in (*TABLES, "merforbruk.csv"):
        if not (folder / table).is_file():
            continue
        rows = _rows(folder / table)
        assert rows and "source_en" in rows[0], f"{folder.name}/{table}: no source_en column"
        for i, r in enumerate(rows, start=2):
            out.append((f"{folder.name}/{table} row {i}", r["source"], r["source_en"]))
    if (folder / "economy.csv").is_file():
        settings = {r["field"]: r["value"] for r in _rows(folder / "economy.csv")}
        for key in SETTINGS:
            if key in settings:
                out.append(
                    (
                        f"{folder.name}/economy.csv {key}",
                        settings[key],
                        settings.get(f"{key}_en", ""),
                    )
                )
    return out


def test_every_shipped_folder_is_checked() -> None:
    names = {f.name for f in FOLDERS}
    assert {"alesund-2020", "alver-2020", "sogndal-2021", "reference"} <= names
    # 34 texts: Ålesund 3 + 1, Alver 5, reference 9, Sogndal 4 + 10 + 2
    assert sum(len(_pairs(f)) for f in FOLDERS) == 34


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_every_economy_source_has_english_text(folder: Path) -> None:
    pairs = _pairs(folder)
    assert pairs, folder.name
    for where, nb, en in pairs:
        nb, en = nb.strip(), en.strip()
        assert bool(nb) == bool(en), where
        if en:
            assert en != nb, f"{where}: not translated"
            assert not (_words(en) & ECON_BOKMAL), f"{where}: {sorted(_words(en) & ECON_BOKMAL)}"
            assert "«" not in en and "»" not in en, f"{where}: use “…” in English"


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_figures_in_an_economy_source_survive_translation(folder: Path) -> None:
    for where, nb, en in _pairs(folder):
        nb = re.sub(r"(?<=\d)[ \u00a0](?=\d{3}\b)", "", nb)  # 14 945 → 14945
        en = re.sub(r"(?<=\d),(?=\d{3}\b)", "", en)  # 14,945 → 14945
        nums_en = set(re.findall(r"\d+(?:\.\d+)?", en)) | set(re.findall(r"\d+", en))
        for n in re.findall(r"\d+(?:,\d+)?", nb):
            assert n.replace(",", ".") in nums_en, (where, n, en)
