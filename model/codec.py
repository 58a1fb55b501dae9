"""Compact, versioned text form of a scenario for links (``?s=1.eJy...``).

Token = ``<schema version>.<base64url(zlib(canonical JSON of non-default fields))>``.
Decoding validates with pydantic and never raises anything but :class:`TokenError`.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from model.scenario import SCHEMA_VERSION, Scenario

MAX_TOKEN_CHARS = 6000
MAX_JSON_BYTES = 200_000

#: schema version -> function upgrading that version's dict to the next version
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


class TokenError(ValueError):
    """A link's scenario is malformed, tampered with or from an unknown version."""

    def __init__(self, message_nb: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_nb = message_nb
        self.message_en = message_en


def encode(s: Scenario) -> str:
    """Empty string for the no-change scenario, else a compact token."""
    compact = s.compact()
    if not compact:
        return ""
    raw = json.dumps(compact, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    packed = zlib.compress(raw.encode("utf-8"), 9)
    return f"{SCHEMA_VERSION}." + base64.urlsafe_b64encode(packed).decode().rstrip("=")


def decode(token: str) -> Scenario:
    if not token:
        return Scenario()
    if len(token) > MAX_TOKEN_CHARS:
        raise TokenError("Lenken er for lang til å være et scenario.", "The link is too long.")
    version_text, _, body = token.partition(".")
    if not (version_text.isascii() and version_text.isdigit()) or len(version_text) > 6 or not body:
        raise TokenError(
            "Lenken har feil format (mangler versjon).", "The link is malformed (no version)."
        )
    version = int(version_text)
    if version > SCHEMA_VERSION or (version < SCHEMA_VERSION and version not in MIGRATIONS):
        raise TokenError(
            f"Lenken er laget med en ukjent versjon ({version}) av simulatoren.",
            f"The link was made by an unknown version ({version}) of the simulator.",
        )
    try:
        packed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        d = zlib.decompressobj()
        raw = d.decompress(packed, MAX_JSON_BYTES)
        if d.unconsumed_tail:
            raise TokenError("Lenken er for stor.", "The link's content is too large.")
        data = json.loads(raw.decode("utf-8"))
    except (
        binascii.Error,
        zlib.error,
        UnicodeDecodeError,
        json.JSONDecodeError,
        ValueError,
        RecursionError,
    ) as e:
        if isinstance(e, TokenError):
            raise
        raise TokenError(
            "Lenken er skadet eller endret og kan ikke leses.",
            "The link is damaged or has been altered and cannot be read.",
        ) from None
    if not isinstance(data, dict):
        raise TokenError("Lenken har feil innhold.", "The link has the wrong content.")
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
    try:
        return Scenario.model_validate(data)
    except RecursionError:
        raise TokenError("Lenken har feil innhold.", "The link has the wrong content.") from None
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(x) for x in first["loc"]) or "scenario"
        raise TokenError(
            f"Lenken har en ugyldig verdi i «{where}»: {first['msg']}.",
            f"The link has an invalid value in '{where}': {first['msg']}.",
        ) from None
