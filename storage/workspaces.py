"""Workspaces (one per municipality), who belongs to them, and a store scoped to one user.

* :func:`load_config` reads the membership file (TOML, see
  ``deploy/workspaces.example.toml``), validated with pydantic; every problem is reported
  with where it is and how to fix it (:class:`WorkspaceConfigError`).
* :meth:`WorkspaceConfig.principal_for` turns a signed-in e-mail address into a
  :class:`Principal`: the workspaces the person belongs to and their role in each
  (``viewer`` < ``editor`` < ``admin``). A rule for the exact address wins over a rule for
  its domain, for the same workspace.
* :data:`LOCAL_PRINCIPAL` is the local single-user app (no sign-in): one implicit
  workspace (``local``) with admin rights.
* :class:`ScopedStore` wraps :class:`storage.store.Store` for one principal and one active
  workspace: lists show only that workspace's scenarios and baselines (plus the shipped
  demo baselines), links into another workspace raise :class:`AccessDeniedError` (which
  names nothing), writes need the right role, and every write is audited with the actor.

No Streamlit here: ``ui/auth.py`` builds the principal from ``st.user``.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from storage.audit import LOCAL_ACTOR, LOCAL_WORKSPACE, AuditEntry
from storage.errors import StoreError
from storage.names import InvalidNameError, name_key, normalise_name

ENV_VAR = "SIMULATOR_WORKSPACES"
Role = Literal["viewer", "editor", "admin"]
ROLES: tuple[Role, ...] = ("viewer", "editor", "admin")
RANK: dict[str, int] = {r: i for i, r in enumerate(ROLES)}
ROLE_NB = {"viewer": "leser", "editor": "redaktør", "admin": "administrator"}

#: Caps on the membership file (it is operator input, but still bounded).
CONFIG_MAX_BYTES = 256 * 1024
WORKSPACES_MAX = 500
RULES_MAX = 5000
WORKSPACE_NAME_MAX = 80
EMAIL_MAX = 254
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
_EMAIL_RE = re.compile(r"^[^@\s]+@[a-z0-9-]+(\.[a-z0-9-]+)+$")
_DOMAIN_RE = re.compile(r"^@[a-z0-9-]+(\.[a-z0-9-]+)+$")


# ----------------------------------------------------------------------------- names
def checked_name(text: str, what_nb: str, what_en: str, *, max_len: int = 120) -> str:
    """:func:`storage.names.normalise_name` (NFKC, no invisible characters, no mixed
    scripts); raises its bilingual :class:`InvalidNameError` (a StoreValidationError)."""
    return normalise_name(text, what_nb=what_nb, what_en=what_en, max_len=max_len)


# ----------------------------------------------------------------------------- config
class WorkspaceConfigError(StoreError):
    """The membership file is missing, unreadable or invalid (``problems`` lists why)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        text = "; ".join(problems)
        super().__init__(
            f"Arbeidsområde-oppsettet (medlemmer og roller) er ugyldig: {text}",
            f"The workspace configuration (members and roles) is invalid: {text}",
        )


