"""Which baseline (one municipality's data, one version) a session computes on.

* The session holds ``baseline_name`` and ``baseline_hash`` (the version). A session pins the
  version it opened: an import under the same name elsewhere does not change its figures; it
  is told a newer version exists and may switch (:func:`picker`).
* The link carries the baseline: ``?b=NAME&bh=HASH`` (left out for the default shipped
  baseline at its current version, so ordinary links stay short). A link to a baseline this
  server does not have (or the session may not see) says so and opens on the default; a
  link to a version that is not stored opens on the current version and says so.
* Without a database the shipped baselines are read from their folders.

``ui.state`` calls :func:`current`, :func:`read_url`, :func:`url_params` and :func:`use`;
``ui.layout`` calls :func:`picker`.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

import streamlit as st

from model import Baseline, loader
from ui.i18n import tr
from ui.safe import md

NAME = "baseline_name"
HASH = "baseline_hash"
PICK = "baseline_pick"
#: the name the pinned hash belongs to (a page that sets only ``baseline_name`` re-resolves)
PINNED = "_baseline_pinned"
URL_NAME = "b"
URL_HASH = "bh"
#: longest baseline name / hash read from a link (the store caps names at 80 characters)
MAX_NAME = 120
MAX_HASH = 64
#: seconds a session reuses its list of baselines (a query) before asking the store again
LIST_TTL_S = 15.0
_LIST = "_baselines_list"
_WARN = "_url_warning"
DEFAULT = loader.DEFAULT_BASELINE
#: old names that mean the default shipped baseline (``demo`` was Alver's)
ALIASES = {"demo": DEFAULT, **{k: v for k, v in loader.ALIASES.items()}}


def canonical(name: str | None) -> str:
    if not name:
        return DEFAULT
    return ALIASES.get(name, name)


def _state() -> Any:
    from ui import state

    return state


def _warn(text: str) -> None:
    ss = st.session_state
    old = ss.get(_WARN)
    ss[_WARN] = f"{old} {text}" if old else text


# ---------------------------------------------------------------- loading and caching
@st.cache_resource(show_spinner=False)
def _from_files(name: str) -> Baseline:
    return loader.load_baseline(name)


#: the store keeps the default shipped baseline under its old name ``demo``
STORE_DEFAULT = "demo"


def _store_names(name: str) -> list[str]:
    return [STORE_DEFAULT, name] if name == DEFAULT else [name]


@st.cache_resource(show_spinner=False, max_entries=64)
def _from_store(db: str, name: str, digest: str) -> Baseline:
    """One stored version (immutable: name + hash), shared by every session."""
    store = _state()._store_for(db)
    names = _store_names(name)
    for n in names[:-1]:
        try:
            return store.load_baseline(n, hash=digest)
        except Exception:  # noqa: BLE001, S112 - try the next name the store may use
            continue
    return store.load_baseline(names[-1], hash=digest)


def listing(*, fresh: bool = False) -> dict[str, Any]:
    """Name → latest :class:`storage.store.BaselineInfo` of every baseline this session may
    see (the shipped ones first); reused for :data:`LIST_TTL_S` seconds."""
    ss = st.session_state
    cached = ss.get(_LIST)
    now = time.monotonic()
    if not fresh and cached and now - cached[0] < LIST_TTL_S:
        return dict(cached[1])
    stx = _state().store()
    infos: dict[str, Any] = {}
    if stx is not None:
        try:
            items = list(stx.list_baselines())
        except Exception as e:  # noqa: BLE001 - shown, never a traceback
            ss["_store_error"] = _state().error_text(e)
            items = []
        shipped = [i for i in items if i.name in loader.SHIPPED]
        shipped.sort(key=lambda i: list(loader.SHIPPED).index(i.name))
        others = sorted((i for i in items if i.name not in loader.SHIPPED), key=lambda i: i.name)
        infos = {i.name: i for i in [*shipped, *others] if i.name != STORE_DEFAULT}
        demo = next((i for i in items if i.name == STORE_DEFAULT), None)
        if demo is not None and DEFAULT not in infos:
            infos = {DEFAULT: demo, **infos}
    ss[_LIST] = (now, infos)
    return dict(infos)


def names() -> list[str]:
    """Baselines to choose from: the shipped ones and the imported ones this session may see."""
    found = listing()
    out = [n for n in loader.SHIPPED]
    out += [n for n in found if n not in out]
    return out


def _versions(name: str) -> list[Any]:
    stx = _state().store()
    if stx is None:
        return []
    try:
        for n in _store_names(name):
            found = list(stx.baseline_versions(n))
            if found:
                return found
        return []
    except Exception as e:  # noqa: BLE001
        st.session_state["_store_error"] = _state().error_text(e)
        return []


def use(name: str | None, digest: str | None = None, *, quiet: bool = False) -> bool:
    """Make ``name`` (at version ``digest``, else its current version) the session's baseline.

    Returns False (and, unless ``quiet``, says why) when the name is not here or not
    visible to this session; the session then stays on / falls back to the default.
    """
    name = canonical(name)
    st_ = _state()
    if st_.store() is None:
        if name in loader.SHIPPED:
            b = _from_files(name)
            if digest and digest != b.hash and not quiet:
                _warn(_version_missing(name))
            _pin(name, b.hash)
            return True
        if not quiet:
            _warn(_unknown(name))
        _pin(DEFAULT, _from_files(DEFAULT).hash)
        return False
    versions = _versions(name)
    if not versions:
        if not quiet:
            _warn(_unknown(name))
        if name != DEFAULT:
            return use(DEFAULT, quiet=True) and False
        _pin(DEFAULT, _from_files(DEFAULT).hash)
        return False
    chosen = versions[0]
    if digest:
        match = next((v for v in versions if v.hash == digest), None)
        if match is None:
            if not quiet:
                _warn(_version_missing(name))
        else:
            chosen = match
    _pin(name, chosen.hash)
    return True


def _pin(name: str, digest: str) -> None:
    ss = st.session_state
    ss[NAME], ss[HASH], ss[PINNED] = name, digest, name
    ss.pop("_result", None)


def _unknown(name: str) -> str:
    return tr(
        f"Grunnlaget i lenken («{md(name, max_chars=MAX_NAME)}») finnes ikke på denne serveren, "
        f"eller du har ikke tilgang til det. Viser standardgrunnlaget «{md(DEFAULT)}».",
        f"The baseline in the link ('{md(name, max_chars=MAX_NAME)}') is not on this server, or "
        f"you do not have access to it. Showing the default baseline '{md(DEFAULT)}'.",
    )


def _version_missing(name: str) -> str:
    return tr(
        f"Versjonen av grunnlaget «{md(name)}» som lenken ble laget med, finnes ikke her. "
        "Viser gjeldende versjon; tallene kan avvike.",
        f"The version of the baseline '{md(name)}' the link was made with is not stored here. "
        "Showing the current version; the figures may differ.",
    )


def current() -> Baseline:
    """The session's baseline (``ui.state.baseline()``)."""
    ss = st.session_state
    name = canonical(ss.get(NAME))
    digest = ss.get(HASH)
    st_ = _state()
    if st_.store() is None:
        if name not in loader.SHIPPED:
            name = DEFAULT
        b = _from_files(name)
        if ss.get(PINNED) != name or ss.get(HASH) != b.hash:
            _pin(name, b.hash)
        return b
    if not digest or ss.get(PINNED) != name or ss.get(NAME) != name:
        use(name)
        name, digest = ss[NAME], ss[HASH]
    try:
        return _from_store(st_._db_key(), name, digest)
    except Exception as e:  # noqa: BLE001 - fall back to the default, say why
        ss["_store_error"] = st_.error_text(e)
        b = _from_files(DEFAULT)
        _pin(DEFAULT, b.hash)
        return b


