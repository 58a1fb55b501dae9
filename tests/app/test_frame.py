"""The frame and the first two pages driven through Streamlit's AppTest."""

from __future__ import annotations

from model import Scenario, evaluate
from model.codec import encode
from model.loader import load_baseline
from tests.app.conftest import headline, mnok_nb, page
from tests.app.helpers import slider

DEMO = load_baseline("demo")


def net_of(s: Scenario) -> str:
    return mnok_nb(evaluate(DEMO, s).totals.net_savings_nok_per_year)


def gross_of(s: Scenario) -> str:
    return mnok_nb(evaluate(DEMO, s).totals.gross_savings_nok_per_year)


def test_opens_on_baseline_with_zero_change(app) -> None:
    at = app()
    assert not at.exception
    assert not at.error
    h = headline(at)
    assert h["Netto besparelse"] == "0,0\u00a0mill.\u00a0kr"
    assert h["Endring årsverk"] == "0,0"


def test_overtime_slider_moves_headline_to_model_figure(app) -> None:
    at = app()
    slider(at, key="lv:levers.overtime_cut_pct").set_value(33.5).run()
    s = Scenario(levers={"overtime_cut_pct": 33.5})
    h = headline(at)
    assert h["Netto besparelse"] == net_of(s)
    assert h["Brutto besparelse"] == gross_of(s)
    # gross is 33.5 % of 4.5 MNOK overtime; net is lower (lost refund)
    assert h["Brutto besparelse"] == mnok_nb(0.335 * 4_500_000)
    assert h["Netto besparelse"] != h["Brutto besparelse"]
    assert at.query_params["s"] == encode(s)


def test_switching_pages_keeps_the_scenario(app) -> None:
    at = app()
    slider(at, key="lv:levers.decided_hours_cut_pct").set_value(2.0).run()
    before = headline(at)
    at.switch_page(page("nattevakt")).run()
    assert not at.exception
    assert headline(at) == before
    at.switch_page(page("oversikt")).run()
    assert slider(at, key="lv:levers.decided_hours_cut_pct").value == 2.0
    assert headline(at) == before


def test_shared_link_reproduces_figures(app) -> None:
    s = Scenario(
        levers={"substitute_cut_pct": 5.0},
        night={
            "rules": [
                {
                    "selector": {"dognturnus": True},
                    "arrangement": {"awake": 1, "resting": 1, "dognturnus": False},
                }
            ]
        },
    )
    at = app({"s": encode(s)})
    assert not at.warning
    assert headline(at)["Netto besparelse"] == net_of(s)
    assert at.session_state["scenario"] == s


def test_tampered_link_warns_and_shows_baseline(app) -> None:
    token = encode(Scenario(levers={"overtime_cut_pct": 50}))
    bad = token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:]
    at = app({"s": bad})
    assert not at.exception
    assert any("Lenken kunne ikke leses" in w.value for w in at.warning)
    assert headline(at)["Netto besparelse"] == "0,0\u00a0mill.\u00a0kr"


def test_garbage_link_and_unknown_version(app) -> None:
    for q in ("not-a-token", "9.abc", "1.@@@"):
        at = app({"s": q})
        assert not at.exception
        assert any("Lenken" in w.value for w in at.warning), q


def test_undo_and_reset(app) -> None:
    at = app()
    slider(at, key="lv:levers.overtime_cut_pct").set_value(10.0).run()
    slider(at, key="lv:levers.substitute_cut_pct").set_value(20.0).run()
    both = Scenario(levers={"overtime_cut_pct": 10.0, "substitute_cut_pct": 20.0})
    assert headline(at)["Brutto besparelse"] == gross_of(both)
    at.button(key="btn_undo").click().run()
    assert headline(at)["Brutto besparelse"] == mnok_nb(0.1 * 4_500_000)
    assert slider(at, key="lv:levers.overtime_cut_pct").value == 10.0
    assert slider(at, key="lv:levers.substitute_cut_pct").value == 0.0
    at.button(key="btn_reset").click().run()
    assert headline(at)["Brutto besparelse"] == "0,0\u00a0mill.\u00a0kr"
    assert "s" not in at.query_params


def test_rapid_steps_on_one_lever_are_one_undo_step(app) -> None:
    at = app()
    for v in (10.0, 20.0, 30.0, 40.0):  # AppTest runs are far closer than 2 s apart
        slider(at, key="lv:levers.overtime_cut_pct").set_value(v).run()
    assert headline(at)["Brutto besparelse"] == mnok_nb(0.4 * 4_500_000)
    at.button(key="btn_undo").click().run()
    assert headline(at)["Brutto besparelse"] == "0,0\u00a0mill.\u00a0kr"
    assert slider(at, key="lv:levers.overtime_cut_pct").value == 0.0
    assert at.button(key="btn_undo").disabled


