"""Bokmål first, English available: ``tr("norsk", "english")`` picks by the chosen language."""

from __future__ import annotations

import threading

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

LANGS = {"nb": "Norsk (bokmål)", "en": "English"}

# The language is read several hundred times per rerun (every ``tr``); through
# ``st.session_state`` each read costs tens of microseconds. It cannot change during a
# run (the language radio's value is set before the run starts), so it is read once per
# run: ``begin_run`` (called first thing in app.py, and wherever code sets "lang")
# forgets it. Kept per thread and per script-run context: a new run thread starts empty.
_run = threading.local()


def begin_run() -> None:
    """Forget the language read in this thread (start of a run, or "lang" was set)."""
    _run.lang = None


def lang() -> str:
    ctx = get_script_run_ctx(suppress_warning=True)
    cached = getattr(_run, "lang", None)
    if ctx is not None and cached is not None and cached[0] is ctx:
        return cached[1]
    v = st.session_state.get("lang", "nb")
    v = v if v in LANGS else "nb"
    if ctx is not None:
        _run.lang = (ctx, v)
    return v


def tr(nb: str, en: str) -> str:
    return en if lang() == "en" else nb


def pick(obj: object, field: str) -> str:
    """`obj.field_nb` or `obj.field_en` by language (for model results and parameters)."""
    return str(getattr(obj, f"{field}_{lang()}", "") or getattr(obj, f"{field}_nb", ""))


# ---- ui-live: texts for Streamlit's own widget defaults (placeholders) --------------
def choose() -> str:
    """Placeholder of an empty multiselect (Streamlit's default is English)."""
    return tr("Velg …", "Choose …")
