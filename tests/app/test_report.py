"""The council-ready Word report (issue 9 item 6): it opens with python-docx, its headline
and table figures equal the model's (formatted here, independently, with babel), it holds
the chart images and the sources section, in bokmål and in English."""

from __future__ import annotations

import io
from datetime import date

import pytest
from babel.numbers import format_decimal
from docx import Document
from docx.document import Document as DocumentObject

from model import Scenario, evaluate
from model.loader import load_baseline
from model.uncertainty import simulate
from ui.report import build_report, range_rows

NB = "\u00a0"
DAY = date(2026, 11, 27)
EVIL = "=HYPERLINK(1) [x](https://example.invalid)\x07"


def money(x: float, lang: str) -> str:
    """Million kroner, one decimal, in the language's own format."""
    loc = "en_GB" if lang == "en" else "nb_NO"
    v = format_decimal(round(x / 1e6, 1) + 0.0, "#,##0.0", locale=loc)
    v = v.replace("\u202f", NB).replace("−", "-")
    return f"NOK{NB}{v}m" if lang == "en" else f"{v}{NB}mill.{NB}kr"


def one(x: float, lang: str) -> str:
    loc = "en_GB" if lang == "en" else "nb_NO"
    v = format_decimal(round(x, 1) + 0.0, "#,##0.0", locale=loc)
    return v.replace("\u202f", NB).replace("−", "-")


@pytest.fixture(scope="module")
def baseline():
    return load_baseline("demo")


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return Scenario.model_validate(
        {
            "levers": {"overtime_cut_pct": 50, "substitute_cut_pct": 20},
            "plan": {"timing": {"overtime": {"start_year": 2028, "ramp_years": 3}}},
            "custom": [
                {
                    "id": "koordinering",
                    "label": "Koordinering på tvers",
                    "savings_nok_per_year": 1_250_000,
                    "consequences": "Felles vaktplan for tre boliger.",
                    "preconditions": "Avtale med tillitsvalgte.",
                }
            ],
        }
    )


def _open(data: bytes) -> DocumentObject:
    return Document(io.BytesIO(data))


def _tables(doc: DocumentObject) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]


def _find_table(doc: DocumentObject, first_header: str) -> list[list[str]]:
    for t in _tables(doc):
        if t and t[0][0] == first_header:
            return t
    raise AssertionError(f"no table starting with {first_header!r}: {[t[0] for t in _tables(doc)]}")


def _text(doc: DocumentObject) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


