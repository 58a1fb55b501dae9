"""One scenario per session: the single source of truth for every page.

* ``scenario()`` is the current :class:`model.Scenario`; lever widgets edit it through
  callbacks (so it is updated before the page reruns), the URL mirrors it (``?s=``),
  saved scenarios load into it, and ``result()`` evaluates it once per rerun.
* Widget keys start with ``lv:``; after a reset, undo or load they are cleared so that
  every widget re-reads its value from the scenario.
"""

from __future__ import annotations

import copy
import os
import time
from collections.abc import Callable
from typing import Any

import streamlit as st
from pydantic import ValidationError

from model import Baseline, Result, Scenario, evaluate
from model.codec import TokenError, decode, encode
from ui import runcache
from ui.i18n import choose, tr

UNDO_DEPTH = 50
PREFIX = "lv:"


# ------------------------------------------------------------------ baseline & store
def _db_key() -> str:
    return os.environ.get("SIMULATOR_DB", "")


@st.cache_resource(show_spinner=False)
def _store_for(db: str) -> Any:
    from storage import open_store

    # A damaged, locked or unreachable store does not stop the app: it runs on the shipped
    # baselines read-only, and the sidebar says why (store.fault).
    return open_store(db or None, fallback=True)


def _store() -> Any:
    return _store_for(_db_key())


def error_text(e: BaseException) -> str:
    """A storage error's message in the user's language (never a traceback)."""
    msg = getattr(e, "message", None)
    if callable(msg):
        return str(msg(st.session_state.get("lang", "nb")))
    return f"{type(e).__name__}: {e}"


def raw_store() -> Any | None:
    """The process's store before workspace scoping, or None if it can't open."""
    try:
        return _store()
    except Exception:  # noqa: BLE001 - store() records and shows the reason
        return None


def store() -> Any | None:
    """The store as this session may see it (scoped to the signed-in user's workspace,
    see ui/auth.py), or None (with the reason in session state) if it can't open.
    Looked up once per run (ui/runcache.py)."""
    return runcache.get("store", _scoped_store)


def _scoped_store() -> Any | None:
    try:
        raw = _store()
    except Exception as e:  # noqa: BLE001 - shown to the user, never a traceback
        st.session_state["_store_error"] = error_text(e)
        return None
    from ui import auth  # workspaces (issue 10)

    return auth.scoped(raw)


@st.cache_resource(show_spinner=False)
def _baseline_from_store(db: str, name: str, version: int) -> Baseline:
    return _store_for(db).load_baseline(name)


@st.cache_resource(show_spinner=False)
def _demo_from_files() -> Baseline:
    from model.loader import load_baseline

    return load_baseline("demo")


def baseline() -> Baseline:
    """The session's baseline: name and pinned version (see ui/baselines.py, issue 8).

    Read a dozen times per rerun; remembered per session for the pin it was found with
    (a version is identified by its content hash, so the same pin is the same baseline).
    """
    from ui import baselines

    ss = st.session_state
    pin = (ss.get(baselines.NAME), ss.get(baselines.HASH), ss.get(baselines.PINNED))
    cached = ss.get("_baseline_obj")
    if cached is not None and cached[0] == pin and pin[1]:
        return cached[1]  # type: ignore[no-any-return]
    b = baselines.current()
    ss["_baseline_obj"] = (
        (ss.get(baselines.NAME), ss.get(baselines.HASH), ss.get(baselines.PINNED)),
        b,
    )
    return b


@st.cache_resource(show_spinner=False)
def _versions() -> dict[str, int]:
    """Per-process counter of baseline imports (shared by all sessions)."""
    return {}


def baseline_changed(name: str | None = None) -> None:
    """Call after an import: every session reloads that baseline."""
    v = _versions()
    key = name or st.session_state.get("baseline_name", "demo")
    v[key] = v.get(key, 0) + 1


# ------------------------------------------------------------------------- scenario
def scenario() -> Scenario:
    s = st.session_state.get("scenario")
    if not isinstance(s, Scenario):
        s = Scenario()
        st.session_state["scenario"] = s
    return s