# ----------------------------------------------------------------------------- URL
def read_url() -> None:
    """First run of a session: ``?b=`` / ``?bh=`` choose the baseline (capped lengths)."""
    qp = st.query_params
    name = str(qp.get(URL_NAME) or "")[:MAX_NAME].strip()
    digest = str(qp.get(URL_HASH) or "")[:MAX_HASH].strip().lower() or None
    if name:
        use(name, digest)
    elif digest:
        use(DEFAULT, digest)


def url_params() -> dict[str, str]:
    """``b``/``bh`` for the session's baseline; empty for the default at its current version."""
    ss = st.session_state
    name, digest = canonical(ss.get(NAME)), ss.get(HASH)
    if not digest:
        return {}
    if name == DEFAULT:
        latest = listing().get(name)
        now = latest.hash if latest is not None else _from_files(DEFAULT).hash
        if digest == now:
            return {}
    return {URL_NAME: name, URL_HASH: str(digest)}


def sync_url(qp: Any) -> None:
    want = url_params()
    for k in (URL_NAME, URL_HASH):
        if k in want:
            if qp.get(k) != want[k]:
                qp[k] = want[k]
        elif k in qp:
            del qp[k]


# --------------------------------------------------------------------------- picker
def _on_pick() -> None:
    name = st.session_state.get(PICK)
    if name and name != st.session_state.get(NAME):
        use(name)


