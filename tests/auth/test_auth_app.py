"""The app with and without sign-in (AppTest): the gate, scoping, roles, links, admin tools."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from model import MODEL_VERSION, Scenario
from model.codec import encode
from model.loader import DEFAULT_BASELINE, load_baseline
from storage.store import Store
from storage.workspaces import Principal, ScopedStore
from tests.app.helpers import slider
from ui.layout import SAVED_EXPANDER

ENTRY = str(Path(__file__).resolve().parents[1] / "app" / "entry.py")
ADMIN_PAGE = "../../pages/admin.py"  # relative to tests/app/entry.py
EXAMPLE = Path(__file__).resolve().parents[2] / "deploy" / "workspaces.example.toml"
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "test-secret-not-used",
    "client_id": "simulator",
    "client_secret": "x",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}
ALVER_EDITOR = "ola@alver.kommune.no"
ALVER_ADMIN = "radgiver@alver.kommune.no"
BERGEN_VIEWER = "kari@bergen.kommune.no"
BERGEN_EDITOR = "okonomi@bergen.kommune.no"


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    db = tmp_path / "sim.duckdb"
    ws = tmp_path / "workspaces.toml"
    shutil.copy(EXAMPLE, ws)
    monkeypatch.setenv("SIMULATOR_DB", str(db))
    monkeypatch.setenv("SIMULATOR_WORKSPACES", str(ws))
    st.cache_resource.clear()
    return {"db": db, "ws": ws}


@pytest.fixture
def app(env: dict[str, Path]) -> Callable[..., AppTest]:
    def make(
        email: str | None = None, *, auth: bool = True, query: dict[str, str] | None = None
    ) -> AppTest:
        at = AppTest.from_file(ENTRY, default_timeout=60)
        if auth:
            at.secrets["auth"] = dict(AUTH)
            at.user = {"is_logged_in": True, "email": email} if email else {"is_logged_in": False}
        if query:
            at.query_params.update(query)
        at.session_state[SAVED_EXPANDER] = True  # «Lagrede scenarioer» open (built lazily)
        return at.run()

    return make


def store(env: dict[str, Path]) -> Store:
    from storage import open_store

    return open_store(env["db"])


def save_as(env: dict[str, Path], email: str, ws: str, name: str, **kw: Any) -> Any:
    p = Principal(actor=email, roles={ws: "editor"}, names={})
    return ScopedStore(store(env), p, ws).save_scenario(
        name=name,
        scenario=Scenario(levers={"overtime_cut_pct": 30.0}),
        description="Konfidensielt notat",
        baseline_name=DEFAULT_BASELINE,
        baseline_hash=load_baseline(DEFAULT_BASELINE).hash,
        model_version=MODEL_VERSION,
        **kw,
    )


def all_text(at: AppTest) -> str:
    """Every element's protobuf as text: whatever the page would show or send."""
    out: list[str] = []

    def walk(node: Any) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            out.append(str(proto))
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                walk(child)

    walk(at._tree)
    return "\n".join(out)


def ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def audit_table(at: AppTest) -> Any:
    return next(d.value for d in at.dataframe if "Hvem" in d.value.columns)


def refused(at: AppTest) -> list[str]:
    """Warnings that refuse a link (no access / deleted / not found)."""
    return [
        w.value
        for w in at.warning
        if any(x in w.value for x in ("Ingen tilgang", "er slettet", "Fant ikke det lagrede"))
    ]


def button(at: AppTest, label: str) -> Any:
    return next(b for b in at.button if b.label == label)


