"""Where the browser's time goes: ``python -m benchmarks.frontend [--moves 15] [--switches 6]``.

What it measures: the work the *browser's main thread* does for one user action, split
by the code that does it, next to the floor (``benchmarks/floor_app.py``: one slider and
one ``st.metric``). It starts the real app (own temporary ``SIMULATOR_DB``) and the floor
on free loopback ports, opens each in Debian Chromium and runs three scenarios:

* *floor, slider move*: ``--moves`` PageUp/PageDown presses on the floor's slider;
* *app, slider move*: the same on "Kutt i overtid (%)" on Oversikt with the *every-lever*
  scenario (``benchmarks.model.every_lever_scenario``, link ``?s=...``: every section of
  the page has content);
* *app, page switch*: ``--switches`` sidebar clicks Oversikt ↔ Nattevakt
  (``benchmarks.cpu.measure_page_switch``).

During each scenario Chromium's DevTools CPU profiler samples the page's main thread
every 200 µs (``Profiler.start``/``stop`` over a CDP session). Every sample that is not
``(idle)`` counts as *busy*; it is charged to the script file of the innermost JavaScript
frame on its stack (a DOM or built-in call made by React counts as React), the file name
with its build hash stripped (``react-dom.Dzbslgj4.js`` → ``react-dom``), and the files
are summed into groups:

* React (react-dom), styling (emotion*, styled-components*), Markdown
  (StreamlitMarkdown*), tables (DataFrame*), charts (vega*, embed*, ArrowVegaLiteChart*),
  Streamlit core (index*, protobuf*, utils*), other script files;
* garbage collector (V8's GC);
* browser native, ``(program)``: main-thread time with no JavaScript on the stack (paint,
  style recalculation, layout, event dispatch, IPC);
* benchmark driver: Playwright's injected scripts and this benchmark's own probe (a few
  per cent; it is there in the floor too).

The groups add up to the busy time. The figures are totals over the scenario divided by
the number of actions, so they include everything an action causes (the rerun's
messages, the "running" indicator, the re-render of every element the rerun sent).
A sample lasts until the next one, but counts for at most 1 ms (5 intervals): on a
loaded machine the main thread now and then waits several ms for a core, and DevTools
would charge that wait to whatever it was doing when pre-empted. So *busy (on CPU)* and
its groups estimate the thread's CPU time; the row below gives the wall-clock figure
DevTools would show (waits included). Two cross-checks follow: the CPU time of
Chromium's processes (``/proc``, the renderer's main thread separately; they include the
profiler's and the driver's own cost, so compare app with floor) and Chromium's own
main-thread counters (``Performance.getMetrics``: wall time in tasks, script, style
recalculation, layoutin tasks, script, style recalculation, layout).

An init script (before the app's own code) wraps ``WebSocket`` and stamps
``performance.now()`` when each message event reaches the page, when a key is pressed or
a link clicked (capture phase), and when the first ``stMetricValue``'s text changes
(``MutationObserver``). The browser reaches each server through a small TCP proxy on
loopback (:class:`StampingProxy`) that stamps every chunk the server writes on the
websocket before passing it on (``time.time()``, mapped onto the page's clock through
``performance.timeOrigin``). Per action, from the key press (or click): when the server
sent its first and its last message, when the page's main thread took the first and the
last message, when the headline text changed, and how many messages had been taken by
then; plus the number of messages and kB. *Sent* is server + network; *taken* − *sent*
is time the message waited for the busy main thread. The profiler and the proxy slow
things down a little, so these times are somewhat above ``python -m
benchmarks.browser``'s (which runs without them). Page switches have no headline change (the figure stays the
same); their driver wall-clock time (click → new heading and headline visible) is shown
instead.

Reading it: the busy ms per action is time on the one thread that also has to paint
the new headline. If the app's busy time per move is far above the floor's, the gap
between the key press → headline figure and the floor's is mostly rendering in the
browser, not the server. The command prints figures only and always exits 0 (budgets
live in issue 9); ``--json PATH`` writes them. ``tests/browser/test_frontend_profile_smoke.py``
runs :func:`run_frontend` with 2 moves and 1 switch.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import socket
import statistics
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks.browser import (
    APP_SLIDER,
    CHROMIUM_PATH,
    FLOOR_SLIDER,
    VIEWPORT,
    app_and_floor,
    open_app,
    print_report,
    slider_thumb,
    wait_rerun,
)
from benchmarks.cpu import every_lever_query, measure_page_switch, process_cpu_s

if TYPE_CHECKING:
    from playwright.sync_api import Browser, CDPSession, Page

SAMPLING_INTERVAL_US = 200
PROBE_URL = "frontend-benchmark-probe.js"

# Stamps (performance.now(), ms) kept in window.__feBench; wraps WebSocket so that the
# message listener is registered before Streamlit's own handler.
PROBE_JS = (
    r"""(() => {
  const log = { actions: [], msgs: [], bytes: [], changes: [], heads: [], label: null };
  const decoder = new TextDecoder();
  window.__feBench = log;
  const Native = window.WebSocket;
  class Probed extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        const t = performance.now();
        log.msgs.push(t);
        const d = e.data;
        log.bytes.push(d && (d.byteLength !== undefined ? d.byteLength : (d.size || d.length || 0)));
        // the message that carries the headline figure holds its label's text
        if (log.label === null) {
          const el = document.querySelector('[data-testid="stMetricLabel"]');
          if (el) log.label = el.textContent.trim();
        }
        if (log.label && d instanceof ArrayBuffer && decoder.decode(d).includes(log.label)) {
          log.heads.push(log.msgs.length - 1);
        }
      });
    }
  }
  window.WebSocket = Probed;
  const stamp = (e) => { if (e.isTrusted) log.actions.push([e.type, performance.now()]); };
  window.addEventListener('keydown', stamp, { capture: true });
  window.addEventListener('click', stamp, { capture: true });
  let last = null;
  const read = () => {
    const el = document.querySelector('[data-testid="stMetricValue"]');
    return el ? el.textContent.trim() : null;
  };
  const watch = () => {
    const t = read();
    if (t !== null && t !== last) {
      if (last !== null) log.changes.push(performance.now());
      last = t;
    }
  };
  const start = () => {
    new MutationObserver(watch).observe(document.body,
      { subtree: true, childList: true, characterData: true });
    watch();
  };
  if (document.body) start(); else document.addEventListener('DOMContentLoaded', start);
})();
//# sourceURL="""
    + PROBE_URL
)

GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("React (react-dom)", ("react-dom",)),
    ("styling (emotion, styled-components)", ("emotion", "styled-components")),
    ("Markdown (StreamlitMarkdown)", ("StreamlitMarkdown",)),
    ("tables (DataFrame)", ("DataFrame",)),
    ("charts (vega, embed, ArrowVegaLiteChart)", ("vega", "embed", "ArrowVegaLiteChart")),
    ("Streamlit core (index, protobuf, utils)", ("index", "protobuf", "utils")),
)
GC_GROUP = "garbage collector"
PROGRAM_GROUP = "browser native (program): paint, style, …"
DRIVER_GROUP = "benchmark driver (Playwright, probe)"
OTHER_GROUP = "other"
GROUP_ORDER = (
    *(g for g, _ in GROUPS),
    GC_GROUP,
    PROGRAM_GROUP,
    OTHER_GROUP,
    DRIVER_GROUP,
)

_HASH_RE = re.compile(r"\.[A-Za-z0-9_-]{8}\.js$")


def script_name(url: str) -> str:
    """A script URL's file name without its build hash and ``.js``:
    ``http://…/static/js/react-dom.Dzbslgj4.js`` → ``react-dom``."""
    name = url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    stripped = _HASH_RE.sub("", name)
    if stripped != name:
        return stripped
    return name[:-3] if name.endswith(".js") else name