def table_list(keys: Iterable[str]) -> str:
    """The registry's tables ``keys`` as 'Label (file.csv), …' (Markdown-escaped; unknown
    keys left out): what a page tells the user to upload."""
    from model.tables import TABLES

    return ", ".join(
        f"{md(tr(TABLES[k].label_nb, TABLES[k].label_en))} ({md(TABLES[k].filename)})"
        for k in keys
        if k in TABLES
    )


def _use_newest(name: str) -> None:
    use(name)


def label(name: str, info: Any | None) -> str:
    if info is None:
        return name
    src = (
        tr("følger med appen", "shipped") if info.source == "demo" else tr("importert", "imported")
    )
    return f"{name} (v{info.version}, {src})"


def picker() -> None:
    """The sidebar's baseline picker, with a note when a newer version exists."""
    ss = st.session_state
    b = current()
    opts = names()
    if b.name not in opts and ss.get(NAME) not in opts:
        opts.append(ss.get(NAME) or b.name)
    found = listing()
    labels = {n: label(n, found.get(n)) for n in opts}
    ss[PICK] = ss.get(NAME) or DEFAULT
    st.selectbox(
        tr("Grunnlag (kommune og data)", "Baseline (municipality and data)"),
        options=opts,
        format_func=lambda n: labels.get(n, n),
        key=PICK,
        on_change=_on_pick,
        help=tr(
            "Alle sider regner på dette grunnlaget, og lenken tar det med. Scenarioet beholdes; "
            "navn som ikke finnes i det nye grunnlaget, ignoreres (med varsel).",
            "Every page computes on this baseline, and the link carries it. The scenario is "
            "kept; names the new baseline lacks are ignored (with a warning).",
        ),
    )
    name = ss.get(NAME) or DEFAULT
    latest = found.get(name)
    mine = next((v for v in _session_versions(name) if v.hash == ss.get(HASH)), None)
    if latest is not None and ss.get(HASH) and latest.hash != ss.get(HASH):
        when = md(f"{latest.created_at:%d.%m.%Y %H:%M}")
        mine_nb = md(f"v{mine.version}" if mine else "en eldre versjon")
        mine_en = md(f"v{mine.version}" if mine else "an older version")
        st.info(
            tr(
                f"En nyere versjon av grunnlaget finnes (v{latest.version}, {when}). "
                f"Du regner på {mine_nb}.",
                f"A newer version of this baseline exists (v{latest.version}, {when}). "
                f"You are computing on {mine_en}.",
            ),
            icon=":material/update:",
        )
        st.button(
            tr("Bruk nyeste versjon", "Use the newest version"),
            key="btn_baseline_newest",
            on_click=_use_newest,
            args=(name,),
        )


def _session_versions(name: str) -> list[Any]:
    """Versions of ``name`` (only asked for when the session is not on the newest)."""
    latest = listing().get(name)
    if latest is None or latest.hash == st.session_state.get(HASH):
        return []
    return _versions(name)


def version_label() -> str:
    """'v3' for the session's baseline when it is stored, else ''."""
    ss = st.session_state
    info = listing().get(ss.get(NAME) or DEFAULT)
    if info is not None and info.hash == ss.get(HASH):
        return f"v{info.version}"
    return ""
