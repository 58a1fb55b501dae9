"""Bokmål first, English available: ``tr("norsk", "english")`` picks by the chosen language."""

from __future__ import annotations

import streamlit as st

from ui import runcache

LANGS = {"nb": "Norsk (bokmål)", "en": "English"}


def begin_run() -> None:
    """Start of a run, or "lang" was set: read the language (and the store) afresh.

    The language is read several hundred times per rerun (every ``tr``); through
    ``st.session_state`` each read costs tens of microseconds. It cannot change during a
    run (the language radio's value is set before the run starts), so it is read once.
    """
    runcache.begin_run()


def _read_lang() -> str:
    v = st.session_state.get("lang", "nb")
    return v if v in LANGS else "nb"


def lang() -> str:
    return runcache.get("lang", _read_lang)


def tr(nb: str, en: str) -> str:
    return en if lang() == "en" else nb


def pick(obj: object, field: str) -> str:
    """`obj.field_nb` or `obj.field_en` by language (for model results and parameters)."""
    return str(getattr(obj, f"{field}_{lang()}", "") or getattr(obj, f"{field}_nb", ""))


# ---- ui-live: texts for Streamlit's own widget defaults (placeholders) --------------
def choose() -> str:
    """Placeholder of an empty multiselect (Streamlit's default is English)."""
    return tr("Velg …", "Choose …")