EPOCH = "_scenario_epoch"
_SEEDED = "_seeded_epochs"
_UNDO_TAG = "_undo_tag"
#: steps on the same lever closer together than this (seconds) are one undo step
COALESCE_S = 2.0


def epoch() -> int:
    """Bumped whenever the scenario is replaced from outside its widgets (reset, undo,
    load, a rejected change): every callback-driven widget then re-reads the scenario."""
    return int(st.session_state.get(EPOCH, 0))


def _reseed_all() -> None:
    # Never delete widget keys here: a deleted key loses Streamlit's key → widget-id
    # mapping, and an input already on its way then reaches its callback as None (the
    # race behind "float() … NoneType" and rules switching themselves off). The widgets
    # are given the scenario's values when they render instead (see ``seed_widget`` and
    # ``lever``).
    st.session_state[EPOCH] = epoch() + 1


def seed_widget(key: str, value: Any) -> None:
    """Give a callback-driven widget its value from the scenario: when it has none, and
    (for scenario widgets, ``lv:`` keys) again after every reset/undo/load/rejection."""
    ss = st.session_state
    seen: dict[str, int] = ss.setdefault(_SEEDED, {})
    if key not in ss or (key.startswith(PREFIX) and seen.get(key) != epoch()):
        ss[key] = value
    if key.startswith(PREFIX):
        seen[key] = epoch()


def set_scenario(
    new: Scenario, *, undoable: bool = True, reseed: bool = False, tag: str | None = None
) -> None:
    """Make `new` the scenario. ``tag`` names the lever: steps on the same lever within
    :data:`COALESCE_S` seconds of each other are one undo step."""
    old = scenario()
    if new == old:
        return
    if undoable:
        stack = st.session_state.setdefault("undo", [])
        now = time.monotonic()
        last = st.session_state.get(_UNDO_TAG)
        if not (tag and stack and last and last[0] == tag and now - last[1] < COALESCE_S):
            stack.append(old)
            del stack[:-UNDO_DEPTH]
        st.session_state[_UNDO_TAG] = (tag, now)
    st.session_state["scenario"] = new
    if reseed:
        _reseed_all()


def undo() -> None:
    stack = st.session_state.get("undo", [])
    if stack:
        st.session_state["scenario"] = stack.pop()
        st.session_state.pop(_UNDO_TAG, None)
        _reseed_all()


def reset() -> None:
    set_scenario(Scenario(), reseed=True)
    st.session_state.pop(_UNDO_TAG, None)
    st.session_state.pop("loaded_id", None)


def missing(*keys: str) -> bool:
    """True if a widget value a callback needs has not arrived (see ``_reseed_all``): the
    callback then leaves the scenario as it is and the widgets re-read it."""
    if any(st.session_state.get(k) is None for k in keys):
        _reseed_all()
        return True
    return False


def can_undo() -> bool:
    return bool(st.session_state.get("undo"))


# ---------------------------------------------------------------- paths and levers
def get_path(s: Scenario, path: str, b: Baseline | None = None) -> Any:
    """Value at a dotted path; ``params.KEY`` falls back to the baseline's value."""
    parts = path.split(".")
    if parts[0] == "params":
        if parts[1] in s.params:
            return s.params[parts[1]]
        return (b or baseline()).value(parts[1])
    cur: Any = s
    for p in parts:
        cur = cur[int(p)] if isinstance(cur, list) else getattr(cur, p)
    return cur


def with_path(s: Scenario, path: str, value: Any, b: Baseline | None = None) -> Scenario:
    """A new scenario with `value` at `path` (validated). Raises ValidationError."""
    data = s.model_dump(mode="json")
    parts = path.split(".")
    if parts[0] == "params":
        bl = b or baseline()
        if value is None or abs(float(value) - bl.value(parts[1])) < 1e-12:
            data["params"].pop(parts[1], None)
        else:
            data["params"][parts[1]] = float(value)
        return Scenario.model_validate(data)
    cur = data
    for p in parts[:-1]:
        cur = cur[int(p)] if isinstance(cur, list) else cur[p]
    cur[parts[-1]] = copy.deepcopy(value)
    return Scenario.model_validate(data)


