"""AppTest: the baseline picker, links that carry the baseline, versions, and the headline's
levels and kinds of money (issue 8)."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from model import Scenario, evaluate
from model.loader import DEFAULT_BASELINE, load_baseline
from tests.app.helpers import ENTRY, assert_ok, mnok, num

SOGNDAL = "Sogndal 2021 (Agenda Kaupang)"
ALVER = "Alver 2020 (PwC)"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    path = str(tmp_path / "app.duckdb")
    monkeypatch.setenv("SIMULATOR_DB", path)
    st.cache_resource.clear()
    st.cache_data.clear()
    return path


def fresh(query: dict[str, str] | None = None) -> AppTest:
    """A new session (as a fresh browser would open it)."""
    at = AppTest.from_file(ENTRY, default_timeout=30)
    if query:
        at.query_params.update(query)
    return at.run()


def captions(at: AppTest) -> str:
    return " ".join(c.value for c in at.caption)


def warnings(at: AppTest) -> str:
    return " ".join(w.value for w in at.warning)


def test_default_link_is_short_and_opens_the_default(db: str) -> None:
    at = fresh()
    assert_ok(at)
    assert at.selectbox(key="baseline_pick").value == DEFAULT_BASELINE
    assert "b" not in at.query_params and "bh" not in at.query_params
    assert "Grunnlag: Alver 2020" in captions(at)


def test_picking_a_baseline_puts_it_in_the_link_and_a_fresh_session_opens_it(db: str) -> None:
    at = fresh()
    at.selectbox(key="baseline_pick").set_value(SOGNDAL).run()
    assert_ok(at)
    sogndal = load_baseline(SOGNDAL)
    assert at.query_params["b"] == SOGNDAL
    assert at.query_params["bh"] == sogndal.hash
    assert "Grunnlag: Sogndal 2021" in captions(at)
    link = {k: at.query_params[k] for k in ("b", "bh")}

    other = fresh(link)  # a new session from the shared link
    assert_ok(other)
    assert other.session_state["baseline_name"] == SOGNDAL
    assert other.session_state["baseline_hash"] == sogndal.hash
    assert other.selectbox(key="baseline_pick").value == SOGNDAL
    assert "Grunnlag: Sogndal 2021" in captions(other)
    assert warnings(other) == ""


def test_link_to_an_unknown_baseline_says_so_and_opens_the_default(db: str) -> None:
    at = fresh({"b": "Finnes ikke 2030", "bh": "0123456789abcdef"})
    assert_ok(at)
    said = warnings(at)
    assert "Finnes ikke 2030" in said and "finnes ikke på denne serveren" in said
    assert at.session_state["baseline_name"] == DEFAULT_BASELINE
    assert "Grunnlag: Alver 2020" in captions(at)


def test_link_to_a_version_not_stored_opens_the_current_one_and_says_so(db: str) -> None:
    at = fresh({"b": SOGNDAL, "bh": "ffffffffffffffff"})
    assert_ok(at)
    assert "Versjonen av grunnlaget" in warnings(at)
    assert at.session_state["baseline_hash"] == load_baseline(SOGNDAL).hash


def test_link_caps_what_it_reads(db: str) -> None:
    at = fresh({"b": "x" * 5000})
    assert_ok(at)
    said = warnings(at)
    assert "x" * 120 in said and "x" * 121 not in said  # capped before it is shown
    assert at.session_state["baseline_name"] == DEFAULT_BASELINE


def test_a_session_on_an_older_version_is_told_and_can_switch(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui import baselines, state

    monkeypatch.setattr(baselines, "LIST_TTL_S", 0.0)
    store = state._store_for(db)
    store.seed_shipped()
    v1 = load_baseline(SOGNDAL).model_copy(update={"name": "Testby 2024", "municipality": "Testby"})
    info1 = store.save_baseline(v1, "import")
    at = fresh({"b": "Testby 2024"})
    assert_ok(at)
    assert at.session_state["baseline_hash"] == v1.hash
    assert not any("nyere versjon" in i.value for i in at.sidebar.info)

    v2 = v1.model_copy(update={"description": "andre versjon"})
    info2 = store.save_baseline(v2, "import")
    assert info2.version == info1.version + 1
    at.run()
    assert_ok(at)
    note = " ".join(i.value for i in at.sidebar.info)
    assert f"nyere versjon av grunnlaget finnes (v{info2.version}" in note
    assert f"Du regner på v{info1.version}" in note
    assert at.session_state["baseline_hash"] == v1.hash  # the session keeps its version
    assert at.query_params["bh"] == v1.hash  # and its link says which

    at.button(key="btn_baseline_newest").click().run()
    assert_ok(at)
    assert at.session_state["baseline_hash"] == v2.hash
    assert not any("nyere versjon" in i.value for i in at.sidebar.info)

    # a link to the old version still opens the old version
    old = fresh({"b": "Testby 2024", "bh": v1.hash})
    assert_ok(old)
    assert old.session_state["baseline_hash"] == v1.hash


# ------------------------------------------------------------------- headline levels
SCENARIOS = [
    Scenario.model_validate({"levers": {"overtime_cut_pct": 30}, "refund": {"enabled": True}}),
    Scenario.model_validate(
        {"night": {"rules": [{"selector": {}, "arrangement": {"awake": 1}}]}, "refund": {}}
    ),
    Scenario.model_validate({"coverage": {"target_rate": 0.15, "close_homes": ["Svingen (SHOS)"]}}),
]


@pytest.mark.parametrize(("name", "i"), [(ALVER, 0), (ALVER, 1), (SOGNDAL, 2), (SOGNDAL, 1)])
def test_headline_levels_minus_levels_equal_the_change(name: str, i: int) -> None:
    from ui.layout import headline_figures

    b = load_baseline(name)
    r = evaluate(b, SCENARIOS[i])
    figs = {f.key: f for f in headline_figures(r)}
    cut, refund, fte = figs["cut"], figs["refund"], figs["fte"]
    assert cut.today is not None and cut.after is not None
    assert cut.today - cut.after == pytest.approx(cut.value, abs=1e-3)
    assert refund.after - refund.today == pytest.approx(refund.value, abs=1e-3)
    # FTE levels differ by the cut; the change also counts FTE avoided against the projection
    assert fte.after - fte.today == pytest.approx(r.totals.fte_cut, abs=1e-6)
    assert fte.value == pytest.approx(r.totals.fte_cut + r.totals.fte_avoided, abs=1e-6)
    # the headline sums the three kinds of money, and says so
    assert figs["net"].value == pytest.approx(
        figs["cut"].value + figs["avoided"].value + figs["refund"].value, abs=1e-3
    )
    assert figs["net"].note.startswith("Netto =")


def test_headline_shows_levels_and_names_each_kind(db: str) -> None:
    s = SCENARIOS[2]
    from model.codec import encode

    at = fresh({"s": encode(s), "b": SOGNDAL})
    assert_ok(at)
    r = evaluate(load_baseline(SOGNDAL), s)
    t = r.totals
    head = {m.label: m.value for m in at.metric}
    assert head["Kutt i dagens budsjett"] == mnok(t.cut_nok_per_year)
    assert head["Unngått kostnad"] == mnok(t.avoided_nok_per_year)
    assert head["Endret refusjon"] == mnok(t.refund_change_nok_per_year)
    assert head["Netto besparelse"] == mnok(t.net_savings_nok_per_year)
    # closing Svingen: 5 own FTE x cost per nursing FTE is a cut; the target is avoided cost
    assert t.cut_nok_per_year == pytest.approx(
        5 * load_baseline(SOGNDAL).value("cost_per_fte_nursing_nok")
    )
    text = captions(at)
    lines = {m.label: m.proto.delta for m in at.metric}  # the grey line under each figure
    today = num(t.today.cost_nok_per_year / 1e6)
    assert (
        lines["Kutt i dagens budsjett"] == f"i dag {today} → {mnok(t.scenario.cost_nok_per_year)}"
    )
    assert f"plasser {num(t.today.places, 0)} → {num(t.scenario.places, 0)}" in text
    assert lines["Netto besparelse"].startswith("Netto = kutt i dagens budsjett + unngått kostnad")
