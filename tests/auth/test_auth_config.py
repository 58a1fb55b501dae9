"""The membership file: parsing, validation messages, roles, and name normalisation."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.workspaces import (
    CONFIG_MAX_BYTES,
    LOCAL_PRINCIPAL,
    WorkspaceConfigError,
    load_config,
    parse_config,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = REPO_ROOT / "deploy" / "workspaces.example.toml"


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "ws.toml"
    p.write_text(text, encoding="utf-8")
    return p


def problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(WorkspaceConfigError) as info:
        load_config(write(tmp_path, text))
    return info.value.problems


# ------------------------------------------------------------------- the example file
def test_example_file_roles() -> None:
    cfg = load_config(EXAMPLE)
    assert {k: v.name for k, v in cfg.workspaces.items()} == {"alver": "Alver", "bergen": "Bergen"}

    # a domain rule
    p = cfg.principal_for("Kari.Nordmann@Alver.Kommune.no")
    assert p.actor == "kari.nordmann@alver.kommune.no"
    assert p.roles == {"alver": "editor"}
    assert p.names == {"alver": "Alver"}

    # the exact address wins over its domain: up (admin) ...
    assert cfg.principal_for("radgiver@alver.kommune.no").roles == {"alver": "admin"}
    # ... and a domain of viewers with one editor
    assert cfg.principal_for("x@bergen.kommune.no").roles == {"bergen": "viewer"}
    assert cfg.principal_for("okonomi@bergen.kommune.no").roles == {"bergen": "editor"}

    # one person in two workspaces, sorted by display name
    both = cfg.principal_for("konsulent@example.no")
    assert both.roles == {"alver": "viewer", "bergen": "viewer"}
    assert both.workspaces == ["alver", "bergen"]

    # no rule, a lookalike domain, a sub-domain, garbage: no workspace at all
    for email in ("ola@vik.kommune.no", "ola@alver.kommune.no.evil.com", "ola@x.alver.kommune.no"):
        assert cfg.principal_for(email).roles == {}, email
    assert cfg.principal_for("").roles == {}
    assert cfg.principal_for("not an address").roles == {}


def test_exact_rule_can_lower_a_domain_role(tmp_path: Path) -> None:
    cfg = load_config(
        write(
            tmp_path,
            """
[workspaces.vik]
name = "Vik"
[[members]]
match = "@vik.kommune.no"
workspace = "vik"
role = "admin"
[[members]]
match = "vikar@vik.kommune.no"
workspace = "vik"
role = "viewer"
""",
        )
    )
    assert cfg.principal_for("leder@vik.kommune.no").roles == {"vik": "admin"}
    assert cfg.principal_for("vikar@vik.kommune.no").roles == {"vik": "viewer"}
    p = cfg.principal_for("vikar@vik.kommune.no")
    assert not p.at_least("vik", "editor") and p.at_least("vik", "viewer")


def test_local_principal_is_admin_of_the_implicit_workspace() -> None:
    assert LOCAL_PRINCIPAL.local
    assert LOCAL_PRINCIPAL.actor == "local"
    assert LOCAL_PRINCIPAL.roles == {"local": "admin"}


# ------------------------------------------------------------------- messages
def test_unknown_role_names_the_rule_and_the_choices(tmp_path: Path) -> None:
    got = problems(
        tmp_path,
        """
[workspaces.alver]
name = "Alver"
[[members]]
match = "@alver.kommune.no"
workspace = "alver"
role = "editor"
[[members]]
match = "ola@alver.kommune.no"
workspace = "alver"
role = "owner"
""",
    )
    assert len(got) == 1
    assert got[0].startswith("members[2].role:")
    for word in ("'viewer'", "'editor'", "'admin'"):
        assert word in got[0]


def test_undefined_workspace_is_named_with_the_known_ones(tmp_path: Path) -> None:
    got = problems(
        tmp_path,
        """
[workspaces.alver]
name = "Alver"
[[members]]
match = "@alver.kommune.no"
workspace = "alvr"
role = "editor"
""",
    )
    assert got == [
        "members[1].workspace: 'alvr' is not defined; add [workspaces.alvr] or use one of: alver"
    ]


def test_every_problem_is_listed_with_its_place(tmp_path: Path) -> None:
    got = problems(
        tmp_path,
        """