def test_rule_toggle_then_slider_keeps_the_rule(app) -> None:
    """The reported race: switch a co-location rule on, then move a slider on the page.
    The rule stays on and the slider's value is applied (no widget key is deleted)."""
    at = app()
    at.switch_page(page("samlokalisering")).run()
    at.toggle(key="lv:samlokalisering:rule:habilitering:on").set_value(True).run()
    slider(at, key="lv:colocation.day_evening_synergy_pct").set_value(2.5).run()
    assert not at.exception
    assert not at.warning or all("ikke brukt" not in w.value for w in at.warning)
    s = at.session_state["scenario"]
    assert [r.service.value for r in s.colocation.capacity_rules] == ["habilitering"]
    assert s.colocation.day_evening_synergy_pct == 2.5
    assert at.toggle(key="lv:samlokalisering:rule:habilitering:on").value is True
    assert headline(at)["Netto besparelse"] == net_of(s)


def test_english_and_presenter_mode(app) -> None:
    at = app()
    at.radio(key="lang").set_value("en").run()
    assert "Net saving" in headline(at)
    slider(at, key="lv:levers.overtime_cut_pct").set_value(20.0).run()
    figures = headline(at)
    at.toggle(key="workshop").set_value(True).run()
    assert not at.exception
    assert headline(at) == figures  # the same figures (in large type)
    # the page's levers stay; the tables and the plan go
    assert slider(at, key="lv:levers.overtime_cut_pct").value == 20.0
    assert not at.dataframe
    assert not [h for h in at.subheader if h.value == "Action plan"]
    # nothing else: no report, PNG or Excel buttons on the big screen
    assert len(at.main.get("download_button")) == 0
    assert len(at.main.get("vega_lite_chart")) == 1
    at.switch_page(page("samlokalisering")).run()
    assert not at.exception
    assert at.toggle(key="lv:samlokalisering:rule:habilitering:on").value is False
    assert not at.dataframe


def test_night_figure_shows_today_and_scenario_levels(app) -> None:
    s = Scenario(
        night={
            "rules": [
                {
                    "selector": {"dognturnus": True},
                    "arrangement": {"awake": 1, "resting": 1, "dognturnus": False},
                }
            ]
        }
    )
    at = app({"s": encode(s)})
    t = evaluate(DEMO, s).totals
    h = headline(at)
    assert h["Nattevakt per år"] == mnok_nb(
        t.night.total_cost_nok - t.night_baseline.total_cost_nok
    )
    # the grey line under the figure (the metric's delta, no arrow): one short line, the unit once
    today = mnok_nb(t.night_baseline.total_cost_nok).removesuffix("\u00a0mill.\u00a0kr")
    levels = f"i dag {today} → {mnok_nb(t.night.total_cost_nok)}"
    assert {m.label: m.proto.delta for m in at.metric}["Nattevakt per år"] == levels


def test_night_rule_matches_model(app) -> None:
    at = app()
    at.switch_page(page("nattevakt")).run()
    at.toggle(key="lv:night:rule_on").set_value(True).run()
    at.selectbox(key="lv:night:rule_preset").set_value("1w1r").run()
    s = Scenario(
        night={
            "rules": [
                {
                    "label": "Gruppe-regel",
                    "selector": {"dognturnus": True},
                    "arrangement": {"awake": 1, "resting": 1, "dognturnus": False},
                }
            ]
        }
    )
    assert at.session_state["scenario"].night.rules == s.night.rules
    assert headline(at)["Netto besparelse"] == net_of(s)
    slider(at, key="lv:params.resting_paid_fraction").set_value(0.5).run()
    s2 = s.model_copy(update={"params": {"resting_paid_fraction": 0.5}})
    assert headline(at)["Netto besparelse"] == net_of(s2)


def test_night_totals_table_shows_published_chain(app) -> None:
    at = app()
    at.switch_page(page("nattevakt")).run()
    assert not at.exception
    df = at.dataframe[0].value
    today = dict(zip(df.iloc[:, 0], df.iloc[:, 1], strict=True))
    assert today["Betalte timer per natt"] == "246,0"
    assert today["Betalte timer per år"] == "89\u00a0790,0"
    assert today["Nattevakter på vakt per natt"] == "45,0"
    assert today["Brutto årsverk"] == "48,6"
    assert today["Lønnskostnad (årsverk)"] == mnok_nb(89_790 / 1846 * 800_000)


def test_save_and_load_scenario_from_sidebar(app) -> None:
    at = app()
    slider(at, key="lv:levers.overtime_cut_pct").set_value(40.0).run()
    at.text_input(key="save_name").input("Workshop 1")
    at.button[[b.label for b in at.button].index("Lagre")].click().run()
    assert any("Lagret" in s.value for s in at.success)
    fresh = app()
    assert headline(fresh)["Brutto besparelse"] == "0,0\u00a0mill.\u00a0kr"
    fresh.button(key="btn_open").click().run()
    assert headline(fresh)["Brutto besparelse"] == mnok_nb(0.4 * 4_500_000)