def update(path: str, value: Any) -> None:
    try:
        set_scenario(with_path(scenario(), path, value), tag=path)
    except (ValidationError, TypeError, ValueError) as e:
        _reseed_all()  # the widget shows the scenario's value again
        if not isinstance(e, ValidationError):
            return

        err = e.errors()[0]
        st.session_state["_lever_error"] = tr(
            f"Verdien ble ikke brukt ({path}): {err['msg']}",
            f"The value was not applied ({path}): {err['msg']}",
        )


def replace(
    fn: Callable[[dict[str, Any]], None], *, tag: str | None = None, reseed: bool = False
) -> None:
    """Edit the scenario as a dict (for lists such as rules and merges). The widgets that
    made the change keep their values (they already show it); ``reseed`` makes every
    scenario widget re-read the scenario (for edits made by a button)."""
    data = scenario().model_dump(mode="json")
    try:
        fn(data)
        set_scenario(Scenario.model_validate(data), reseed=reseed, tag=tag)
    except (KeyError, IndexError, TypeError, ValueError) as e:
        _reseed_all()
        if not isinstance(e, ValidationError):
            return

        err = e.errors()[0]
        where = ".".join(str(x) for x in err["loc"])
        st.session_state["_lever_error"] = tr(
            f"Endringen ble ikke brukt ({where}): {err['msg']}",
            f"The change was not applied ({where}): {err['msg']}",
        )


def _on_lever(path: str, key: str, from_widget: Callable[[Any], Any] | None) -> None:
    v = st.session_state.get(key)
    if v is None:  # no value from the browser: keep the scenario (the widget re-reads it)
        return
    try:
        value = from_widget(v) if from_widget else v
    except (TypeError, ValueError):
        _reseed_all()
        return
    update(path, value)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(a)), abs(float(b)))
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def lever(
    widget: Callable[..., Any],
    path: str,
    label: str,
    *,
    to_widget: Callable[[Any], Any] | None = None,
    from_widget: Callable[[Any], Any] | None = None,
    **kwargs: Any,
) -> Any:
    """A widget bound to a scenario path: seeded from the scenario, writes on change."""
    key = PREFIX + path
    if widget is st.multiselect:  # Streamlit's own texts are English: set ours
        kwargs.setdefault("placeholder", choose())
        kwargs.setdefault("select_all", False)
    v = get_path(scenario(), path)
    shown = to_widget(v) if to_widget else v
    # The widget always shows the scenario: seeded when new, and corrected whenever the
    # two differ (after reset/undo/load, or when an input was rejected).
    if key not in st.session_state or not _same(st.session_state[key], shown):
        st.session_state[key] = shown
    return widget(label, key=key, on_change=_on_lever, args=(path, key, from_widget), **kwargs)


# ------------------------------------------------------------------------ results
def result() -> Result:
    b = baseline()
    s = scenario()
    cached = st.session_state.get("_result")
    # Scenarios are frozen: the same object on the same baseline is the same result, so
    # the canonical JSON (a few ms on a busy scenario) is only built when the object is new.
    if cached is not None and len(cached) == 3 and cached[2] is s and cached[0][0] == b.hash:
        return cached[1]  # type: ignore[no-any-return]
    cache_key = (b.hash, s.canonical_json(), s.plan.start_year)
    if cached is not None and cached[0] == cache_key:
        st.session_state["_result"] = (cache_key, cached[1], s)
        return cached[1]  # type: ignore[no-any-return]
    r = evaluate(b, s)
    st.session_state["_result"] = (cache_key, r, s)
    return r


def memo(name: str, build: Callable[[], Any]) -> Any:
    """``build()`` remembered for the current result and language (charts and tables are
    built once per result, not once per rerun: a rerun that changes nothing in the
    scenario, e.g. opening a panel or switching page and back, reuses them)."""
    from ui.i18n import lang

    r = result()
    lg = lang()
    box = st.session_state.get("_memo")
    if box is None or box[0] is not r or box[1] != lg:
        box = (r, lg, {})
        st.session_state["_memo"] = box
    if name not in box[2]:
        box[2][name] = build()
    return box[2][name]


