"""Sign-in (OpenID Connect through ``st.login``) and workspaces in the app.

* With no ``[auth]`` section in ``.streamlit/secrets.toml`` the app is the local
  single-user app: no sign-in, one implicit workspace (``local``) with admin rights.
* With ``[auth]``: :func:`gate` shows a sign-in screen until ``st.user.is_logged_in``; the
  membership file (``$SIMULATOR_WORKSPACES`` or ``workspaces_file`` in secrets) decides
  which workspaces the address belongs to and with which role. No membership → no app.
* :func:`scoped` wraps the store for the session (``ui.state.store()`` calls it), so
  every page sees only the active workspace's scenarios and baselines.
* :func:`sidebar` shows who is signed in, the workspace picker and sign-out;
  :func:`pages` adds «Administrasjon» (audit log, restore deleted scenarios) for admins.

See docs/security.md for the model.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from storage.workspaces import (
    LOCAL_PRINCIPAL,
    ROLE_NB,
    AccessDeniedError,
    Principal,
    ScenarioDeletedError,
    ScopedStore,
    WorkspaceConfig,
    WorkspaceConfigError,
    config_path,
    load_config,
)
from ui import runcache
from ui.i18n import tr
from ui.safe import md

log = logging.getLogger("simulator.auth")
WS_KEY = "workspace"
#: Audit rows shown on the admin page.
AUDIT_ROWS = 500


# ------------------------------------------------------------------------ configuration
def _secrets_auth() -> Any | None:
    try:
        if "auth" in st.secrets:
            return st.secrets["auth"]
    except Exception:  # noqa: BLE001 - no secrets file at all: local mode
        return None
    return None


def enabled() -> bool:
    """Sign-in is on exactly when secrets have an ``[auth]`` section.

    Looked up once per session (without a secrets file the look-up raises inside
    Streamlit and costs about 0.3 ms; the app asks several times per rerun).
    """
    on = st.session_state.get("_auth_enabled")
    if on is None:
        on = _secrets_auth() is not None
        st.session_state["_auth_enabled"] = on
    return bool(on)


def _provider() -> str | None:
    """``st.login()``'s provider: None for a flat ``[auth]``, else the first
    ``[auth.<name>]`` section that has a ``client_id``."""
    auth = _secrets_auth()
    if auth is None or "client_id" in auth:
        return None
    for key in auth:
        try:
            if "client_id" in auth[key]:
                return str(key)
        except TypeError:
            continue
    return None


def _config_file() -> str:
    secret = ""
    try:
        secret = str(st.secrets.get("workspaces_file", "") or "")
    except Exception:  # noqa: BLE001
        secret = ""
    return config_path(secret)


@st.cache_resource(show_spinner=False, max_entries=4)
def _load(path: str, mtime_ns: int, size: int) -> WorkspaceConfig | WorkspaceConfigError:
    try:
        return load_config(path)
    except WorkspaceConfigError as e:
        log.error("workspace configuration %s: %s", path, e.message_en)
        return e


def config() -> WorkspaceConfig:
    """The membership file, re-read when it changes; raises WorkspaceConfigError."""
    path = _config_file()
    if not path:
        raise WorkspaceConfigError(
            [
                "no membership file is configured; set SIMULATOR_WORKSPACES or "
                "workspaces_file in secrets (see deploy/workspaces.example.toml)"
            ]
        )
    try:
        stat = Path(path).stat()
    except OSError as e:
        raise WorkspaceConfigError(
            ["the membership file could not be found or read; check SIMULATOR_WORKSPACES"]
        ) from e
    got = _load(path, stat.st_mtime_ns, stat.st_size)
    if isinstance(got, WorkspaceConfigError):
        raise got
    return got


# ------------------------------------------------------------------------ who is here
def _email() -> str:
    try:
        if not st.user.is_logged_in:
            return ""
        return str(st.user.get("email") or "")
    except Exception:  # noqa: BLE001
        return ""


def principal() -> Principal:
    """The local admin (no sign-in), or the signed-in person's memberships (maybe none)."""
    if not enabled():
        return LOCAL_PRINCIPAL
    email = _email()
    if not email:
        return Principal(actor="", roles={}, names={}, local=False)
    try:
        return config().principal_for(email)
    except WorkspaceConfigError:
        return Principal(actor=email.lower(), roles={}, names={}, local=False)


def active_workspace(p: Principal | None = None) -> str:
    p = p or principal()
    ws = st.session_state.get(WS_KEY)
    if ws in p.roles:
        return str(ws)
    first = p.workspaces[0] if p.workspaces else ""
    if first:
        st.session_state[WS_KEY] = first
    return first


#: Per-session caches of store listings (ui/layout.py, ui/baselines.py): dropped when the
#: active workspace changes, so no list of the previous workspace is shown from cache.
_LIST_CACHES = ("_saved_list", "_baselines_list")


def _forget_lists() -> None:
    for key in _LIST_CACHES:
        st.session_state.pop(key, None)


