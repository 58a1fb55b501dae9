"""The audit log: who saved, renamed, deleted, restored or imported what, when and where.

Rows are written by :class:`storage.store.Store` in the same transaction as the change they
record (:func:`record`), so a change without its audit row (or the reverse) cannot be
committed. The app never updates or deletes audit rows. Timestamps are UTC.

``LOCAL_WORKSPACE`` and ``LOCAL_ACTOR`` are what a local, single-user app (no sign-in) uses:
one implicit workspace, and ``"local"`` as the actor.
"""

from __future__ import annotations

import secrets
import string
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

LOCAL_WORKSPACE = "local"
LOCAL_ACTOR = "local"

Action = Literal["save", "rename", "delete", "restore", "import"]
ObjectKind = Literal["scenario", "baseline"]
ACTIONS: tuple[str, ...] = ("save", "rename", "delete", "restore", "import")

#: Longest text kept per field (an e-mail address, a name, a detail).
FIELD_MAX = 300
#: Most rows one call of :meth:`Store.audit_entries` returns.
LIST_MAX = 1000

_ALPHABET = string.ascii_letters + string.digits

SQL_INSERT = (
    "INSERT INTO audit_log (id, happened_at, actor, action, object_kind, object_id, object_name, "
    "version, workspace, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
SQL_LIST_ALL = (
    "SELECT id, happened_at, actor, action, object_kind, object_id, object_name, version, workspace, "
    "detail FROM audit_log ORDER BY happened_at DESC, id LIMIT ?"
)
SQL_LIST_WORKSPACE = (
    "SELECT id, happened_at, actor, action, object_kind, object_id, object_name, version, workspace, "
    "detail FROM audit_log WHERE workspace = ? ORDER BY happened_at DESC, id LIMIT ?"
)


class AuditEntry(BaseModel):
    """One row of the audit log."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    at: datetime
    actor: str
    action: Action
    object_kind: ObjectKind
    object_id: str
    object_name: str
    version: str
    workspace: str
    detail: str


def _clip(text: object) -> str:
    return str(text)[:FIELD_MAX]


def record(
    cur: Any,
    *,
    actor: str,
    action: Action,
    object_kind: ObjectKind,
    object_id: str,
    object_name: str,
    workspace: str,
    version: str = "",
    detail: str = "",
    at: datetime | None = None,
) -> None:
    """Insert one audit row with the cursor of the caller's open transaction."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    when = at or datetime.now(UTC).replace(tzinfo=None)
    cur.execute(
        SQL_INSERT,
        [
            "".join(secrets.choice(_ALPHABET) for _ in range(16)),
            when,
            _clip(actor or LOCAL_ACTOR),
            action,
            object_kind,
            _clip(object_id),
            _clip(object_name),
            _clip(version),
            _clip(workspace),
            _clip(detail),
        ],
    )


def entry(row: tuple[Any, ...]) -> AuditEntry:
    id_, at, actor, action, kind, object_id, object_name, version, workspace, detail = row
    return AuditEntry(
        id=id_,
        at=at.replace(tzinfo=UTC),
        actor=actor,
        action=action,
        object_kind=kind,
        object_id=object_id,
        object_name=object_name,
        version=version,
        workspace=workspace,
        detail=detail,
    )
