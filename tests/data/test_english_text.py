"""Every shipped source, note and description has its English text (``source_en``,
``note_en``, about's ``description_en``), and the English text is English: the English UI
shows no Norwegian words except proper names."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from model.baseline import Baseline
from model.loader import DATA_DIR, load_baseline
from model.tables import text_in

FOLDERS = sorted(
    p for p in (DATA_DIR / "baselines").iterdir() if (p / "about.csv").is_file()
)  # alver-2020, sogndal-2021 (data/demo links to alver-2020)

#: tables with a bokmål ``source``/``note`` and their optional English columns; every other
#: table with a ``source`` has ``source_en``; about.csv has ``description_en``/``source_en``
BILINGUAL = ("parameters.csv", "published_figures.csv")
SOURCED = (
    "services.csv",
    "nursing_homes.csv",
    "nursing_place_types.csv",
    "population.csv",
    "refund_rules.csv",
)

#: common bokmål words and the data's Norwegian units: none may stand in an English text
#: (proper names such as Husbanken, Bærum, Radøy IB and the term døgnturnus are allowed)
BOKMAL = {
    "og", "av", "ikke", "fra", "til", "med", "om", "lag", "er", "på", "som", "gir", "per år",
    "kr", "mill", "kroner", "millioner", "årsverk", "timer", "antakelse", "utledet", "dagens",
    "ordning", "tillegg", "tilleggstabell", "lønn", "plasser", "kostnad", "innbyggere",
    "beboere", "natt", "våken", "hvilende", "rapporten", "oppgitt", "brukes", "bare", "når",
    "ca", "inkl", "tiltak", "se", "eller", "hver", "tredje", "time", "uke", "uker", "netter",
    "sats", "avtale", "demoverdi", "kortsiktige", "langsiktige", "begrepsliste", "faste",
    "kommune", "rundskriv", "innslagspunkt", "sykehjem", "plasstype", "normtall", "trekket",
    "samlet", "gjennomgang", "tjenester", "habilitering", "psykisk", "helse", "rus",
}  # fmt: skip


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-zæøå]+", text.lower())) | (
        {"per år"} if "per år" in text.lower() else set()
    )


def _pairs(folder: Path) -> list[tuple[str, str, str]]:
    """Every (where, bokmål, English) text pair of a shipped folder."""
    out = []
    for table in BILINGUAL + SOURCED:
        if not (folder / table).is_file():
            continue
        rows = _rows(folder, table)
        assert rows, f"{folder.name}/{table} is empty"
        cols = ("source", "note") if table in BILINGUAL else ("source",)
        for col in cols:
            assert f"{col}_en" in rows[0], f"{folder.name}/{table}: no {col}_en column"
        for i, r in enumerate(rows, start=2):
            for col in cols:
                out.append((f"{folder.name}/{table} row {i} {col}", r[col], r[f"{col}_en"]))
    about = {r["field"]: r["value"] for r in _rows(folder, "about.csv")}
    for field in ("description", "source"):
        assert about.get(field), f"{folder.name}/about.csv: no {field}"
        out.append((f"{folder.name}/about.csv {field}", about[field], about.get(f"{field}_en", "")))
    return out


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_every_source_note_and_description_has_english_text(folder: Path) -> None:
    pairs = _pairs(folder)
    assert len(pairs) > 20, folder.name
    for where, nb, en in pairs:
        nb, en = nb.strip(), en.strip()
        # English exactly where there is bokmål: none missing, none without its bokmål
        assert bool(nb) == bool(en), where
        if en:
            assert en != nb or not (_words(nb) & BOKMAL), f"{where}: not translated"
            assert not (_words(en) & BOKMAL), f"{where}: {sorted(_words(en) & BOKMAL)}"


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_figures_in_a_text_survive_translation(folder: Path) -> None:
    """The English text keeps the numbers of the bokmål one (decimal comma → point)."""
    for where, nb, en in _pairs(folder):
        nb = re.sub(r"(?<=\d)[ \u00a0](?=\d{3}\b)", "", nb)  # 1 846 → 1846
        en = re.sub(r"(?<=\d),(?=\d{3}\b)", "", en)  # 1,846 → 1846
        nums_en = set(re.findall(r"\d+(?:\.\d+)?", en)) | set(re.findall(r"\d+", en))
        for n in re.findall(r"\d+(?:,\d+)?", nb):
            assert n.replace(",", ".") in nums_en, (where, n, en)


def test_the_loaded_baseline_carries_both_languages() -> None:
    b: Baseline = load_baseline("demo")
    p = b.parameters["annual_pay_nok"]
    assert p.source.startswith("Antakelse for demo")
    assert p.source_en.startswith("Demo assumption")
    assert text_in(p, "source", "nb") == p.source
    assert text_in(p, "source", "en") == p.source_en
    assert text_in(p, "note", "en") == "Hourly pay = annual pay / (52 × weekly working hours)"
    fig = next(f for f in b.published_figures if f.key == "alver_night_cost_nok")
    assert text_in(fig, "note", "en") == "48.64 × 0.8 = NOK 38.9 million; the report rounds down"
    assert text_in(fig, "note", "nb") == "48,64 × 0,8 = 38,9 mill. kr; rapporten runder ned"
    # an empty English text falls back to bokmål
    bare = p.model_copy(update={"source_en": "", "note_en": ""})
    assert text_in(bare, "source", "en") == p.source
    assert text_in(bare, "note", "en") == p.note