EVALUATED = "(evaluated script)"  # JavaScript without a URL: Playwright's injected code
NATIVE = "(native)"  # a built-in with no script on the stack


def group_of(script: str) -> str:
    """The group a script (as named by :func:`script_name`, or a pseudo-frame such as
    ``(program)``) is counted in."""
    if script == "(program)":
        return PROGRAM_GROUP
    if script == "(garbage collector)":
        return GC_GROUP
    if script in (PROBE_URL.removesuffix(".js"), EVALUATED):
        return DRIVER_GROUP
    for group, prefixes in GROUPS:
        if script.startswith(prefixes):
            return group
    return OTHER_GROUP


@dataclass
class ProfileSplit:
    """A CPU profile summed up: busy µs per script file, each sample counted for at most
    ``GAP_US``, and the busy wall-clock time with every sample counted until the next
    one (what DevTools shows)."""

    scripts_us: dict[str, float]
    wall_us: float


# A sample counts for at most 1 ms (5 sampling intervals). A longer wait for the next
# sample means the main thread had no core (the machine is loaded): counted in full it
# inflates whatever the thread was doing when it was pre-empted. /proc's CPU time of the
# renderer's main thread is the check on this.
GAP_US = 1_000
_PSEUDO = ("(program)", "(garbage collector)", "(root)")


def profile_by_script(profile: Mapping[str, Any]) -> ProfileSplit:
    """Busy main-thread time (µs) per script file in a DevTools ``Profiler.Profile``.

    A sample lasts until the next one (the last one until ``endTime``), but for at most
    :data:`GAP_US` in ``scripts_us``; ``(idle)`` samples are left out. A sample is charged to the innermost frame on its
    stack that belongs to a script with a URL: native frames (DOM calls, built-ins) go
    to the script that called them. JavaScript without a URL (Playwright's injected
    code) is :data:`EVALUATED`; ``(program)`` and ``(garbage collector)`` keep their
    names; a built-in with no script on the stack is :data:`NATIVE`.
    """
    nodes = {n["id"]: n for n in profile["nodes"]}
    parent: dict[int, int] = {}
    for n in profile["nodes"]:
        for child in n.get("children", ()):
            parent[child] = n["id"]
    owner: dict[int, str | None] = {}

    def owner_of(node_id: int) -> str | None:
        if node_id not in owner:
            frame = nodes[node_id]["callFrame"]
            name = frame["functionName"]
            if name == "(idle)":
                who: str | None = None
            elif frame.get("url"):
                who = script_name(frame["url"])
            elif name in _PSEUDO:
                who = name
            elif str(frame.get("scriptId", "0")) != "0":
                who = EVALUATED
            else:
                above = owner_of(parent[node_id]) if node_id in parent else None
                who = above if above not in (None, *_PSEUDO) else NATIVE
            owner[node_id] = who
        return owner[node_id]

    samples: list[int] = profile.get("samples", [])
    stamps: list[float] = []
    t = float(profile["startTime"])
    for d in profile.get("timeDeltas", []):
        t += d
        stamps.append(t)
    scripts: defaultdict[str, float] = defaultdict(float)
    wall = 0.0
    for i, sid in enumerate(samples):
        end = stamps[i + 1] if i + 1 < len(stamps) else max(profile["endTime"], stamps[i])
        who = owner_of(sid)
        if who is not None:
            dt = max(0.0, end - stamps[i])
            scripts[who] += min(dt, GAP_US)
            wall += dt
    return ProfileSplit(dict(scripts), wall)


