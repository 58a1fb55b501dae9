"""The floor for the browser benchmarks: one slider and one ``st.metric``, nothing else.

``python -m benchmarks.browser`` (and ``benchmarks.cpu``) run this next to the real app
and compare. It has the same process settings as the app (``gc.freeze()`` once per
process, see app.py), so the difference is the app's own work. The slider has the same
range and step as the app's "Kutt i overtid (%)" slider and the metric uses the same kind
of text, so both see the same key presses.
"""

from __future__ import annotations

import gc
import sys

import streamlit as st

if not getattr(sys, "_simulator_gc_frozen", False):  # same process settings as app.py
    gc.collect()
    gc.freeze()
    sys._simulator_gc_frozen = True  # type: ignore[attr-defined]

NOK_PER_PCT = 35_310.07  # about the demo's overtime saving per percentage point

pct = st.slider("Floor slider (%)", min_value=0.0, max_value=100.0, value=0.0, step=0.5)
mnok = f"{pct * NOK_PER_PCT / 1e6:.1f}".replace(".", ",")
st.metric("Netto besparelse", f"{mnok}\u00a0mill.\u00a0kr/år")
