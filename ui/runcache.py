"""Values read many times per script run but constant within it (language, the store).

Kept per thread (a run thread starts empty) and tagged with the run's script context;
``begin_run`` (first thing in app.py) forgets everything, so a value never outlives the
run that read it. Outside a Streamlit run (bare mode, unit tests) nothing is kept.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from streamlit.runtime.scriptrunner import get_script_run_ctx

T = TypeVar("T")
_run = threading.local()


def begin_run() -> None:
    """Forget every value kept in this thread (start of a run)."""
    _run.box = None


def forget(*keys: str) -> None:
    """Forget some values (when code changes what they were read from, mid-run)."""
    box = getattr(_run, "box", None)
    if box is not None:
        for k in keys:
            box[1].pop(k, None)


def get(key: str, read: Callable[[], T]) -> T:
    """``read()`` once per run for ``key``."""
    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None:
        return read()
    box: tuple[Any, dict[str, Any]] | None = getattr(_run, "box", None)
    if box is None or box[0] is not ctx:
        box = (ctx, {})
        _run.box = box
    if key not in box[1]:
        box[1][key] = read()
    return box[1][key]  # type: ignore[no-any-return]
