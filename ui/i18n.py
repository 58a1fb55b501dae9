"""Bokmål first, English available: ``tr("norsk", "english")`` picks by the chosen language."""

from __future__ import annotations

import streamlit as st

from model.tables import text_in
from ui import runcache

LANGS = {"nb": "Norsk (bokmål)", "en": "English"}


def _read_lang() -> str:
    v = st.session_state.get("lang", "nb")
    return v if v in LANGS else "nb"


def lang() -> str:
    """The UI language, read once per run (``tr`` runs several hundred times per rerun, and
    each read of ``st.session_state`` costs tens of microseconds). Code that sets "lang"
    during a run calls ``runcache.forget("lang")``."""
    return runcache.get("lang", _read_lang)


def tr(nb: str, en: str) -> str:
    return en if lang() == "en" else nb


def pick(obj: object, field: str) -> str:
    """`obj.field_nb` or `obj.field_en` by language (for model results and parameters)."""
    return str(getattr(obj, f"{field}_{lang()}", "") or getattr(obj, f"{field}_nb", ""))


def pick_text(obj: object, field: str) -> str:
    """`obj.field_en` in English when filled, else `obj.field` (bokmål): data texts whose
    bokmål column has no suffix (a parameter's or published figure's ``source``, ``note``;
    an economy set's settings, read as a dict)."""
    return text_in(obj, field, lang())


# ---- ui-live: texts for Streamlit's own widget defaults (placeholders) --------------
def choose() -> str:
    """Placeholder of an empty multiselect (Streamlit's default is English)."""
    return tr("Velg …", "Choose …")
