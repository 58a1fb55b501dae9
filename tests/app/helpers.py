"""Helpers shared by the AppTest page tests: Norwegian formats computed with babel,
opening a page inside the frame, and reading what a page shows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import streamlit as st
from babel.numbers import format_decimal
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.testing.v1 import AppTest

from model import Scenario
from model.codec import encode

ENTRY = str(Path(__file__).resolve().parent / "entry.py")
PAGES = Path(__file__).resolve().parents[2] / "pages"
NB = "\xa0"


def page_path(name: str) -> str:
    return str(PAGES / f"{name}.py")


def num(x: float, decimals: int = 1) -> str:
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    v = format_decimal(x + 0.0, pattern, locale="nb_NO").replace("\u202f", NB)
    return v.replace("−", "-")


def mnok(x: float, decimals: int = 1) -> str:
    return num(x / 1e6, decimals) + f"{NB}mill.{NB}kr"


def fte(x: float) -> str:
    return num(x) + f"{NB}årsverk"


def pct(x: float) -> str:
    return num(x * 100) + f"{NB}%"


def assert_ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert [e.value for e in at.error] == []


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def frame(at: AppTest, column: str) -> pd.DataFrame:
    """The first table on the page that has `column`."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def chart_data(at: AppTest) -> list[pd.DataFrame]:
    """The data frames behind every Altair chart on the page."""
    out = []
    for c in at.get("vega_lite_chart"):
        out += [convert_arrow_bytes_to_pandas_df(ds.data.data) for ds in c.proto.datasets]
        if c.proto.data.data:
            out.append(convert_arrow_bytes_to_pandas_df(c.proto.data.data))
    return out


def page_opener(
    page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Callable[..., AppTest]:
    """A function that opens `page` in a fresh app (own DB), optionally with a scenario link."""
    monkeypatch.setenv("SIMULATOR_DB", str(tmp_path / "app.duckdb"))
    st.cache_resource.clear()
    st.cache_data.clear()

    def _open(scenario: Scenario | None = None, baseline: str | None = None) -> AppTest:
        at = AppTest.from_file(ENTRY, default_timeout=30)
        if baseline is not None:
            at.session_state["baseline_name"] = baseline
        if scenario is not None:
            at.query_params["s"] = encode(scenario)
        at.run()
        at.switch_page(page).run()
        assert_ok(at)
        return at

    return _open


def slider(at: AppTest, key: str) -> Any:
    """The slider with this key: an ``st.select_slider`` (the decimal levers, which show
    "4,5 %") or an ``st.slider`` (whole numbers). ``.value``/``.set_value`` work on both."""
    try:
        return at.select_slider(key=key)
    except KeyError:
        return at.slider(key=key)


def slider_labels(at: AppTest, key: str) -> list[str]:
    """The option texts a decimal slider shows (its ``format_func`` applied by the app)."""
    return list(at.select_slider(key=key).options)


def slider_text(at: AppTest, key: str) -> str:
    """The text on the slider's thumb: the label of its current value."""
    el = at.select_slider(key=key)
    return str(el.format_func(el.value))