# ------------------------------------------------------------------------- figures
@dataclass
class Scenario:
    """One scenario's figures: totals over ``actions`` user actions (ms)."""

    name: str
    actions: int
    busy_ms: float = 0.0
    wall_busy_ms: float = 0.0
    scripts_ms: dict[str, float] = field(default_factory=dict)
    task_ms: dict[str, float] = field(default_factory=dict)
    cpu_ms: dict[str, float] = field(default_factory=dict)
    messages: list[int] = field(default_factory=list)
    kbytes: list[float] = field(default_factory=list)
    sent_first_ms: list[float] = field(default_factory=list)
    sent_head_ms: list[float] = field(default_factory=list)
    sent_last_ms: list[float] = field(default_factory=list)
    first_msg_ms: list[float] = field(default_factory=list)
    last_msg_ms: list[float] = field(default_factory=list)
    head_msg_ms: list[float] = field(default_factory=list)
    head_msg_no: list[int] = field(default_factory=list)
    changed_ms: list[float] = field(default_factory=list)
    msgs_before_change: list[int] = field(default_factory=list)
    wall_ms: list[float] = field(default_factory=list)

    @property
    def groups_ms(self) -> dict[str, float]:
        out = dict.fromkeys(GROUP_ORDER, 0.0)
        for script, ms in self.scripts_ms.items():
            out[group_of(script)] += ms
        return out

    def per_action(self, ms: float) -> float:
        return ms / self.actions

    @property
    def busy_per_action(self) -> float:
        return self.per_action(self.busy_ms)

    def figures(self) -> dict[str, Any]:
        """Everything for ``--json``: raw per-action lists and per-action totals."""
        d = asdict(self)
        d["busy_ms_per_action"] = self.busy_per_action
        d["groups_ms_per_action"] = {g: self.per_action(v) for g, v in self.groups_ms.items()}
        d["scripts_ms_per_action"] = {
            s: self.per_action(v) for s, v in sorted(self.scripts_ms.items(), key=lambda kv: -kv[1])
        }
        for f in fields(self):  # the per-action lists
            if isinstance(xs := getattr(self, f.name), list):
                d[f"{f.name}_median"] = _median(xs)
        return d


def _median(xs: list[float] | list[int]) -> float | None:
    return statistics.median(xs) if xs else None