# ------------------------------------------------------------------ local mode
def test_local_mode_has_no_sign_in_and_an_admin_can_restore(app, env) -> None:  # type: ignore[no-untyped-def]
    at = app(auth=False)
    ok(at)
    assert "btn_login" not in [b.key for b in at.button]
    assert len(at.metric) >= 5  # the headline (and the page's own)
    # save, delete, then restore from the UI
    at.text_input(key="save_name").input("Lokalt scenario")
    button(at, "Lagre").click().run()
    assert any("Lagret" in s.value for s in at.success)
    at.button(key="btn_delete_ask").click().run()
    at.button(key="btn_delete_yes").click().run()
    ok(at)
    assert store(env).list_scenarios() == []
    at.switch_page(ADMIN_PAGE).run()
    ok(at)
    options = at.selectbox(key="restore_pick").options
    assert len(options) == 1 and options[0].startswith("Lokalt scenario (")
    at.button(key="btn_restore").click().run()
    ok(at)
    assert [s.name for s in store(env).list_scenarios()] == ["Lokalt scenario"]
    audit = audit_table(at)
    assert list(audit["Hvem"]) == ["local", "local", "local"]
    assert list(audit["Hva"]) == ["gjenopprettet", "slettet", "lagret"]
    assert set(audit["Navn"]) == {"Lokalt scenario"}


# ------------------------------------------------------------------ the gate
def test_signed_out_sees_only_the_sign_in_screen(app, env) -> None:  # type: ignore[no-untyped-def]
    save_as(env, ALVER_EDITOR, "alver", "Alver hemmelig")
    at = app(None, query={"id": "abcdefghij"})
    ok(at)
    assert [b.key for b in at.button] == ["btn_login"]
    assert button(at, "Logg inn")
    assert len(at.metric) == 0
    text = all_text(at)
    assert "Alver hemmelig" not in text and "Lagrede scenarioer" not in text


def test_no_membership_and_broken_config_are_refused(app, env) -> None:  # type: ignore[no-untyped-def]
    at = app("ola@vik.kommune.no")
    ok(at)
    assert len(at.metric) == 0
    assert "ikke medlem av noe arbeidsområde" in at.error[0].value
    assert [b.key for b in at.button] == ["btn_logout_denied"]

    env["ws"].write_text(
        '[workspaces.alver]\nname = "Alver"\n[[members]]\nmatch = "@alver.kommune.no"\n'
        'workspace = "alver"\nrole = "eier"\n',
        encoding="utf-8",
    )
    at = app(ALVER_EDITOR)
    ok(at)
    assert len(at.metric) == 0
    msg = at.error[0].value
    assert "Appen er ikke satt opp riktig" in msg
    # shown as plain text (Markdown escaped): members[1].role: Input should be ...
    assert "members\\[1\\].role\\:" in msg and "'viewer', 'editor' or 'admin'" in msg
    assert str(env["ws"]) not in msg  # no server path


# ------------------------------------------------------------------ scoping
def test_each_user_sees_only_their_workspace(app, env) -> None:  # type: ignore[no-untyped-def]
    save_as(env, ALVER_EDITOR, "alver", "Alver natt")
    save_as(env, BERGEN_EDITOR, "bergen", "Bergen natt")
    alver = app(ALVER_EDITOR)
    ok(alver)
    assert len(alver.metric) >= 5
    assert [o.split(" (")[0] for o in alver.selectbox(key="saved_pick").options] == ["Alver natt"]
    assert "Bergen natt" not in all_text(alver)
    assert ALVER_EDITOR in [t.value for t in alver.sidebar.text]

    # a save goes into the user's workspace, with the user as actor
    alver.text_input(key="save_name").input("Alver dag")
    button(alver, "Lagre").click().run()
    ok(alver)
    rows = store(env).audit_entries()
    assert (rows[0].actor, rows[0].action, rows[0].object_name, rows[0].workspace) == (
        ALVER_EDITOR,
        "save",
        "Alver dag",
        "alver",
    )
    bergen = app(BERGEN_EDITOR)
    names = [o.split(" (")[0] for o in bergen.selectbox(key="saved_pick").options]
    assert names == ["Bergen natt"]


def test_link_into_another_workspace_says_no_access(app, env) -> None:  # type: ignore[no-untyped-def]
    a = save_as(env, ALVER_EDITOR, "alver", "Alver hemmelig")
    at = app(BERGEN_EDITOR, query={"id": a.version_id})
    ok(at)
    assert any(w.value.startswith("Ingen tilgang") for w in at.warning)
    text = all_text(at)
    for secret in ("Alver hemmelig", "Konfidensielt", a.id):
        assert secret not in text
    # and the levers were not loaded
    assert slider(at, key="lv:levers.overtime_cut_pct").value == 0.0
    # the same link opens for a member
    mine = app(ALVER_EDITOR, query={"id": a.version_id})
    assert not refused(mine)
    assert slider(mine, key="lv:levers.overtime_cut_pct").value == 30.0


