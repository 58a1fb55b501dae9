"""Labels that say what happened (issue 9 item 7): the action plan's full-effect year
agrees with the year table, payback says what it includes, and the co-location tables'
merge and døgnturnus flags are the model's."""

from __future__ import annotations

from model import Scenario, evaluate
from model.loader import load_baseline
from tests.app.helpers import frame, page_opener, page_path

SCENARIO = Scenario.model_validate(
    {
        "levers": {"overtime_cut_pct": 50},
        "colocation": {
            "capacity_rules": [
                {
                    "service": "habilitering",
                    "max_residents": 12,
                    "arrangement": {"awake": 1, "resting": 0},
                }
            ]
        },
        "plan": {"timing": {"overtime": {"start_year": 2028, "ramp_years": 3}}},
    }
)


def _first_full_year(r, measure_id: str) -> int | None:
    """From the year table: the first year whose value for the measure is its last one."""
    values = [(y.year, y.by_measure_net_nok.get(measure_id, 0.0)) for y in r.years]
    last = values[-1][1]
    for year, v in values:
        if abs(v - last) <= 1.0:
            return year
    return None


def test_action_plan_full_effect_agrees_with_year_table(tmp_path, monkeypatch) -> None:
    r = evaluate(load_baseline("demo"), SCENARIO)
    at = page_opener(page_path("oversikt"), tmp_path, monkeypatch)(SCENARIO)
    plan = frame(at, "Full effekt").set_index("Tiltak")
    active = [m for m in r.measures if m.active]
    assert len(active) >= 2
    for m in active:
        assert int(plan.loc[m.label_nb, "Full effekt"]) == _first_full_year(r, m.id), m.id
    # the overtime cut ramps over three years from 2028: full effect 2030, not 2028
    assert int(plan.loc["Redusere overtid", "Full effekt"]) == 2030
    assert "Tilbakebetalt (eget tiltak)" in plan.columns
    captions = " ".join(c.value for c in at.caption)
    assert "Full effekt: første år i årstabellen med full effekt" in captions


def test_colocation_flags_are_the_models(tmp_path, monkeypatch) -> None:
    r = evaluate(load_baseline("demo"), SCENARIO)
    at = page_opener(page_path("samlokalisering"), tmp_path, monkeypatch)(SCENARIO)
    t = r.sites
    moved = [i for i in range(len(t.name)) if t.moved[i]]
    assert moved, "the rule moves sites"
    table = frame(at, "Slått sammen med andre").set_index("Lokasjon i dag")
    assert sorted(table.index) == sorted(t.name[i] for i in moved)
    for i in moved:
        row = table.loc[t.name[i]]
        assert row["Slått sammen med andre"] == ("ja" if t.merged[i] else "nei")
        before = "ja" if t.dognturnus_before[i] else "nei"
        after = "ja" if t.dognturnus_after[i] else "nei"
        assert row["Døgnturnus før → etter"] == f"{before} → {after}"
    assert any(t.merged[i] for i in moved), "with room for 12 some sites are merged"
    labels = [c.label for c in at.checkbox]
    assert "Døgnturnus på ny lokasjon (av: som i dag)" in labels
    assert "Beholder døgnturnus" not in labels


def test_labels_in_english(tmp_path, monkeypatch) -> None:
    at = page_opener(page_path("samlokalisering"), tmp_path, monkeypatch)(SCENARIO)
    at.radio(key="lang").set_value("en").run()
    labels = [c.label for c in at.checkbox]
    assert "Døgnturnus at the new site (off: as today)" in labels
    assert frame(at, "Merged with others") is not None


def test_generated_site_names_follow_the_language(tmp_path, monkeypatch) -> None:
    """Co-location names the new sites («Samlokalisert habilitering Lindås/Knarvik 1»); the
    English UI shows them in English, while the bokmål name stays the site's identity."""
    r = evaluate(load_baseline("demo"), SCENARIO)
    generated = [x.name for x in r.sites_after if x.name.startswith("Samlokalisert ")]
    assert generated, "the capacity rule makes new sites"
    for name in generated:
        english = r.site_name(name, "en")
        assert english.startswith("Co-located habilitation")
        assert english.split()[-1] == name.split()[-1]  # the same number
        assert r.site_name(name, "nb") == name
    assert r.site_name("Kvasten", "en") == "Kvasten"  # a municipality's own name stays
    sized = [w for w in r.warnings if w.code == "husbanken_size"]
    assert sized and all(w.message_en.startswith("Co-located habilitation") for w in sized)
    assert all(w.message_nb.startswith("Samlokalisert habilitering") for w in sized)

    at = page_opener(page_path("samlokalisering"), tmp_path, monkeypatch)(SCENARIO)
    shown_nb = set(frame(at, "Ny lokasjon")["Ny lokasjon"])
    assert shown_nb == {n for n in generated if n in shown_nb} and shown_nb
    at.radio(key="lang").set_value("en").run()
    shown_en = set(frame(at, "New site")["New site"])
    assert shown_en == {r.site_name(n, "en") for n in shown_nb}
    after = set(frame(at, "Site after")["Site after"])
    assert not any(x.startswith("Samlokalisert") for x in after)