@dataclass
class FrontendReport:
    floor: Scenario
    app: Scenario
    switch: Scenario
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]

    @property
    def ok(self) -> bool:
        """Always true: this benchmark only prints figures (the budgets live in issue 9)."""
        return True

    @property
    def scenarios(self) -> tuple[Scenario, Scenario, Scenario]:
        return (self.floor, self.app, self.switch)

    def figures(self) -> dict[str, Any]:
        return {
            "sampling_interval_us": SAMPLING_INTERVAL_US,
            "load_average_before": list(self.load_before),
            "load_average_after": list(self.load_after),
            "scenarios": {s.name: s.figures() for s in self.scenarios},
        }

    def lines(self) -> list[str]:
        label_w = 42
        col_w = 16
        ss = self.scenarios

        def row(label: str, cells: list[str]) -> str:
            return f"  {label:<{label_w}}" + "".join(f"{c:>{col_w}}" for c in cells)

        def ms(x: float | None) -> str:
            return "–" if x is None else f"{x:.0f} ms"

        def share(x: float, s: Scenario) -> str:
            pct = 100 * x / s.busy_ms if s.busy_ms > 0 else 0.0
            return f"{s.per_action(x):.1f} ms {pct:3.0f}%"

        def pair(sent: list[float], took: list[float]) -> str:
            a, b = _median(sent), _median(took)
            return "–" if a is None or b is None else f"{a:.0f} → {b:.0f} ms"

        def count(xs: list[int] | list[float], fmt: str) -> str:
            m = _median(xs)
            return "–" if m is None else format(m, fmt)

        la = " → ".join(
            ", ".join(f"{x:.2f}" for x in load) for load in (self.load_before, self.load_after)
        )
        out = [
            "Where the browser's time goes: main thread per user action "
            f"(Chromium CPU profiler, {SAMPLING_INTERVAL_US} µs sampling)",
            f"  Chromium {CHROMIUM_PATH}, servers on 127.0.0.1; app = Oversikt, every-lever "
            "scenario",
            f"  load average before → after: {la} (the times below include waits for a core)",
            f"  floor: {self.floor.actions} moves; app: {self.app.actions} moves, "
            f"{self.switch.actions} page switches (Oversikt ↔ Nattevakt)",
            "",
            row("", [s.name for s in ss]),
            row("main-thread busy per action (on CPU)", [ms(s.busy_per_action) for s in ss]),
        ]
        groups = [s.groups_ms for s in ss]
        for g in GROUP_ORDER:
            out.append(row("  " + g, [share(gs[g], s) for gs, s in zip(groups, ss, strict=True)]))
        out += [
            row(
                "busy wall clock, waits for a core too",
                [ms(s.per_action(s.wall_busy_ms)) for s in ss],
            ),
            "",
            "  CPU time of Chromium's processes (/proc), ms per action",
        ]
        for key, label in PROCESS_CPU.items():
            out.append(row("  " + label, [ms(s.per_action(s.cpu_ms.get(key, 0.0))) for s in ss]))
        out += [
            "",
            "  Chromium's main-thread task counters (Performance.getMetrics, wall), ms per action",
        ]
        for key, label in TASK_METRICS.items():
            out.append(row("  " + label, [ms(s.per_action(s.task_ms.get(key, 0.0))) for s in ss]))
        out += [
            "",
            "  per action, median",
            row("websocket messages received", [count(s.messages, ".0f") for s in ss]),
            row("kB received", [count(s.kbytes, ".1f") for s in ss]),
            "",
            "  from the key press (or click), median: server sent → page took",
            row("  first message", [pair(s.sent_first_ms, s.first_msg_ms) for s in ss]),
            row("  headline's message", [pair(s.sent_head_ms, s.head_msg_ms) for s in ss]),
            row("  last message", [pair(s.sent_last_ms, s.last_msg_ms) for s in ss]),
            row("  headline text changed", [ms(_median(s.changed_ms)) for s in ss]),
            row("headline's message: no. in the action", [count(s.head_msg_no, ".0f") for s in ss]),
            row(
                "messages taken when the text changed",
                [count(s.msgs_before_change, ".0f") for s in ss],
            ),
            row("click → heading + headline (driver)", [ms(_median(s.wall_ms)) for s in ss]),
            "",
            "  script files, busy ms per action (top 12 in the app)",
        ]
        totals: defaultdict[str, float] = defaultdict(float)
        for s in (self.app, self.switch):
            for k, v in s.scripts_ms.items():
                totals[k] += s.per_action(v)
        for script in sorted(totals, key=totals.__getitem__, reverse=True)[:12]:
            out.append(
                row(
                    "  " + script[: label_w - 2],
                    [f"{s.per_action(s.scripts_ms.get(script, 0.0)):.1f} ms" for s in ss],
                )
            )
        return out


# --------------------------------------------------------------------- measurement
# Chromium's own main-thread counters (``Performance.getMetrics``, seconds, cumulative):
# wall time in tasks, in script, in style recalculation and in layout.
TASK_METRICS = {
    "TaskDuration": "all tasks",
    "ScriptDuration": "script",
    "RecalcStyleDuration": "style recalculation",
    "LayoutDuration": "layout",
}


# CPU time of Chromium's processes (user + system, from /proc; Chromium runs on this
# machine): unlike the profiler's wall-clock samples, it does not grow when the machine
# is loaded and a thread waits for a core.
PROCESS_CPU = {
    "renderer main thread": "renderer (main thread)",
    "renderer": "renderer (all threads)",
    "GPU": "GPU process (compositing)",
    "browser": "browser process",
}


def _thread_cpu_s(pid: int, tid: int) -> float:
    with open(f"/proc/{pid}/task/{tid}/stat", encoding="ascii") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _chromium_cpu(browser_cdp: CDPSession) -> dict[str, float]:
    """CPU seconds so far per kind of Chromium process (all renderers summed; the one
    open page is the only busy one), and of the renderers' main threads."""
    out = dict.fromkeys(PROCESS_CPU, 0.0)
    for proc in browser_cdp.send("SystemInfo.getProcessInfo")["processInfo"]:
        kind, pid = proc["type"], int(proc["id"])
        if kind not in out:
            continue
        with contextlib.suppress(OSError):
            out[kind] += process_cpu_s(pid)
            if kind == "renderer":
                out["renderer main thread"] += _thread_cpu_s(pid, pid)
    return out


