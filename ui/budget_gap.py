"""The budget gap in the frame's headline (issue 11): 'closes X of Y MNOK in year N'.

The figures come from the model (:func:`model.economy.budget_gap` and
:func:`model.economy.headline`) for the economy set that belongs to the session's baseline
(:func:`model.economy.loader.for_baseline`), with the model's default counting
(:class:`model.economy.GapSettings`: cut against today's budget and the change in state
refund). The economy page can count more (cost avoided, last year's overspend) and say so;
the headline always names what it counts. A baseline whose set has no savings requirement
gets nothing (``None``), never a placeholder.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from model.economy import EconomyData, GapHeadline, GapSettings, budget_gap, headline
from model.economy import effects_from_result as _effects
from model.economy.loader import for_baseline, load_economy


@dataclass(frozen=True)
class FrameGap:
    head: GapHeadline
    counted: tuple[str, ...]  # the model's GapResult.counted
    assumed: bool  # the requirement rows are an assumption (demo), not published


@st.cache_resource(show_spinner=False, max_entries=64)
def _requirement_set(baseline_name: str, municipality: str) -> EconomyData | None:
    """The baseline's own shipped economy set, if it holds a savings requirement."""
    name = for_baseline(baseline_name, municipality)
    if name is None:
        return None
    data = load_economy(name)
    if not any(b.savings_requirement_nok is not None for b in data.budget):
        return None
    return data


def frame_gap(r: Any, baseline_name: str, municipality: str) -> FrameGap | None:
    """The gap headline for result ``r`` (the session's current result); ``None`` without
    a requirement in the plan years. Computed once per result (``state.memo``), so a rerun
    that changes nothing costs a dictionary look-up."""
    data = _requirement_set(baseline_name, municipality)
    if data is None:
        return None

    def compute() -> FrameGap | None:
        g = budget_gap(data.budget, _effects(r), list(r.plan_years), GapSettings())
        h = headline(g)
        if h is None:
            return None
        assumed = "assumption" in g.status and "published" not in g.status
        return FrameGap(h, tuple(g.counted), assumed)

    from ui import state

    return state.memo("frame_gap", compute)  # type: ignore[no-any-return]