def _switch(ws: str) -> None:
    """A link opened an object of another of the person's workspaces: make it active."""
    if st.session_state.get(WS_KEY) == ws:
        return
    try:
        st.session_state[WS_KEY] = ws
    except st.errors.StreamlitAPIException:  # the picker is already drawn in this run
        log.warning("workspace switch to %s after the picker was drawn; ignored", ws)
        return
    _forget_lists()


def scoped(store: Any) -> ScopedStore:
    """The session's view of the store (``ui.state.store()`` returns this)."""
    p = principal()
    return ScopedStore(store, p, active_workspace(p), on_switch=_switch)


def link_problem(exc: BaseException) -> str:
    """The message for a ``?id=`` link that is refused (no access / deleted), else ''."""
    if isinstance(exc, AccessDeniedError | ScenarioDeletedError):
        return exc.message(st.session_state.get("lang", "nb"))
    return ""


def deleted_notice(saved: Any) -> str:
    """For an admin opening a deleted scenario by link: say so (else '')."""
    if getattr(saved, "deleted", False):
        return tr(
            "Dette scenarioet er slettet. Du ser det fordi du er administrator; gjenopprett "
            "det på siden «Administrasjon».",
            "This scenario has been deleted. You see it because you are an administrator; "
            "restore it on the page 'Administration'.",
        )
    return ""


def can_edit() -> tuple[bool, str]:
    """Whether the session may save/rename/delete/import here, and if not, why."""
    p = principal()
    ws = active_workspace(p)
    if p.at_least(ws, "editor"):
        return True, ""
    return False, tr(
        f"Du har rollen {ROLE_NB.get(p.role(ws) or '', 'ingen')} i dette arbeidsområdet og kan "
        "bare se. Be en administrator om rollen redaktør for å lagre, endre navn, slette "
        "eller importere.",
        f"Your role in this workspace is {p.role(ws) or 'none'}: you can only look. Ask an "
        "administrator for the editor role to save, rename, delete or import.",
    )


def is_admin() -> bool:
    p = principal()
    return p.at_least(active_workspace(p), "admin")


# ------------------------------------------------------------------------ the gate
def _signin_screen(reason: str = "") -> None:
    st.title(tr("Bemanningssimulator", "Staffing simulator"))
    if reason:
        st.warning(md(reason))
    st.write(
        tr(
            "Logg inn med kommunens konto for å se arbeidsområdet ditt. Åpnet du en lenke, "
            "åpner du den på nytt etter innlogging.",
            "Sign in with your municipality account to see your workspace. If you opened a "
            "link, open it again after signing in.",
        )
    )
    provider = _provider()
    st.button(
        tr("Logg inn", "Sign in"),
        type="primary",
        key="btn_login",
        on_click=(lambda: st.login(provider)) if provider else st.login,
    )


def _denied_screen(text: str) -> None:
    st.title(tr("Bemanningssimulator", "Staffing simulator"))
    st.error(md(text))
    st.button(tr("Logg ut", "Sign out"), key="btn_logout_denied", on_click=st.logout)


def gate() -> None:
    """In sign-in mode: stop the run until the person is signed in and a member somewhere.

    Call at the top of app.py, before anything reads the URL or the store.
    """
    if not enabled():
        return
    if st.query_params.get("lang") in ("nb", "en") and "lang" not in st.session_state:
        st.session_state["lang"] = st.query_params.get("lang")
        runcache.forget("lang")
    if not _email():
        _signin_screen()
        st.stop()
    try:
        p = config().principal_for(_email())
    except WorkspaceConfigError as e:
        _denied_screen(
            tr(
                "Appen er ikke satt opp riktig (medlemmer og roller), så ingen får tilgang nå. "
                "Si fra til den som drifter appen. ",
                "The app is not configured correctly (members and roles), so nobody has "
                "access now. Tell whoever runs the app. ",
            )
            + e.message(st.session_state.get("lang", "nb")).split(": ", 1)[-1][:500]
        )
        st.stop()
    if not p.roles:
        _denied_screen(
            tr(
                "Du er logget inn, men adressen din er ikke medlem av noe arbeidsområde. Be "
                "kommunens administrator om tilgang.",
                "You are signed in, but your address is not a member of any workspace. Ask "
                "your municipality's administrator for access.",
            )
        )
        st.stop()


# ------------------------------------------------------------------------ sidebar
def sidebar() -> None:
    """Who is signed in, the workspace, sign-out. Call inside the sidebar."""
    p = principal()
    ws = active_workspace(p)
    if not p.local:
        st.divider()
        st.caption(tr("Innlogget som", "Signed in as"))
        st.text(p.actor)
        if len(p.workspaces) > 1:
            labels = {w: p.names.get(w, w) for w in p.workspaces}
            st.selectbox(
                tr("Arbeidsområde", "Workspace"),
                options=p.workspaces,
                format_func=lambda w: labels.get(w, w),
                key=WS_KEY,
                on_change=_on_workspace_change,
            )
        else:
            st.caption(tr("Arbeidsområde", "Workspace"))
            st.text(p.names.get(ws, ws))
        role = p.role(ws) or ""
        st.caption(tr("Rolle: ", "Role: ") + md(ROLE_NB.get(role, role) if _nb() else role))
        st.button(tr("Logg ut", "Sign out"), key="btn_logout", on_click=st.logout)