def _task_metrics(cdp: CDPSession) -> dict[str, float]:
    metrics = cdp.send("Performance.getMetrics")["metrics"]
    return {m["name"]: float(m["value"]) for m in metrics if m["name"] in TASK_METRICS}


def _profiled(
    cdp: CDPSession, browser_cdp: CDPSession, scenario: Scenario, fn: Callable[[], None]
) -> None:
    """Run ``fn`` under the CPU profiler, Chromium's task counters and the processes' CPU
    clocks; store the figures in ``scenario``."""
    cpu_before = _chromium_cpu(browser_cdp)
    cdp.send("Performance.enable")
    cdp.send("Profiler.enable")
    cdp.send("Profiler.setSamplingInterval", {"interval": SAMPLING_INTERVAL_US})
    before = _task_metrics(cdp)
    cdp.send("Profiler.start")
    try:
        fn()
    finally:
        profile = cdp.send("Profiler.stop")["profile"]
        after = _task_metrics(cdp)
        cdp.send("Profiler.disable")
        cdp.send("Performance.disable")
    cpu_after = _chromium_cpu(browser_cdp)
    scenario.cpu_ms = {k: (cpu_after[k] - cpu_before[k]) * 1000 for k in PROCESS_CPU}
    split = profile_by_script(profile)
    scenario.scripts_ms = {k: v / 1000 for k, v in split.scripts_us.items()}
    scenario.busy_ms = sum(scenario.scripts_ms.values())
    scenario.wall_busy_ms = split.wall_us / 1000
    scenario.task_ms = {k: (after[k] - before[k]) * 1000 for k in TASK_METRICS if k in after}


def _read_log(page: Page) -> dict[str, Any]:
    log: dict[str, Any] = page.evaluate("() => window.__feBench")
    return log


def _split(
    scenario: Scenario, log: Mapping[str, Any], sent_ms: list[float], kind: str, since: int
) -> None:
    """Per action of ``kind`` (``keydown``/``click``) after the first ``since`` logged
    actions: its messages (those the page took before the next action) and times.
    ``sent_ms``: when the server sent each message (page clock, same order as the page
    took them; left out if the counts differ)."""
    acts = [t for k, t in log["actions"][since:] if k == kind]
    taken: list[float] = log["msgs"]
    sizes: list[float] = log["bytes"]
    sent = sent_ms if len(sent_ms) == len(taken) else []
    heads = set(log["heads"])
    for i, t0 in enumerate(acts):
        t_end = acts[i + 1] if i + 1 < len(acts) else float("inf")
        mine = [j for j, t in enumerate(taken) if t0 <= t < t_end]
        scenario.messages.append(len(mine))
        scenario.kbytes.append(sum(sizes[j] or 0 for j in mine) / 1000)
        if not mine:
            continue
        first, last = mine[0], mine[-1]
        scenario.first_msg_ms.append(taken[first] - t0)
        scenario.last_msg_ms.append(taken[last] - t0)
        if sent:
            scenario.sent_first_ms.append(sent[first] - t0)
            scenario.sent_last_ms.append(sent[last] - t0)
        head = next((j for j in mine if j in heads), None)
        if head is not None:
            scenario.head_msg_ms.append(taken[head] - t0)
            scenario.head_msg_no.append(head - first + 1)
            if sent:
                scenario.sent_head_ms.append(sent[head] - t0)
        if kind != "keydown":  # a page switch shows the same headline figure
            continue
        changed = next((t for t in log["changes"] if t0 <= t < t_end), None)
        if changed is not None:
            scenario.changed_ms.append(changed - t0)
            scenario.msgs_before_change.append(sum(1 for j in mine if taken[j] <= changed))


