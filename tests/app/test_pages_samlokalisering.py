"""AppTest: the Samlokalisering page shows the model's figures for the scenario it builds."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from model import Scenario, evaluate
from model.loader import load_baseline
from tests.app.helpers import assert_ok, chart_data, fte, metrics, mnok, page_opener, slider
from ui.widgets import md

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "samlokalisering.py")


@pytest.fixture
def open_page(tmp_path, monkeypatch):
    return page_opener(PAGE, tmp_path, monkeypatch)


K = "lv:samlokalisering"


def scenario(at: AppTest) -> Scenario:
    return at.session_state["scenario"]


def test_renders_empty(open_page) -> None:
    at = open_page()
    m = metrics(at)
    assert m["Lokasjoner med nattbemanning"] == "27 → 27"
    assert m["Samlokalisering: netto"] == mnok(0) + "/år"
    assert any("Ingen lokasjoner slås sammen" in i.value for i in at.info)
    # one rule block per housing service in the demo
    for svc in ("habilitering", "psykisk_helse_rus", "ressurskrevende", "avlastning"):
        assert at.toggle(key=f"{K}:rule:{svc}:on").value is False
    assert any("Husbanken 4–8" in c.value for c in at.caption)


def test_preset_resource_intensive_matches_model(open_page, demo) -> None:
    at = open_page()
    at.button(key=f"{K}:preset:ressurskrevende").click().run()
    assert_ok(at)
    s = scenario(at)
    rk = [x.name for x in demo.sites if x.housing and x.service.value == "ressurskrevende"]
    assert len(s.colocation.merges) == 1
    assert s.colocation.merges[0].sites == rk
    assert s.colocation.merges[0].arrangement.awake == 2
    r = evaluate(demo, s)
    col = r.measure("colocation")
    m = metrics(at)
    assert m["Lokasjoner med nattbemanning"] == f"27 → {r.totals.sites}"
    assert m["Samlokalisering: brutto"] == mnok(col.gross_savings_nok_per_year) + "/år"
    assert m["Samlokalisering: netto"] == mnok(col.net_savings_nok_per_year) + "/år"
    assert m["Samlokalisering: tapt refusjon"] == mnok(col.lost_refund_nok_per_year) + "/år"
    assert m["Samlokalisering: årsverk"] == fte(col.fte_change)
    assert m["Investering (byggekostnad)"] == mnok(col.investment_nok)
    assert m["Netto investering"] == mnok(col.net_investment_nok)
    assert m["Årlig kapitalkostnad"] == mnok(col.annual_capital_cost_nok) + "/år"
    assert m["Tilbakebetalt (alle tiltak)"] == str(r.totals.payback_year)
    # the headline (drawn by the frame) agrees
    assert m["Netto besparelse"].startswith(mnok(r.totals.net_savings_nok_per_year))
    # the merge chart shows the six homes going into the new site
    frames = [f for f in chart_data(at) if "new_site" in f.columns]
    assert len(frames) == 1
    chart = frames[0]
    assert sorted(chart["site"]) == sorted(rk)
    assert set(chart["new_site"]) == {"Samlokalisert ressurskrevende"}
    assert chart["places"].sum() == sum(x.places for x in demo.sites if x.name in rk)
    # pressing it again does not duplicate the merge
    at.button(key=f"{K}:preset:ressurskrevende").click().run()
    assert len(scenario(at).colocation.merges) == 1


def test_capacity_rule_and_guidance_warnings(open_page, demo) -> None:
    at = open_page()
    at.toggle(key=f"{K}:rule:avlastning:on").set_value(True).run()
    slider(at, key=f"{K}:rule:avlastning:max").set_value(15).run()
    assert_ok(at)
    s = scenario(at)
    assert [(r.service.value, r.max_residents) for r in s.colocation.capacity_rules] == [
        ("avlastning", 15)
    ]
    r = evaluate(demo, s)
    m = metrics(at)
    assert m["Lokasjoner med nattbemanning"] == f"27 → {r.totals.sites}"
    assert r.totals.sites == 27 - 5 + 1
    assert m["Samlokalisering: netto"] == (
        mnok(r.measure("colocation").net_savings_nok_per_year) + "/år"
    )
    # 15 residents: above Husbanken's guidance, said on screen (model warning + slider note)
    warnings = [x.value for x in at.warning]
    assert any("Husbankens veiledning" in x for x in warnings)
    model_msgs = [w.message_nb for w in r.warnings if w.code == "husbanken_size"]
    # shown as Markdown-escaped text (names are data, never markup)
    assert model_msgs and all(md(msg) in warnings for msg in model_msgs)
    # turning the rule off removes it and keeps the settings for next time
    at.toggle(key=f"{K}:rule:avlastning:on").set_value(False).run()
    assert scenario(at).colocation.capacity_rules == []
    assert slider(at, key=f"{K}:rule:avlastning:max").value == 15


def test_explicit_merge_add_and_delete(open_page, demo) -> None:
    at = open_page()
    names = ["Bustølen", "Grønland"]
    at.multiselect(key="samlokalisering:merge:sites").set_value(names).run()
    at.text_input(key="samlokalisering:merge:name").input("Nye Bustølen").run()
    at.number_input(key="samlokalisering:merge:awake").set_value(1).run()
    at.button(key=f"{K}:merge:add").click().run()
    assert_ok(at)
    s = scenario(at)
    assert [(g.name, g.sites, g.arrangement.awake) for g in s.colocation.merges] == [
        ("Nye Bustølen", names, 1)
    ]
    assert any("La til" in x.value for x in at.success)
    r = evaluate(demo, s)
    assert metrics(at)["Samlokalisering: brutto"] == (
        mnok(r.measure("colocation").gross_savings_nok_per_year) + "/år"
    )
    # the merged sites are no longer offered
    assert "Bustølen" not in at.multiselect(key="samlokalisering:merge:sites").options
    at.button(key=f"{K}:merge:del:0").click().run()
    assert scenario(at).colocation.merges == []


def test_merge_needs_two_sites(open_page) -> None:
    at = open_page()
    at.multiselect(key="samlokalisering:merge:sites").set_value(["Bustølen"]).run()
    at.button(key=f"{K}:merge:add").click().run()
    assert not at.exception
    assert any("minst to" in e.value for e in at.error)
    assert scenario(at).colocation.merges == []


def test_investment_levers(open_page, demo) -> None:
    start = Scenario.model_validate(
        {
            "colocation": {
                "merges": [
                    {
                        "name": "Samlet avlastning",
                        "sites": [
                            x.name
                            for x in demo.sites
                            if x.housing and x.service.value == "avlastning"
                        ],
                    }
                ]
            }
        }
    )
    at = open_page(start)
    at.number_input(key="lv:params.construction_cost_per_unit_nok").set_value(4_000_000.0).run()
    slider(at, key="lv:params.husbanken_grant_share").set_value(30.0).run()
    slider(at, key="lv:colocation.day_evening_synergy_pct").set_value(5.0).run()
    at.checkbox(key=f"{K}:units_auto").uncheck().run()
    at.number_input(key=f"{K}:units").set_value(10).run()
    assert_ok(at)
    s = scenario(at)
    assert s.params["construction_cost_per_unit_nok"] == 4_000_000.0
    assert s.params["husbanken_grant_share"] == pytest.approx(0.30)
    assert s.colocation.day_evening_synergy_pct == 5.0
    assert s.colocation.new_units == 10
    col = evaluate(demo, s).measure("colocation")
    m = metrics(at)
    assert m["Investering (byggekostnad)"] == mnok(col.investment_nok) == mnok(40_000_000)
    assert m["Netto investering"] == mnok(col.net_investment_nok)
    assert m["Samlokalisering: brutto"] == mnok(col.gross_savings_nok_per_year) + "/år"
    # help texts carry unit, year and source
    help_text = at.number_input(key="lv:params.construction_cost_per_unit_nok").help
    assert "kr/enhet" in help_text and "2021" in help_text and "Kilde" in help_text


def test_workshop_mode_shows_only_the_chart(open_page, demo) -> None:
    rk = [x.name for x in demo.sites if x.housing and x.service.value == "ressurskrevende"]
    at = open_page(
        Scenario.model_validate({"colocation": {"merges": [{"name": "RK", "sites": rk}]}})
    )
    at.toggle(key="workshop").set_value(True).run()
    assert_ok(at)
    assert len(at.get("vega_lite_chart")) == 1
    # presenter mode: the page's levers (the capacity rules) and its main chart only
    assert {x.key.split(":")[-1] for x in at.main.slider} == {"max"}
    assert len(at.main.select_slider) == 0  # the decimal levers (synergy, interest) are off
    assert {x.key.split(":")[-1] for x in at.main.number_input} == {"awake", "resting"}
    assert len(at.main.dataframe) == 0


def test_english(open_page) -> None:
    at = open_page()
    at.session_state["lang"] = "en"
    at.run()
    assert_ok(at)
    assert "Sites with night staff" in metrics(at)


def test_user_text_is_not_markup(open_page) -> None:
    """A merge name is shown as text: no image, link, LaTeX or colour markup."""
    at = open_page()
    name = "![x](http://example.invalid/a.png) $x$ :red[y]"
    at.multiselect(key="samlokalisering:merge:sites").set_value(["Bustølen", "Grønland"]).run()
    at.text_input(key="samlokalisering:merge:name").input(name).run()
    at.button(key=f"{K}:merge:add").click().run()
    assert_ok(at)
    assert scenario(at).colocation.merges[0].name == name
    shown = [m.value for m in at.markdown if "example" in m.value]
    assert shown and all(md(name) in v for v in shown)
    assert all("![x](" not in v and "$x$" not in v for v in shown)


DEMO = load_baseline("demo")


def test_night_cost_change_has_its_sign_first_in_both_languages(open_page) -> None:
    """st.metric takes a delta's arrow and colour from its leading sign: a saving must read
    '-6,5 mill. kr' / '-NOK 6.5m' (down, green), never 'NOK -6.5m' (read as a rise)."""
    rk = [x.name for x in DEMO.sites if x.housing and x.service.value == "ressurskrevende"]
    s = Scenario.model_validate({"colocation": {"merges": [{"name": "RK", "sites": rk}]}})
    at = open_page(s)
    after = next(m for m in at.metric if m.label == "Nattkostnad etter (berørte lokasjoner)")
    assert after.delta.startswith("-") and "mill." in after.delta
    at.radio(key="lang").set_value("en").run()
    after = next(m for m in at.metric if m.label == "Night cost after (affected sites)")
    assert after.delta.startswith("-NOK\u00a0"), after.delta