[workspaces.alver]
name = "Alver"
[[members]]
match = "alver.kommune.no"
workspace = "alver"
role = "editor"
[[members]]
match = "ola@alver.kommune.no"
workspace = "alver"
rolle = "admin"
""",
    )
    text = "\n".join(got)
    assert "members[1].match:" in text and "'@kommune.no'" in text
    assert "members[2].role: Field required" in text
    assert "members[2].rolle: Extra inputs are not permitted" in text


def test_workspace_ids_and_names(tmp_path: Path) -> None:
    got = problems(
        tmp_path,
        """
[workspaces.Alver]
name = "Alver"
[workspaces.alver2]
name = "alver"
""",
    )
    text = "\n".join(got)
    assert "workspaces.Alver: the id must be 1–40 lowercase letters" in text
    assert "workspaces.alver2: the name 'alver' is already used by workspaces.Alver" in text

    # an invisible character does not make a second, different-looking-alike name
    got = problems(
        tmp_path,
        '[workspaces.a]\nname = "Alver"\n[workspaces.b]\nname = "Al\u200bver"\n',
    )
    assert got == ["workspaces.b: the name 'Alver' is already used by workspaces.a; "
                   "give each workspace its own name"]  # fmt: skip

    # a Cyrillic 'е' imitating Latin 'e'
    got = problems(tmp_path, '[workspaces.a]\nname = "Alv\u0435r"\n')
    assert len(got) == 1 and got[0].startswith("workspaces.a.name:")
    assert "mixes letters from different scripts" in got[0]
    assert "U+0435 CYRILLIC SMALL LETTER IE" in got[0]


def test_file_level_problems(tmp_path: Path) -> None:
    assert problems(tmp_path, "") == ["workspaces: Field required"]
    assert problems(tmp_path, "[workspaces]\n") == [
        "workspaces: Dictionary should have at least 1 item after validation, not 0"
    ]
    assert problems(tmp_path, "[workspaces.a\n")[0].startswith("not valid TOML:")
    big = write(tmp_path, "# " + "x" * CONFIG_MAX_BYTES)
    with pytest.raises(WorkspaceConfigError, match="larger than 256 KB"):
        load_config(big)
    with pytest.raises(WorkspaceConfigError, match="could not be read"):
        load_config(tmp_path / "missing.toml")
    bad = tmp_path / "latin1.toml"
    bad.write_bytes('[workspaces.a]\nname = "Bø"\n'.encode("latin-1"))
    with pytest.raises(WorkspaceConfigError, match="not UTF-8"):
        load_config(bad)
    # a byte-order mark is fine
    bom = tmp_path / "bom.toml"
    bom.write_bytes('\ufeff[workspaces.a]\nname = "Bø"\n'.encode())
    assert load_config(bom).workspaces["a"].name == "Bø"


def test_error_message_is_bilingual() -> None:
    with pytest.raises(WorkspaceConfigError) as info:
        parse_config({"workspaces": {"a": {"name": "A"}}, "members": [{"match": "x"}]})
    e = info.value
    assert e.message("nb").startswith("Arbeidsområde-oppsettet (medlemmer og roller) er ugyldig:")
    assert e.message("en").startswith("The workspace configuration (members and roles) is invalid:")
    assert "members[1].workspace: Field required" in e.message("en")


# ------------------------------------------------------------------- names
def test_workspace_names_are_normalised(tmp_path: Path) -> None:
    cfg = load_config(write(tmp_path, '[workspaces.a]\nname = "  Ａｌｖｅｒ\u200b  kommune "\n'))
    assert cfg.workspaces["a"].name == "Alver kommune"
    # the same name to a reader (case, a Cyrillic look-alike) is a duplicate
    got = problems(tmp_path, '[workspaces.a]\nname = "Bergen"\n[workspaces.b]\nname = "BERGEN"\n')
    assert got == [
        "workspaces.b: the name 'BERGEN' is already used by workspaces.a; "
        "give each workspace its own name"
    ]
    got = problems(tmp_path, '[workspaces.a]\nname = "x"\n[workspaces.b]\nname = "х"\n')
    assert got[0].startswith("workspaces.b")
