"""Server cost of the decimal sliders: ``python -m benchmarks.sliders [--runs 300]``.

Renders Oversikt's five percentage levers (two 0–100 % and three 0–20 % by 0,5) through
``state.lever`` as ``st.slider`` (printf format, decimal point: the floor) and as the
app's ``ui.widgets.decimal_slider`` (``st.select_slider`` with "4,5 %" labels), in
Streamlit's AppTest, alternating three times. Prints the thread CPU time of the five
calls per rerun (median, p25, p90) and the size of the five widget messages sent to
the browser per rerun. No assertions: the figures are for the reader.
"""

from __future__ import annotations

import argparse
import os
import statistics

from streamlit.testing.v1 import AppTest


def _script() -> None:  # runs inside AppTest (its own module: imports here)
    import os as _os
    import time as _time

    import streamlit as _st

    from ui import state as _state
    from ui import widgets as _w

    levers = [
        ("levers.overtime_cut_pct", 100.0),
        ("levers.substitute_cut_pct", 100.0),
        ("levers.competence_level_cut_pct", 20.0),
        ("levers.rota_hours_cut_pct", 20.0),
        ("levers.decided_hours_cut_pct", 20.0),
    ]
    select = _os.environ.get("SLIDER_BENCH_MODE") == "select"
    t0 = _time.thread_time()
    for path, top in levers:
        if select:
            _w.decimal_slider(path, path, min_value=0.0, max_value=top, step=0.5, unit="%")
        else:
            _state.lever(
                _st.slider, path, path, min_value=0.0, max_value=top, step=0.5, format="%.1f %%"
            )
    _st.session_state.setdefault("_bench_t", []).append(_time.thread_time() - t0)


def measure(mode: str, runs: int) -> tuple[list[float], int]:
    os.environ["SLIDER_BENCH_MODE"] = mode
    at = AppTest.from_function(_script, default_timeout=60)
    for _ in range(runs + 20):
        at.run()
    times = at.session_state["_bench_t"][20:]
    widgets = at.select_slider if mode == "select" else at.slider
    return times, sum(el.proto.ByteSize() for el in widgets)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=300)
    args = ap.parse_args()
    print("Five Oversikt levers per rerun: thread CPU (ms) and bytes to the browser")
    for mode in ("slider", "select") * 3:
        ts, size = measure(mode, args.runs)
        q = sorted(ts)
        name = "st.slider (floor)" if mode == "slider" else "decimal_slider"
        print(
            f"  {name:18s} median {statistics.median(ts) * 1e3:6.3f}  "
            f"p25 {q[len(q) // 4] * 1e3:6.3f}  p90 {q[int(0.9 * len(q))] * 1e3:6.3f}  "
            f"bytes {size}"
        )


if __name__ == "__main__":
    main()
