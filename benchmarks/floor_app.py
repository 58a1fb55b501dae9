"""The floor for the browser benchmark: one slider and one ``st.metric``, nothing else.

``python -m benchmarks.browser`` runs this next to the real app and compares the time
from a slider key press to the changed metric. Whatever the real app needs on top of
this is the app's own cost; this is what Streamlit itself needs on this machine.
The slider has the same range and step as the app's "Kutt i overtid (%)" slider and the
metric uses the same kind of text, so both see the same key presses.
"""

from __future__ import annotations

import streamlit as st

NOK_PER_PCT = 35_310.07  # about the demo's overtime saving per percentage point

pct = st.slider("Floor slider (%)", min_value=0.0, max_value=100.0, value=0.0, step=0.5)
mnok = f"{pct * NOK_PER_PCT / 1e6:.1f}".replace(".", ",")
st.metric("Netto besparelse", f"{mnok}\u00a0mill.\u00a0kr/år")
