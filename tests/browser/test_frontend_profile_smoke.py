"""``benchmarks.frontend`` runs end to end on a tiny load (2 moves, 1 page switch) against
the real app and the floor, and its figures hang together: every action is seen, the real
app's rerun sends more messages than the floor's, the headline changes after the first
message, and the groups add up to the busy time. No timing checks: speed is reported by
the benchmark command. The profile summing is checked on a hand-made profile."""

from __future__ import annotations

import json
import math

import pytest
from playwright.sync_api import Browser

from benchmarks.browser import REPO_ROOT
from benchmarks.frontend import (
    DRIVER_GROUP,
    EVALUATED,
    GC_GROUP,
    GROUP_ORDER,
    NATIVE,
    OTHER_GROUP,
    PROGRAM_GROUP,
    FrontendReport,
    group_of,
    profile_by_script,
    run_frontend,
    script_name,
    take_frames,
)

pytestmark = pytest.mark.browser
LOGS = REPO_ROOT / "test-artifacts" / "browser" / "logs" / "benchmark"


def test_script_names_lose_their_build_hash() -> None:
    assert script_name("http://127.0.0.1:1/static/js/react-dom.Dzbslgj4.js") == "react-dom"
    assert script_name("http://h/static/js/DataFrame.-f9-1zS0.js") == "DataFrame"
    assert script_name("http://h/static/js/emotion-styled.browser.esm.DdOkyKg_.js") == (
        "emotion-styled.browser.esm"
    )
    assert script_name("frontend-benchmark-probe.js") == "frontend-benchmark-probe"
    assert group_of("react-dom") == "React (react-dom)"
    assert group_of("emotion-is-prop-valid.esm") == group_of("styled-components")
    assert group_of("ArrowVegaLiteChart") == group_of("vega-interpreter") == group_of("embed")
    assert group_of("protobuf") == group_of("index") == "Streamlit core (index, protobuf, utils)"
    assert group_of("(program)") == PROGRAM_GROUP
    assert group_of("(garbage collector)") == GC_GROUP
    assert group_of(EVALUATED) == group_of("frontend-benchmark-probe") == DRIVER_GROUP
    assert group_of("Slider") == group_of(NATIVE) == OTHER_GROUP


def test_websocket_frames_are_counted_as_they_pass() -> None:
    small = bytes([0x82, 3]) + b"abc"  # final binary frame, 3 bytes
    medium = bytes([0x82, 126]) + (300).to_bytes(2, "big") + b"x" * 300
    ping = bytes([0x89, 0])
    first_part = bytes([0x02, 2]) + b"hi"  # binary, not final
    last_part = bytes([0x80, 1]) + b"!"  # continuation, final
    stream = small + ping + medium + first_part + last_part
    buf = bytearray(stream[:6])  # the first frame and one byte of the ping
    assert take_frames(buf) == 1 and bytes(buf) == ping[:1]
    buf += stream[6:11]  # the rest of the ping, the medium frame's header only
    assert take_frames(buf) == 0 and bytes(buf) == medium[:4]
    buf += stream[11:]
    assert take_frames(buf) == 2  # the medium message and the two-part one
    assert buf == bytearray()


def test_profile_is_summed_per_script_by_hand() -> None:
    react = "http://h/static/js/react-dom.Dzbslgj4.js"

    def node(i: int, name: str, url: str = "", script: str = "0", kids=()) -> dict:
        frame = {"functionName": name, "url": url, "scriptId": script}
        return {"id": i, "callFrame": frame, "children": list(kids)}

    profile = {
        "nodes": [
            node(1, "(root)", kids=(2, 3, 4, 6, 7)),
            node(2, "(program)"),
            node(3, "(idle)"),
            node(4, "commit", react, "11", kids=(5,)),
            node(5, "setAttribute"),  # a DOM call made by React counts as React
            node(6, "predicate", "", "77"),  # Playwright's code has no URL
            node(7, "(garbage collector)"),
        ],
        "startTime": 1_000,
        "endTime": 3_400,
        # sample i lasts until sample i+1; the last one until endTime
        "samples": [4, 5, 3, 2, 6, 7, 4],
        "timeDeltas": [0, 200, 200, 1_000, 200, 200, 200],
    }
    # stamps: 1000, 1200, 1400, 2400, 2600, 2800, 3000 (end 3400)
    split = profile_by_script(profile)
    assert dict(split.scripts_us) == {
        "react-dom": 200 + 200 + 400,
        "(program)": 200,
        EVALUATED: 200,
        "(garbage collector)": 200,
    }
    assert split.wall_us == 800 + 200 + 200 + 200  # the 1 000 µs gap followed an idle sample
    # now a long gap follows the (program) sample (1 600 → 3 400): it counts for 1 ms
    profile["timeDeltas"] = [0, 200, 200, 200, 1_800, 200, 200]
    profile["endTime"] = 4_200
    split = profile_by_script(profile)
    assert dict(split.scripts_us) == {
        "react-dom": 200 + 200 + 400,
        "(program)": 1_000,
        EVALUATED: 200,
        "(garbage collector)": 200,
    }
    assert split.wall_us == 800 + 1_800 + 200 + 200


