"""Bokmål first, English available: ``tr("norsk", "english")`` picks by the chosen language."""

from __future__ import annotations

import streamlit as st

LANGS = {"nb": "Norsk (bokmål)", "en": "English"}


def lang() -> str:
    v = st.session_state.get("lang", "nb")
    return v if v in LANGS else "nb"


def tr(nb: str, en: str) -> str:
    return en if lang() == "en" else nb


def pick(obj: object, field: str) -> str:
    """`obj.field_nb` or `obj.field_en` by language (for model results and parameters)."""
    return str(getattr(obj, f"{field}_{lang()}", "") or getattr(obj, f"{field}_nb", ""))


# ---- ui-live: texts for Streamlit's own widget defaults (placeholders) --------------
def choose() -> str:
    """Placeholder of an empty multiselect (Streamlit's default is English)."""
    return tr("Velg …", "Choose …")