def _nb() -> bool:
    return st.session_state.get("lang", "nb") != "en"


def _on_workspace_change() -> None:
    # a scenario open from another workspace must not be saved as a version into this one
    for k in ("loaded_id", "loaded_version_id", "_confirm_delete", "saved_pick"):
        st.session_state.pop(k, None)
    _forget_lists()
    # back to the default baseline: one of the previous workspace is not visible here
    from ui import baselines

    baselines.use(baselines.DEFAULT, quiet=True)


_ACTION_NB = {
    "save": "lagret",
    "rename": "nytt navn",
    "delete": "slettet",
    "restore": "gjenopprettet",
    "import": "importerte",
}


def audit_frame(entries: list[Any]) -> pd.DataFrame:
    nb = _nb()
    return pd.DataFrame(
        [
            {
                tr("Tid (UTC)", "Time (UTC)"): f"{e.at:%Y-%m-%d %H:%M:%S}",
                tr("Hvem", "Who"): e.actor,
                tr("Hva", "What"): _ACTION_NB.get(e.action, e.action) if nb else e.action,
                tr("Objekt", "Object"): (
                    tr("scenario", "scenario")
                    if e.object_kind == "scenario"
                    else tr("grunnlag", "baseline")
                ),
                tr("Navn", "Name"): e.object_name,
                "Id": e.object_id,
                tr("Versjon", "Version"): e.version,
                tr("Detalj", "Detail"): e.detail,
            }
            for e in entries
        ],
        columns=[
            tr("Tid (UTC)", "Time (UTC)"),
            tr("Hvem", "Who"),
            tr("Hva", "What"),
            tr("Objekt", "Object"),
            tr("Navn", "Name"),
            "Id",
            tr("Versjon", "Version"),
            tr("Detalj", "Detail"),
        ],
    )


def pages(pages_dir: Path) -> list[Any]:
    """Extra pages for app.py's navigation: «Administrasjon» for admins of the workspace."""
    if not is_admin():
        return []
    return [
        st.Page(
            pages_dir / "admin.py",
            title=tr("Administrasjon", "Administration"),
            icon=":material/admin_panel_settings:",
            url_path="admin",
        )
    ]


def admin_page() -> None:
    """The admin page: restore deleted scenarios, and the audit log of the workspace."""
    from ui import state

    p = principal()
    ws = active_workspace(p)
    st.header(tr("Administrasjon", "Administration"))
    store = state.store()
    if not isinstance(store, ScopedStore) or not p.at_least(ws, "admin"):
        st.info(tr("Denne siden er for administratorer.", "This page is for administrators."))
        return
    if not p.local:
        st.caption(tr("Arbeidsområde: ", "Workspace: ") + md(p.names.get(ws, ws)))
    try:
        deleted = store.deleted_scenarios()
        entries = store.audit_entries(limit=AUDIT_ROWS)
    except Exception as e:  # noqa: BLE001 - a message, never a traceback
        st.error(md(state.error_text(e)))
        return

    st.subheader(tr("Slettede scenarioer", "Deleted scenarios"))
    if not deleted:
        st.caption(tr("Ingen slettede scenarioer.", "No deleted scenarios."))
    else:
        labels = {d.id: f"{d.name} ({d.deleted_at:%Y-%m-%d %H:%M} UTC)" for d in deleted}
        c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
        pick = c1.selectbox(
            tr("Velg slettet scenario", "Choose a deleted scenario"),
            options=list(labels),
            format_func=lambda k: labels.get(k, k),
            key="restore_pick",
        )
        if c2.button(tr("Gjenopprett", "Restore"), key="btn_restore", type="primary"):
            try:
                restored = store.restore_scenario(pick)
            except Exception as e:  # noqa: BLE001
                st.error(md(state.error_text(e)))
            else:
                st.session_state.pop("restore_pick", None)
                st.toast(tr("Gjenopprettet: ", "Restored: ") + md(restored.name))
                st.rerun()

    st.subheader(tr("Revisjonslogg", "Audit log"))
    st.caption(
        tr(
            f"Hvem som lagret, ga nytt navn, slettet, gjenopprettet og importerte, nyeste "
            f"først (de siste {AUDIT_ROWS}). Tid i UTC.",
            f"Who saved, renamed, deleted, restored and imported, newest first (the last "
            f"{AUDIT_ROWS}). Times in UTC.",
        )
    )
    st.dataframe(audit_frame(entries), hide_index=True, width="stretch", key="df:audit")