LABELS = {
    "nb": {
        "plan": "Tiltak",
        "years": "År",
        "headline": "Størrelse",
        "money": "Per år ved full effekt",
        "sources": "Vedlegg: Kilder",
        "source_table": "Parameter",
        "net": "Netto besparelse per år",
        "gross": "Brutto besparelse per år (full effekt)",
        "payback": "Tilbakebetalt (alle tiltak samlet)",
        "night": "Nattevakt, kostnad per år",
        "unc": "Netto besparelse, alle tiltak",
        "cons": "Konsekvenser: ",
        "pre": "Forutsetninger: ",
    },
    "en": {
        "plan": "Measure",
        "years": "Year",
        "headline": "Figure",
        "money": "Per year at full effect",
        "sources": "Appendix: Sources",
        "source_table": "Parameter",
        "net": "Net saving per year",
        "gross": "Gross saving per year (full effect)",
        "payback": "Paid back (all measures together)",
        "night": "Night watch, cost per year",
        "unc": "Net saving, all measures",
        "cons": "Consequences: ",
        "pre": "Preconditions: ",
    },
}


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_report_figures_equal_the_model(baseline, scenario, lang: str) -> None:
    r = evaluate(baseline, scenario)
    u = simulate(baseline, scenario, draws=500)
    data = build_report(
        baseline,
        scenario,
        name="Nattevakt 2027",
        description="Forslag til politisk behandling",
        lang=lang,  # type: ignore[arg-type]
        today=DAY,
        uncertainty=u,
    )
    doc = _open(data)
    L = LABELS[lang]
    text = _text(doc)

    # name, description, date
    assert "Nattevakt 2027" in text
    assert any("Forslag til politisk behandling" in row[1] for row in _tables(doc)[0])
    assert ("27 November 2026" if lang == "en" else "27. november 2026") in text

    # headline: money per year and the night-watch levels
    money_table = {row[0]: row[1] for row in _find_table(doc, L["money"])}
    t = r.totals
    assert money_table[L["net"]] == money(t.net_savings_nok_per_year, lang)
    assert money_table[L["gross"]] == money(t.gross_savings_nok_per_year, lang)
    assert money_table[L["payback"]] == (str(t.payback_year) if t.payback_year else "–")
    levels = {row[0]: row[1:] for row in _find_table(doc, L["headline"])}
    n0, n1 = t.night_baseline.total_cost_nok, t.night.total_cost_nok
    assert levels[L["night"]] == [money(n0, lang), money(n1, lang), money(n1 - n0, lang)]

    # action plan: one row per active measure with the model's net and gross
    plan = _find_table(doc, L["plan"])
    active = [m for m in r.measures if m.active]
    assert len(plan) == 1 + len(active) and len(active) >= 3
    by_label = {row[0]: row for row in plan[1:]}
    for m in active:
        row = by_label[getattr(m, f"label_{lang}") or m.label_nb]
        assert row[1] == money(m.gross_savings_nok_per_year, lang)
        assert row[3] == money(m.net_savings_nok_per_year, lang)
        assert row[5] == str(m.start_year)
    # full effect agrees with the year table: the overtime cut starts 2028, three years
    overtime = next(m for m in active if m.id == "overtime")
    assert by_label[getattr(overtime, f"label_{lang}")][6] == "2030"

    # the year table
    years = _find_table(doc, L["years"])
    assert [row[0] for row in years[1:]] == [str(y.year) for y in r.years]
    for row, y in zip(years[1:], r.years, strict=True):
        assert row[1] == money(y.gross_savings_nok, lang)
        assert row[2] == money(y.net_savings_nok, lang)
        assert row[3] == one(y.fte_change, lang)
        assert row[6] == money(y.cumulative_net_savings_nok, lang)

    # uncertainty P10/P50/P90 from model.uncertainty
    unc = {row[0]: row[1:] for t_ in _tables(doc) for row in t_ if len(row) == 4}
    q = u.total_net
    assert unc[L["unc"]] == [money(q.p10, lang), money(q.p50, lang), money(q.p90, lang)]

    # the chart images, each with a caption
    images = [rel for rel in doc.part.rels.values() if rel.reltype.endswith("/image")]
    assert len(images) == 2
    for rel in images:
        assert rel.target_part.blob[:8] == b"\x89PNG\r\n\x1a\n"
    assert ("Figure 1: " if lang == "en" else "Figur 1: ") in text

    # the sources section: every parameter with its source
    assert L["sources"] in text
    sources = _find_table(doc, L["source_table"])
    assert len(sources) == 1 + len(baseline.parameters)
    some = next(p for p in baseline.parameters.values() if p.source)
    assert any(row[3] == (some.source_en if lang == "en" else some.source) for row in sources[1:])
    # the sources in the report's language (the data's source_en in English)
    shown = [row[3] for row in sources[1:]]
    if lang == "en":
        assert "Demo assumption: used only when supplement rates follow KS 2023" in shown
        assert "PwC 2021: fixed pay about NOK 195 million/year" in shown
        assert not any("Antakelse" in x or "mill. kr" in x or "ikke oppgitt" in x for x in shown)
    else:
        assert "Antakelse for demo: brukes bare når tilleggssatser regnes etter KS 2023" in shown
        assert "PwC 2021: fast lønn om lag 195 mill. kr/år" in shown

    # consequences and preconditions per measure, from the model's result
    assert L["cons"] + "Felles vaktplan for tre boliger." in text
    assert L["pre"] + "Avtale med tillitsvalgte." in text


