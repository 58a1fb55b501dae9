"""``benchmarks.room_ws`` runs end to end on a tiny room against the real app and returns
numbers: moves were made, none failed, and every new headline equalled the model's figure
(no timing checks: speed is reported by the benchmark command). No browser is needed; it
lives here beside the other benchmark smoke tests because it starts the real server."""

from __future__ import annotations

import math

import pytest

from benchmarks.browser import REPO_ROOT
from benchmarks.room_ws import (
    Expected,
    RoomWsReport,
    lever_path,
    mnok_nb,
    option_number,
    run_room_ws,
)

pytestmark = pytest.mark.browser
LOGS = REPO_ROOT / "test-artifacts" / "browser" / "logs" / "benchmark"


def test_helpers_read_ids_labels_and_formats() -> None:
    assert lever_path("$$ID-0123abcd-lv:levers.overtime_cut_pct") == "levers.overtime_cut_pct"
    assert lever_path("$$ID-0123abcd-lang") is None
    assert option_number("43,5\u00a0%") == 43.5
    assert option_number("−2,0 %") == -2.0
    assert option_number("1\u00a0846 kr") == 1846.0
    assert mnok_nb(11_449_999) == "11,4\u00a0mill.\u00a0kr"
    assert mnok_nb(-7_040_000) == "-7,0\u00a0mill.\u00a0kr"
    assert mnok_nb(1_234_560_000) == "1\u00a0234,6\u00a0mill.\u00a0kr"


def test_expected_headline_moves_with_the_lever() -> None:
    e = Expected()
    start = e.start_value("levers.overtime_cut_pct")
    assert start > 0
    assert e.headline("levers.overtime_cut_pct", start) == e.headline()
    # 10 pp more overtime cut saves more: the figure changes
    assert e.headline("levers.overtime_cut_pct", start + 10) != e.headline()


def test_room_ws_three_sessions_match_the_model() -> None:
    report = run_room_ws(
        sessions=3, seconds=6.0, interval_s=2.0, timeout_s=30.0, floor_seconds=4.0, log_dir=LOGS
    )
    assert isinstance(report, RoomWsReport)
    for p in (report.floor, report.room):
        assert p.errors == [], p.errors
        assert p.moves > 0
        assert p.checked == p.moves  # every move's headline equalled the model's figure
        assert len(p.head_ms) == p.moves
        assert all(math.isfinite(x) and x > 0 for x in p.done_ms)
        assert p.server_cpu_s is not None and p.server_cpu_s > 0
    assert report.floor.opened == 1 and report.room.opened == 3
    assert report.server_tracebacks == []  # the server logged no exception
    assert report.room.moves >= 3  # each session moved at least once
    text = "\n".join(report.lines())
    assert "p95" in text and "server CPU" in text and "target" in text


def test_a_late_run_is_not_taken_for_the_next_move() -> None:
    """After a timeout the next move first reads to the end of the late run: its headline
    and its script_finished belong to the move that timed out."""
    import asyncio

    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    from benchmarks.room_ws import ProtocolSession

    def metric(body: str) -> ForwardMsg:
        m = ForwardMsg()
        m.metadata.delta_path[:] = [0, 0, 0, 0]
        m.delta.new_element.metric.label = "Netto besparelse"
        m.delta.new_element.metric.body = body
        return m

    def finished() -> ForwardMsg:
        m = ForwardMsg()
        m.script_finished = ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
        return m

    async def scenario() -> ProtocolSession:
        s = ProtocolSession("http://127.0.0.1:1", "s=x")
        s.outstanding = True
        for m in (metric("11,7\u00a0mill.\u00a0kr"), finished(), metric("11,4\u00a0mill.\u00a0kr")):
            s.queue.put_nowait((0.0, m))
        await s._finish_outstanding(1.0)
        return s

    s = asyncio.run(scenario())
    assert not s.outstanding
    assert s.headline == "11,7\u00a0mill.\u00a0kr"  # the late run's figure, read before the move
    assert s.queue.qsize() == 1  # the next message is left for the next move


def test_log_tracebacks_names_each_exception(tmp_path) -> None:
    from benchmarks.room_ws import log_tracebacks

    log = tmp_path / "app.log"
    log.write_text(
        "  URL: http://127.0.0.1:1\n"
        "Traceback (most recent call last):\n"
        '  File "ui/widgets.py", line 3, in f\n'
        "    float(None)\n"
        "TypeError: float() argument must be a string or a real number, not 'NoneType'\n"
        "ok\n",
        encoding="utf-8",
    )
    assert log_tracebacks(log) == [
        "TypeError: float() argument must be a string or a real number, not 'NoneType'"
    ]
    log.write_text("  URL: http://127.0.0.1:1\n", encoding="utf-8")
    assert log_tracebacks(log) == []


def test_select_slider_move_sends_the_nearest_option_label() -> None:
    """If the overtime slider becomes a select_slider with Norwegian labels, a move sends
    the label of the option nearest the target (Streamlit's string_array state)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    from benchmarks.browser import APP_SLIDER
    from benchmarks.room_ws import ProtocolSession

    m = ForwardMsg()
    m.metadata.delta_path[:] = [0, 1, 21, 0, 0]
    m.delta.fragment_id = "frag1"
    sl = m.delta.new_element.slider
    sl.id = "$$ID-abc-lv:levers.overtime_cut_pct"
    sl.label = APP_SLIDER
    sl.type = 2  # SELECT_SLIDER
    sl.options[:] = [f"{v:.1f}".replace(".", ",") + "\u00a0%" for v in (0, 10, 20, 30, 40, 50)]
    sl.default[:] = [3]
    s = ProtocolSession("http://127.0.0.1:1", "s=x")
    s.handle(m)
    assert s.slider is not None and s.slider.select and s.slider.fragment_id == "frag1"
    assert list(s.widgets[sl.id].string_array_value.data) == ["30,0\u00a0%"]
    assert s.set_slider(43.3) == 40.0
    assert list(s.widgets[sl.id].string_array_value.data) == ["40,0\u00a0%"]
