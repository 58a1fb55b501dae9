"""Make every page run inside the frame (app.py), even on a deep link to a fresh server.

Because a ``pages/`` folder sits next to app.py, Streamlit starts each server process in its
legacy multipage mode: until ``st.navigation`` has been called once in the process, a
request for ``/samlokalisering?s=…`` runs ``pages/samlokalisering.py`` on its own, without
the frame (no headline, no scenario from the link). Each page therefore calls
:func:`require_frame` first: when the page runs outside app.py, it runs app.py instead
(which calls ``st.navigation`` and then this very page inside the frame) and stops.
"""

from __future__ import annotations

import runpy
import threading
from pathlib import Path

import streamlit as st

APP = Path(__file__).resolve().parent.parent / "app.py"
_local = threading.local()


def enter() -> None:
    _local.depth = getattr(_local, "depth", 0) + 1


def leave() -> None:
    _local.depth = max(0, getattr(_local, "depth", 0) - 1)


def require_frame() -> None:
    if getattr(_local, "depth", 0) > 0:
        return
    runpy.run_path(str(APP), run_name="__main__")
    st.stop()