def test_report_in_english_has_no_norwegian_headings(baseline, scenario) -> None:
    doc = _open(build_report(baseline, scenario, lang="en", today=DAY, charts=False))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert "Decision report" in headings
    for word in ("Beslutningsgrunnlag", "Handlingsplan", "Hovedtall", "Kilder", "Metode"):
        assert not any(word in h for h in headings), (word, headings)


def test_report_keeps_user_text_as_text(baseline) -> None:
    """Control characters are dropped (Word cannot hold them); the rest is plain text."""
    s = Scenario()
    doc = _open(build_report(baseline, s, name=EVIL, description=EVIL, today=DAY, charts=False))
    text = _text(doc)
    assert "=HYPERLINK(1) [x](https://example.invalid)" in text
    assert "\x07" not in text
    assert not doc.part.rels or all(
        not rel.reltype.endswith("/hyperlink") for rel in doc.part.rels.values()
    )


def test_overview_page_has_the_report_button(tmp_path, monkeypatch) -> None:
    from tests.app.helpers import page_opener, page_path

    at = page_opener(page_path("oversikt"), tmp_path, monkeypatch)(
        Scenario(levers={"overtime_cut_pct": 50})
    )
    buttons = [b for b in at.get("download_button") if b.proto.id and "docx" in b.proto.id]
    assert len(buttons) == 1
    assert buttons[0].proto.label == "Last ned beslutningsgrunnlag (Word)"


def test_report_of_a_saved_scenario(tmp_path) -> None:
    """A saved scenario's report: its own name, version, description and numbers."""
    from model import MODEL_VERSION
    from storage.store import open_store
    from ui.downloads import saved_report

    store = open_store(tmp_path / "sim.duckdb")
    b = store.load_baseline("demo")
    s = Scenario(levers={"overtime_cut_pct": 40})
    saved = store.save_scenario(
        name="Kveldsvakt i Alver",
        scenario=s,
        description="Til kommunestyret i desember",
        baseline_name=b.name,
        baseline_hash=b.hash,
        model_version=MODEL_VERSION,
    )
    doc = _open(saved_report(store, saved.id, "nb"))
    text = _text(doc)
    assert "Kveldsvakt i Alver (v1)" in text
    rows = {row[0]: row[1] for row in _tables(doc)[0]}
    assert rows["Beskrivelse"] == "Til kommunestyret i desember"
    money_table = {row[0]: row[1] for row in _find_table(doc, "Per år ved full effekt")}
    net = evaluate(b, s).totals.net_savings_nok_per_year
    assert money_table["Netto besparelse per år"] == money(net, "nb")


def test_uncertainty_ranges_name_their_source_in_the_report_language(baseline, scenario) -> None:
    """The ranges drawn in the uncertainty analysis list each parameter's source: the
    data's ``source_en`` in English, ``source`` in bokmål."""
    en = {row[0]: row[-1] for row in range_rows(baseline, scenario, "en")}
    nb = {row[0]: row[-1] for row in range_rows(baseline, scenario, "nb")}
    assert en["Cost per gross FTE"] == (
        "PwC 2021 (Alver): fixed pay, fixed supplements and substitute cost incl. social costs"
    )
    assert nb["Kostnad per brutto årsverk"] == (
        "PwC 2021 (Alver): fast lønn, faste tillegg og vikarkostnad inkl. sosiale kostnader"
    )


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_report_describes_the_baseline_in_its_language(baseline, scenario, lang: str) -> None:
    """Section 2 holds the baseline's description: about.csv's ``description_en`` in English."""
    text = _text(_open(build_report(baseline, scenario, lang=lang, today=DAY, charts=False)))
    en = "Alver municipality 2020: habilitation, mental health and addiction (PwC 2021)."
    nb = "Alver kommune 2020: habilitering, psykisk helse og rus (PwC 2021)."
    assert (en if lang == "en" else nb) in text
    assert (nb if lang == "en" else en) not in text