_CHANGES_JS = "() => window.__feBench.changes.length"
_CHANGED_JS = "(n) => window.__feBench.changes.length > n"


def _moves(page: Page, label: str, moves: int, *, timeout_ms: float = 30_000) -> None:
    """``moves`` alternate PageUp/PageDown presses, each until the headline changed and
    the rerun finished."""
    for i in range(moves):
        n = page.evaluate(_CHANGES_JS)
        slider_thumb(page, label).focus()
        page.keyboard.press("PageUp" if i % 2 == 0 else "PageDown")
        page.wait_for_function(_CHANGED_JS, arg=n, timeout=timeout_ms)
        wait_rerun(page, timeout_ms=timeout_ms, settle_ms=50)


def take_frames(buf: bytearray) -> int:
    """Take the complete websocket frames (RFC 6455) off the front of ``buf``; return
    how many data messages they completed (final frames; ping, pong and close are not
    messages). An incomplete frame is left for the next chunk."""
    done = 0
    while len(buf) >= 2:
        b0, b1 = buf[0], buf[1]
        size, head = b1 & 0x7F, 2
        if size >= 126:
            head = 4 if size == 126 else 10
            if len(buf) < head:
                break
            size = int.from_bytes(buf[2:head], "big")
        head += 4 if b1 & 0x80 else 0  # a mask key (a server never masks)
        if len(buf) < head + size:
            break
        del buf[: head + size]
        if b0 & 0x80 and (b0 & 0x0F) in (0, 1, 2):
            done += 1
    return done


class StampingProxy:
    """A TCP proxy on a free loopback port in front of a Streamlit server that stamps
    (``time.time()``) every message the server sends on the app's websocket
    (``/_stcore/stream``), when its last byte passes: when it left the server, before the
    browser (and its busy main thread) got it. Streamlit's server does not compress
    (no ``permessage-deflate``), so the frames are read as they pass; everything else
    is passed through as it is."""

    def __init__(self, upstream_url: str) -> None:
        host, port = upstream_url.removeprefix("http://").split(":")
        self.upstream = (host, int(port))
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.sent_s: list[float] = []  # one per data message, in order
        self._lock = threading.Lock()
        self._socks: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
                upstream = socket.create_connection(self.upstream)
            except OSError:
                return
            for sock in (client, upstream):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._lock:
                self._socks += [client, upstream]
            is_ws = threading.Event()
            for args in ((client, upstream, is_ws, False), (upstream, client, is_ws, True)):
                threading.Thread(target=self._pump, args=args, daemon=True).start()

    def _pump(
        self, src: socket.socket, dst: socket.socket, is_ws: threading.Event, from_server: bool
    ) -> None:
        buf = bytearray()
        upgraded = False  # the server's HTTP 101 answer has passed
        try:
            while data := src.recv(1 << 16):
                t = time.time()
                if from_server and is_ws.is_set():
                    buf += data
                    if not upgraded and (end := buf.find(b"\r\n\r\n")) >= 0:
                        del buf[: end + 4]
                        upgraded = True
                    if upgraded and (n := take_frames(buf)):
                        with self._lock:
                            self.sent_s += [t] * n
                elif not from_server and data.startswith(b"GET /_stcore/stream"):
                    is_ws.set()
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (src, dst):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def page_ms(self, page: Page) -> list[float]:
        """The stamps in the page's ``performance.now()`` (ms; both are wall clock)."""
        origin_ms = float(page.evaluate("() => performance.timeOrigin"))
        with self._lock:
            return [t * 1000 - origin_ms for t in self.sent_s]

    def close(self) -> None:
        """Stop accepting and end every connection (shutdown wakes the blocked threads)."""
        with self._lock:
            socks = [self.listener, *self._socks]
        for sock in socks:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                sock.close()