def test_frontend_benchmark_figures_hang_together(chromium: Browser) -> None:
    report = run_frontend(2, 1, browser=chromium, log_dir=LOGS)
    assert isinstance(report, FrontendReport)
    floor, app, switch = report.floor, report.app, report.switch
    assert (floor.actions, app.actions, switch.actions) == (2, 2, 1)
    for s in (floor, app, switch):
        assert len(s.messages) == s.actions, s.name  # every key press / click was seen
        assert len(s.first_msg_ms) == len(s.last_msg_ms) == s.actions, s.name
        assert len(s.sent_first_ms) == len(s.sent_last_ms) == s.actions, s.name
        for first, last in zip(s.first_msg_ms, s.last_msg_ms, strict=True):
            assert math.isfinite(first) and 0 < first <= last, s.name
        for sent, sent_last, taken in zip(
            s.sent_first_ms, s.sent_last_ms, s.first_msg_ms, strict=True
        ):
            # the proxy stamps a chunk before passing it on: the page cannot take a message
            # before the server sent it (2 ms for mapping the proxy's clock onto the page's)
            assert 0 < sent <= sent_last and sent <= taken + 2.0, s.name
        assert 0 < s.busy_ms <= s.wall_busy_ms, s.name
        groups = s.groups_ms
        assert set(groups) == set(GROUP_ORDER)
        assert all(v >= 0 for v in groups.values())
        assert sum(groups.values()) == pytest.approx(s.busy_ms, rel=1e-9), s.name
        assert s.cpu_ms["renderer main thread"] > 0, s.name
        assert s.task_ms["TaskDuration"] > 0, s.name
    for s in (floor, app):  # a slider move changes the headline after the server answered
        assert len(s.changed_ms) == s.actions == len(s.msgs_before_change), s.name
        assert len(s.head_msg_ms) == len(s.sent_head_ms) == len(s.head_msg_no) == s.actions
        for k in range(s.actions):
            assert s.sent_first_ms[k] <= s.sent_head_ms[k] <= s.sent_last_ms[k], s.name
            assert s.sent_head_ms[k] <= s.head_msg_ms[k] + 2.0, s.name
            assert s.first_msg_ms[k] <= s.head_msg_ms[k] <= s.changed_ms[k], s.name
            assert 1 <= s.head_msg_no[k] <= s.msgs_before_change[k] <= s.messages[k], s.name
    assert switch.changed_ms == []  # not looked for after a click
    assert len(switch.head_msg_ms) == len(switch.sent_head_ms) == 1  # the new page's headline
    assert switch.sent_head_ms[0] <= switch.head_msg_ms[0] + 2.0
    assert len(switch.wall_ms) == 1 and switch.wall_ms[0] > 0
    # the real page sends far more elements than one slider and one metric, and it has
    # tables and charts to draw, which the floor has not
    assert min(app.messages) > max(floor.messages)
    assert min(switch.messages) > max(floor.messages)
    assert floor.groups_ms["tables (DataFrame)"] == 0
    assert floor.groups_ms["charts (vega, embed, ArrowVegaLiteChart)"] == 0
    assert switch.groups_ms["tables (DataFrame)"] > 0
    assert switch.groups_ms["charts (vega, embed, ArrowVegaLiteChart)"] > 0
    figures = json.loads(json.dumps(report.figures()))
    assert set(figures["scenarios"]) == {"floor move", "app move", "app page switch"}
    text = "\n".join(report.lines())
    for word in ("main-thread busy", "React", "websocket messages", "headline text changed"):
        assert word in text