# ---------------------------------------------------------------------------- URL
def init_from_url() -> None:
    """First run of a session: read ?s= (scenario) or ?id= (saved version) and ?lang=."""
    if st.session_state.get("_url_read"):
        return
    st.session_state["_url_read"] = True
    qp = st.query_params
    if qp.get("lang") in ("nb", "en"):
        st.session_state["lang"] = qp.get("lang")
        runcache.forget("lang")
    from ui import baselines  # ?b=&bh=: the link's baseline (issue 8)

    baselines.read_url()
    sid = qp.get("id")
    if sid:
        stx = store()
        from ui import auth  # workspaces (issue 10): no access / deleted

        refused = ""
        try:
            saved = stx.load_version(sid) if stx is not None else None
        except Exception as e:  # noqa: BLE001
            saved = None
            refused = auth.link_problem(e)
        if saved is None or saved.scenario is None:
            st.session_state["_url_warning"] = refused or tr(
                "Fant ikke det lagrede scenarioet i lenken. Viser dagens situasjon.",
                "The saved scenario in the link was not found. Showing the baseline.",
            )
        else:
            load_saved(saved, undoable=False)
            if auth.deleted_notice(saved):
                st.session_state["_url_warning"] = auth.deleted_notice(saved)
        return
    token = qp.get("s", "")
    if token:
        try:
            st.session_state["scenario"] = decode(token)
        except TokenError as e:
            st.session_state["_url_warning"] = tr(
                f"Lenken kunne ikke leses: {e.message_nb} Viser dagens situasjon.",
                f"The link could not be read: {e.message_en} Showing the baseline.",
            )
            st.session_state["scenario"] = Scenario()


def load_saved(saved: Any, *, undoable: bool = True) -> None:
    set_scenario(saved.scenario, undoable=undoable, reseed=True)
    st.session_state["loaded_id"] = saved.id
    st.session_state["loaded_version_id"] = saved.version_id
    if saved.baseline_name:  # the baseline and version it was saved on (issue 8)
        from ui import baselines

        baselines.use(saved.baseline_name, saved.baseline_hash)
    # tell the user if the numbers differ from when it was saved
    st.session_state["_saved_summary"] = (
        saved.version_id,
        saved.summary or {},
        saved.model_version,
        saved.baseline_hash,
    )


def token() -> str:
    """The scenario's link token (``?s=``), built once per scenario object: the address bar
    and the copy-link button both show it on every rerun."""
    s = scenario()
    cached = st.session_state.get("_token")
    if cached is not None and cached[0] is s:
        return cached[1]  # type: ignore[no-any-return]
    tok = encode(s)
    st.session_state["_token"] = (s, tok)
    return tok


def sync_url() -> None:
    token_ = token()
    qp = st.query_params
    if token_:
        if qp.get("s") != token_:
            qp["s"] = token_
    elif "s" in qp:
        del qp["s"]
    if "id" in qp:
        del qp["id"]
    from ui import baselines  # issue 8

    baselines.sync_url(qp)
    lg = st.session_state.get("lang", "nb")
    if lg == "en":
        if qp.get("lang") != "en":
            qp["lang"] = "en"
    elif "lang" in qp:
        del qp["lang"]


def share_query() -> str:
    tok = token()
    parts = []
    if tok:
        parts.append(f"s={tok}")
    from urllib.parse import urlencode

    from ui import baselines  # issue 8: the link carries the baseline

    if bq := baselines.url_params():
        parts.append(urlencode(bq))
    if st.session_state.get("lang") == "en":
        parts.append("lang=en")
    return ("?" + "&".join(parts)) if parts else ""


def presenting() -> bool:
    """Presenter mode: large figures, the page's levers and its main chart, nothing else."""
    return bool(st.session_state.get("workshop", False))


workshop = presenting  # the old name, still used by pages