def test_levers_link_works_for_a_viewer(app, env) -> None:  # type: ignore[no-untyped-def]
    token = encode(Scenario(levers={"overtime_cut_pct": 30.0}))
    at = app(BERGEN_VIEWER, query={"s": token})
    ok(at)
    assert not at.warning
    assert slider(at, key="lv:levers.overtime_cut_pct").value == 30.0


def test_viewer_buttons_say_why(app, env) -> None:  # type: ignore[no-untyped-def]
    save_as(env, BERGEN_EDITOR, "bergen", "Bergen natt")
    at = app(BERGEN_VIEWER)
    ok(at)
    save = button(at, "Lagre")
    assert save.disabled
    assert "leser" in save.help and "redaktør" in save.help
    for key in ("btn_delete_ask", "btn_rename"):
        assert at.button(key=key).disabled, key
        assert "leser" in at.button(key=key).help
    assert any("kan bare se" in c.value for c in at.sidebar.caption)
    # nor import a baseline (page Data)
    at.switch_page("../../pages/data.py").run()
    ok(at)
    imp = at.button(key="data:import")
    assert imp.disabled and "leser" in imp.help
    # a viewer has no admin page
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(ADMIN_PAGE)


def test_deleted_link_is_refused_for_editors_and_shown_to_admins(app, env) -> None:  # type: ignore[no-untyped-def]
    a = save_as(env, ALVER_EDITOR, "alver", "Alver slettet")
    store(env).delete_scenario(a.id, actor=ALVER_EDITOR)
    ed = app(ALVER_EDITOR, query={"id": a.version_id})
    ok(ed)
    assert any("er slettet" in w.value for w in ed.warning)
    assert slider(ed, key="lv:levers.overtime_cut_pct").value == 0.0

    admin = app(ALVER_ADMIN, query={"id": a.version_id})
    ok(admin)
    assert any("Du ser det fordi du er administrator" in w.value for w in admin.warning)
    assert slider(admin, key="lv:levers.overtime_cut_pct").value == 30.0
    admin.switch_page(ADMIN_PAGE).run()
    admin.button(key="btn_restore").click().run()
    ok(admin)
    assert [s.name for s in store(env).list_scenarios()] == ["Alver slettet"]
    audit = audit_table(admin)
    assert list(zip(audit["Hvem"], audit["Hva"])) == [
        (ALVER_ADMIN, "gjenopprettet"),
        (ALVER_EDITOR, "slettet"),
        (ALVER_EDITOR, "lagret"),
    ]


def test_member_of_two_workspaces_picks_one_and_links_switch(app, env) -> None:  # type: ignore[no-untyped-def]
    save_as(env, ALVER_EDITOR, "alver", "Alver natt")
    b = save_as(env, BERGEN_EDITOR, "bergen", "Bergen natt")
    consultant = "konsulent@example.no"  # viewer in both (deploy/workspaces.example.toml)
    at = app(consultant)
    ok(at)
    picker = at.selectbox(key="workspace")
    assert picker.options == ["Alver", "Bergen"] and picker.value == "alver"
    assert [o.split(" (")[0] for o in at.selectbox(key="saved_pick").options] == ["Alver natt"]
    picker.select("bergen").run()
    ok(at)
    assert [o.split(" (")[0] for o in at.selectbox(key="saved_pick").options] == ["Bergen natt"]
    # a link into the other of the two workspaces opens and makes it the active one
    linked = app(consultant, query={"id": b.version_id})
    ok(linked)
    assert not refused(linked)
    assert linked.selectbox(key="workspace").value == "bergen"
    assert slider(linked, key="lv:levers.overtime_cut_pct").value == 30.0