@contextlib.contextmanager
def _opened(
    browser: Browser, server_url: str, query: str = ""
) -> Iterator[tuple[Page, CDPSession, CDPSession, StampingProxy]]:
    """The app at ``server_url`` + ``query``, through a :class:`StampingProxy`, in a fresh
    context with the probe: the page, a CDP session on it, one on the browser, and the
    proxy. All are closed at the end."""
    proxy = StampingProxy(server_url)
    context = browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
    try:
        context.add_init_script(script=PROBE_JS)
        page = context.new_page()
        open_app(page, proxy.url + "/" + query)
        browser_cdp = browser.new_browser_cdp_session()
        try:
            yield page, context.new_cdp_session(page), browser_cdp, proxy
        finally:
            browser_cdp.detach()
    finally:
        context.close()
        proxy.close()


def profile_moves(
    browser: Browser, url: str, query: str, label: str, moves: int, name: str
) -> Scenario:
    """Open ``url`` + ``query``, move the slider ``label`` twice unmeasured, then ``moves`` times under
    the profiler."""
    with _opened(browser, url, query) as (page, cdp, browser_cdp, proxy):
        _moves(page, label, 2)  # warm-up: the first change may change the layout
        scenario = Scenario(name, moves)
        since = len(_read_log(page)["actions"])
        _profiled(cdp, browser_cdp, scenario, lambda: _moves(page, label, moves))
        _split(scenario, _read_log(page), proxy.page_ms(page), "keydown", since)
    return scenario


def profile_switches(browser: Browser, url: str, query: str, switches: int, name: str) -> Scenario:
    """Open ``url`` + ``query`` (Oversikt), then ``switches`` page switches under the profiler."""
    with _opened(browser, url, query) as (page, cdp, browser_cdp, proxy):
        scenario = Scenario(name, switches)
        since = len(_read_log(page)["actions"])
        wall: list[float] = []
        _profiled(
            cdp,
            browser_cdp,
            scenario,
            lambda: wall.extend(measure_page_switch(page, switches)),
        )
        scenario.wall_ms = wall
        _split(scenario, _read_log(page), proxy.page_ms(page), "click", since)
    return scenario


def _loadavg() -> tuple[float, float, float]:
    try:
        with open("/proc/loadavg", encoding="ascii") as f:
            a, b, c = (float(x) for x in f.read().split()[:3])
    except OSError:
        return (0.0, 0.0, 0.0)
    return (a, b, c)


def run_frontend(
    moves: int = 15,
    switches: int = 6,
    *,
    browser: Browser | None = None,
    log_dir: Path | None = None,
) -> FrontendReport:
    """Start both servers and profile the three scenarios. Pass ``browser`` to reuse an
    open Playwright browser (the tests hand theirs in)."""
    if moves < 1 or switches < 1:
        raise ValueError("moves and switches must be >= 1")
    load = _loadavg()
    with app_and_floor("bench-frontend-", browser=browser, log_dir=log_dir) as (app, floor, br):
        query = every_lever_query()
        floor_s = profile_moves(br, floor.url, "", FLOOR_SLIDER, moves, "floor move")
        app_s = profile_moves(br, app.url, query, APP_SLIDER, moves, "app move")
        switch_s = profile_switches(br, app.url, query, switches, "app page switch")
    return FrontendReport(
        floor=floor_s, app=app_s, switch=switch_s, load_before=load, load_after=_loadavg()
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m benchmarks.frontend",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument("--moves", type=int, default=15, help="profiled slider moves per app")
    ap.add_argument("--switches", type=int, default=6, help="profiled page switches (app)")
    ap.add_argument("--json", type=Path, metavar="PATH", help="also write the figures here")
    args = ap.parse_args(argv)

    def run() -> FrontendReport:
        t0 = time.monotonic()
        report = run_frontend(args.moves, args.switches)
        if args.json is not None:
            figures = report.figures() | {"seconds": time.monotonic() - t0}
            args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
            print(f"figures written to {args.json}", file=sys.stderr)
        return report

    return print_report(run, strict=False)


if __name__ == "__main__":
    raise SystemExit(main())