class WorkspaceDef(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        try:
            return normalise_name(v, max_len=WORKSPACE_NAME_MAX)
        except InvalidNameError as exc:
            raise ValueError(exc.message_en) from exc


class MemberRule(BaseModel):
    """``match`` is an exact address (``ola@alver.kommune.no``) or a domain (``@alver.kommune.no``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    match: str = Field(min_length=3, max_length=EMAIL_MAX)
    workspace: str
    role: Role

    @field_validator("match")
    @classmethod
    def _match(cls, v: str) -> str:
        v = v.strip().lower()
        if v.startswith("@"):
            if not _DOMAIN_RE.match(v):
                raise ValueError(
                    f"{v!r} is not a domain; write it as '@kommune.no' (an @ and the domain)"
                )
        elif not _EMAIL_RE.match(v):
            raise ValueError(
                f"{v!r} is neither an e-mail address ('ola@kommune.no') nor a domain "
                "('@kommune.no')"
            )
        return v


class WorkspaceConfig(BaseModel):
    """The whole file: ``[workspaces.<id>] name = …`` and ``[[members]]`` rules."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    workspaces: dict[str, WorkspaceDef] = Field(min_length=1, max_length=WORKSPACES_MAX)
    members: list[MemberRule] = Field(default_factory=list, max_length=RULES_MAX)

    def principal_for(self, email: str | None) -> Principal:
        """The memberships of ``email`` (none when it matches no rule)."""
        addr = (email or "").strip().lower()
        if not _EMAIL_RE.match(addr) or len(addr) > EMAIL_MAX:
            return Principal(actor=addr or "?", roles={}, names={}, local=False)
        domain = "@" + addr.rsplit("@", 1)[1]
        exact: dict[str, Role] = {}
        by_domain: dict[str, Role] = {}
        for rule in self.members:
            target = exact if rule.match == addr else by_domain if rule.match == domain else None
            if target is None:
                continue
            old = target.get(rule.workspace)
            if old is None or RANK[rule.role] > RANK[old]:
                target[rule.workspace] = rule.role
        roles = {**by_domain, **exact}  # an exact address wins over its domain
        names = {ws: self.workspaces[ws].name for ws in roles}
        return Principal(actor=addr, roles=roles, names=names, local=False)


def _where(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"  # 1-based, like the file's n-th [[members]] block
        else:
            out += ("." if out else "") + str(part)
    return out or "(the file)"


def parse_config(data: dict[str, Any]) -> WorkspaceConfig:
    """Validate parsed TOML; raise :class:`WorkspaceConfigError` listing every problem."""
    problems: list[str] = []
    try:
        cfg = WorkspaceConfig.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors()[:50]:
            msg = str(err["msg"]).removeprefix("Value error, ")
            problems.append(f"{_where(tuple(err['loc']))}: {msg}")
        raise WorkspaceConfigError(problems) from exc
    seen: dict[str, str] = {}
    for ws_id, ws in cfg.workspaces.items():
        if not _ID_RE.match(ws_id):
            problems.append(
                f"workspaces.{ws_id}: the id must be 1–40 lowercase letters a–z, digits, "
                "'-' or '_' (e.g. [workspaces.alver]); the display name goes in name = …"
            )
        key = name_key(ws.name)  # the same name to a reader: case and look-alikes
        if key in seen:
            problems.append(
                f"workspaces.{ws_id}: the name {ws.name!r} is already used by "
                f"workspaces.{seen[key]}; give each workspace its own name"
            )
        seen[key] = ws_id
    for i, rule in enumerate(cfg.members, start=1):
        if rule.workspace not in cfg.workspaces:
            known = ", ".join(sorted(cfg.workspaces)) or "none"
            problems.append(
                f"members[{i}].workspace: {rule.workspace!r} is not defined; add "
                f"[workspaces.{rule.workspace}] or use one of: {known}"
            )
    if problems:
        raise WorkspaceConfigError(problems)
    return cfg


def load_config(path: str | Path) -> WorkspaceConfig:
    """Read and validate the TOML membership file at ``path``."""
    p = Path(path)
    try:
        raw = p.read_bytes()[: CONFIG_MAX_BYTES + 1]
    except OSError as exc:
        raise WorkspaceConfigError(
            [f"the file could not be read ({type(exc).__name__}); check {ENV_VAR}"]
        ) from exc
    if len(raw) > CONFIG_MAX_BYTES:
        raise WorkspaceConfigError([f"the file is larger than {CONFIG_MAX_BYTES // 1024} KB"])
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise WorkspaceConfigError(["the file is not UTF-8 text"]) from exc
    except tomllib.TOMLDecodeError as exc:
        raise WorkspaceConfigError([f"not valid TOML: {exc}"]) from exc
    return parse_config(data)


def config_path(secret: str | None = None) -> str:
    """``$SIMULATOR_WORKSPACES``, else the path from secrets (``workspaces_file``), else ''."""
    return os.environ.get(ENV_VAR, "").strip() or (secret or "").strip()


# ----------------------------------------------------------------------------- principal
class Principal(BaseModel):
    """Who is using the app: ``actor`` (e-mail or 'local') and a role per workspace id."""

    model_config = ConfigDict(frozen=True)

    actor: str
    roles: dict[str, Role]
    names: dict[str, str]
    local: bool = False

    def role(self, workspace: str) -> Role | None:
        return self.roles.get(workspace)

    def at_least(self, workspace: str, role: Role) -> bool:
        mine = self.roles.get(workspace)
        return mine is not None and RANK[mine] >= RANK[role]

    @property
    def workspaces(self) -> list[str]:
        """Workspace ids, sorted by display name."""
        return sorted(self.roles, key=lambda w: (self.names.get(w, w).casefold(), w))


LOCAL_PRINCIPAL = Principal(
    actor=LOCAL_ACTOR,
    roles={LOCAL_WORKSPACE: "admin"},
    names={LOCAL_WORKSPACE: "Lokal"},
    local=True,
)


# ----------------------------------------------------------------------------- errors
class AccessDeniedError(StoreError):
    """Not a member of the object's workspace, or the role is too low. Names nothing."""


class ScenarioDeletedError(StoreError):
    """The scenario was deleted; only an admin of its workspace can open or restore it."""


def no_access() -> AccessDeniedError:
    return AccessDeniedError(
        "Ingen tilgang: lenken hører til et arbeidsområde du ikke er medlem av. Be en "
        "administrator om tilgang.",
        "No access: the link belongs to a workspace you are not a member of. Ask an "
        "administrator for access.",
    )


def role_too_low(needed: Role, have: Role | None) -> AccessDeniedError:
    have_nb = ROLE_NB.get(have or "", "ingen")
    return AccessDeniedError(
        f"Rollen din her er {have_nb}; dette krever {ROLE_NB[needed]}. Be en administrator "
        "om mer tilgang.",
        f"Your role here is {have or 'none'}; this needs {needed}. Ask an administrator "
        "for more access.",
    )


def deleted_error() -> ScenarioDeletedError:
    return ScenarioDeletedError(
        "Scenarioet i lenken er slettet. En administrator kan gjenopprette det.",
        "The scenario in the link has been deleted. An administrator can restore it.",
    )


# ----------------------------------------------------------------------------- scoped store
class ScopedStore:
    """One principal's view of a :class:`storage.store.Store`, in one active workspace.

    Offers the subset of the store's API that the app uses. Reads by id accept any of the
    principal's workspaces (so a link can switch the active one); lists and writes use the
    active workspace. ``on_switch(workspace)`` is called when a link opens an object in
    another of the principal's workspaces.
    """

    def __init__(
        self,
        store: Any,
        principal: Principal,
        workspace: str,
        *,
        on_switch: Callable[[str], None] | None = None,
    ) -> None:
        self._store = store
        self.principal = principal
        self.workspace = workspace if workspace in principal.roles else ""
        self._on_switch = on_switch

    # -- plumbing the app may read
    @property
    def path(self) -> str:
        return str(self._store.path)

    @property
    def closed(self) -> bool:
        return bool(self._store.closed)

    #: Attributes of the store that reveal nothing about any workspace's content.
    _PASSTHROUGH = frozenset({"read_only", "fault", "dialect", "schema_version", "verify"})

    def __getattr__(self, name: str) -> Any:
        # Only called for names not defined here: anything else is refused, so a new
        # store method is never reachable unscoped by accident.
        if name in ScopedStore._PASSTHROUGH:
            return getattr(self._store, name)
        raise AttributeError(f"ScopedStore has no {name!r} (add a scoped version)")

    @property
    def raw(self) -> Any:
        """The unscoped store (for code that enforces its own checks)."""
        return self._store

    # -- rights
    def role(self, workspace: str | None = None) -> Role | None:
        return self.principal.role(self.workspace if workspace is None else workspace)

    def can(self, role: Role, workspace: str | None = None) -> bool:
        return self.principal.at_least(self.workspace if workspace is None else workspace, role)

    def _require(self, role: Role, workspace: str | None = None) -> str:
        ws = self.workspace if workspace is None else workspace
        if ws not in self.principal.roles:
            raise no_access()
        if not self.principal.at_least(ws, role):
            raise role_too_low(role, self.principal.role(ws))
        return ws

    def _visible(self, saved: Any) -> Any:
        ws = saved.workspace
        if ws not in self.principal.roles:
            raise no_access()
        if saved.deleted and not self.principal.at_least(ws, "admin"):
            raise deleted_error()
        if ws != self.workspace and self._on_switch is not None:
            self._on_switch(ws)
        return saved

    # -- scenarios
    def list_scenarios(self, include_deleted: bool = False) -> list[Any]:
        if not self.workspace:
            return []
        if include_deleted and not self.can("admin"):
            include_deleted = False
        return list(self._store.list_scenarios(include_deleted, workspace=self.workspace))

    def count_scenarios(self, include_deleted: bool = False) -> int:
        return len(self.list_scenarios(include_deleted))

    def load_version(self, version_id: str) -> Any:
        return self._visible(self._store.load_version(version_id))

    def load_scenario(self, scenario_id: str) -> Any:
        return self._visible(self._store.load_scenario(scenario_id))

    def versions(self, scenario_id: str) -> list[Any]:
        self.load_scenario(scenario_id)
        return list(self._store.versions(scenario_id))

    def save_scenario(self, **kwargs: Any) -> Any:
        ws = self._require("editor")
        sid = kwargs.get("scenario_id")
        if sid is not None:
            current = self._store.load_scenario(sid)
            if current.workspace != ws:
                raise no_access()
            if current.deleted and not self.can("admin"):
                raise deleted_error()  # saving would bring it back: only admins restore
        kwargs["name"] = checked_name(kwargs.get("name", ""), "Navnet", "The name")
        kwargs.pop("workspace", None)
        kwargs.pop("actor", None)
        return self._store.save_scenario(**kwargs, workspace=ws, actor=self.principal.actor)

    def _own_scenario(self, scenario_id: str, role: Role) -> Any:
        current = self._store.load_scenario(scenario_id)
        self._require(role, current.workspace)
        return current

    def rename_scenario(self, scenario_id: str, new_name: str) -> Any:
        self._own_scenario(scenario_id, "editor")
        name = checked_name(new_name, "Navnet", "The name")
        return self._store.rename_scenario(scenario_id, name, actor=self.principal.actor)

    def delete_scenario(self, scenario_id: str) -> Any:
        self._own_scenario(scenario_id, "editor")
        return self._store.delete_scenario(scenario_id, actor=self.principal.actor)

    def restore_scenario(self, scenario_id: str) -> Any:
        self._own_scenario(scenario_id, "admin")
        return self._store.restore_scenario(scenario_id, actor=self.principal.actor)

    def deleted_scenarios(self) -> list[Any]:
        """Deleted scenarios of the active workspace (admins only)."""
        self._require("admin")
        return [s for s in self.list_scenarios(include_deleted=True) if s.deleted]

    # -- baselines
    def may_see_baseline(self, name: str) -> bool:
        info = self._store.baseline_info(name)
        return info is not None and (
            info.source == "demo" or info.workspace in self.principal.roles
        )

    def baseline_versions(self, name: str) -> list[Any]:
        if not self.may_see_baseline(name):
            return []
        return list(self._store.baseline_versions(name))

    def newer_baseline(self, name: str, hash: str) -> Any:
        if not self.may_see_baseline(name):
            return None
        return self._store.newer_baseline(name, hash)

    def list_baselines(self, *, all_versions: bool = False) -> list[Any]:
        if not self.workspace:
            return [
                b
                for b in self._store.list_baselines(all_versions=all_versions)
                if b.source == "demo"
            ]
        return list(self._store.list_baselines(all_versions=all_versions, workspace=self.workspace))

    def load_baseline(self, name: str = "demo", *, hash: str | None = None) -> Any:
        if not self.may_see_baseline(name):
            raise no_access()
        return self._store.load_baseline(name, hash=hash)

    def baseline_hashes(self, name: str) -> list[str]:
        if not self.may_see_baseline(name):
            raise no_access()
        return list(self._store.baseline_hashes(name))

    def save_baseline(self, baseline: Any, source: str = "import") -> Any:
        ws = self._require("editor")
        name = checked_name(baseline.name, "Navnet på grunnlaget", "The baseline name")
        if name != baseline.name:
            baseline = baseline.model_copy(update={"name": name})
        return self._store.save_baseline(baseline, source, workspace=ws, actor=self.principal.actor)

    def import_baseline(self, report: Any) -> Any:
        ws = self._require("editor")
        if report.baseline is not None:
            checked_name(report.baseline.name, "Navnet på grunnlaget", "The baseline name")
        return self._store.import_baseline(report, workspace=ws, actor=self.principal.actor)

    # -- audit
    def audit_entries(self, limit: int = 200) -> list[AuditEntry]:
        ws = self._require("admin")
        return list(self._store.audit_entries(workspace=ws, limit=limit))