def test_short_link_opens_saved_version(app, tmp_path) -> None:
    from storage import open_store

    at = app()
    slider(at, key="lv:levers.rota_hours_cut_pct").set_value(2.0).run()
    at.text_input(key="save_name").input("Kort lenke")
    at.button[[b.label for b in at.button].index("Lagre")].click().run()
    saved = open_store(tmp_path / "sim.duckdb").list_scenarios()[0]
    other = app({"id": saved.version_id})
    assert not other.warning
    assert headline(other)["Brutto besparelse"] == mnok_nb(0.02 * 50_000_000)
    missing = app({"id": "nope123456"})
    assert any("Fant ikke" in w.value for w in missing.warning)


def test_older_saved_scenario_says_numbers_differ(app, tmp_path) -> None:
    from storage import open_store

    app()  # creates and seeds the store
    store = open_store(tmp_path / "sim.duckdb")
    s = Scenario(levers={"overtime_cut_pct": 20.0})
    saved = store.save_scenario(
        name="Fra i fjor",
        scenario=s,
        baseline_name="demo",
        baseline_hash="0000000000000000",
        model_version="0.9.0",
        summary={"gross": 123.0, "net": 100.0, "fte": 0.0, "net_investment": 0.0},
    )
    at = app({"id": saved.version_id})
    assert headline(at)["Brutto besparelse"] == mnok_nb(0.2 * 4_500_000)
    notes = " ".join(i.value for i in at.info)
    assert "modell 0.9.0" in notes
    assert "Tallene er annerledes nå" in notes


def test_closed_saved_panel_builds_nothing_and_opens_on_click(app) -> None:
    """«Lagrede scenarioer» is built only while open (server work per rerun)."""
    at = app(saved_open=False)
    assert "save_name" not in [t.key for t in at.text_input]
    assert "saved_pick" not in [s.key for s in at.selectbox]
    at.session_state["exp:saved"] = True  # what a click on the expander sends
    at.run()
    assert "save_name" in [t.key for t in at.text_input]


def test_start_and_ramp_per_measure_edit_the_scenario(app) -> None:
    """The start/ramp panel is built only while open, and its inputs edit plan.timing."""
    at = app()
    slider(at, key="lv:levers.overtime_cut_pct").set_value(40.0).run()
    assert "lv:timing:overtime:start" not in [n.key for n in at.number_input]
    at.session_state["exp:timing"] = True
    at.run()
    start = at.number_input(key="lv:timing:overtime:start")
    first = Scenario().plan.start_year
    assert start.value == first
    start.set_value(first + 2).run()
    at.slider(key="lv:timing:overtime:ramp").set_value(3).run()
    want = Scenario(
        levers={"overtime_cut_pct": 40.0},
        plan={"timing": {"overtime": {"start_year": first + 2, "ramp_years": 3}}},
    )
    assert at.query_params["s"] == encode(want)
    # full effect is unchanged; the measure's start and ramp come from the model
    assert headline(at)["Netto besparelse"] == net_of(want)
    m = evaluate(DEMO, want).measure("overtime")
    assert (m.start_year, m.ramp_years) == (first + 2, 3)


def test_action_plan_and_year_tables_follow_every_new_result(app) -> None:
    """The tables are built once per result: a rerun that changes nothing reuses them, but
    every lever change, and a language switch, shows the new result's figures."""
    from babel.numbers import format_decimal

    from tests.app.helpers import frame, slider

    def net_cell(x: float, locale: str = "nb_NO") -> str:
        return format_decimal(x, format="#,##0.00", locale=locale).replace("\u202f", "\u00a0")

    at = app()
    for pct in (30.0, 40.0):
        slider(at, "lv:levers.overtime_cut_pct").set_value(pct).run()
        r = evaluate(DEMO, Scenario(levers={"overtime_cut_pct": pct}))
        plan = frame(at, "Netto mill. kr/år").set_index("Tiltak")
        want = r.measure("overtime").net_savings_nok_per_year / 1e6
        assert plan.loc[r.measure("overtime").label_nb, "Netto mill. kr/år"] == net_cell(want)
        years = frame(at, "Akkumulert netto mill. kr")
        last = r.years[-1].cumulative_net_savings_nok / 1e6
        assert years["Akkumulert netto mill. kr"].iloc[-1] == net_cell(last)
    at.session_state["exp:timing"] = True  # a rerun that does not change the scenario
    at.run()
    assert frame(at, "Netto mill. kr/år").set_index("Tiltak").loc[
        r.measure("overtime").label_nb, "Netto mill. kr/år"
    ] == net_cell(want)
    at.radio(key="lang").set_value("en").run()
    plan_en = frame(at, "Net NOK m/yr").set_index("Measure")
    assert plan_en.loc[r.measure("overtime").label_en, "Net NOK m/yr"] == net_cell(want, "en_GB")
