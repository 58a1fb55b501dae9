"""Errors raised by the storage layer, each with a bokmål and an English message.

``str(error)`` is ``"<bokmål> / <English>"``; the app shows ``error.message(lang)``.
"""

from __future__ import annotations


class StoreError(Exception):
    """Base class of every error the storage layer raises on purpose."""

    def __init__(self, message_nb: str, message_en: str) -> None:
        super().__init__(f"{message_nb} / {message_en}")
        self.message_nb = message_nb
        self.message_en = message_en

    def message(self, lang: str = "nb") -> str:
        return self.message_en if lang == "en" else self.message_nb


class StoreLockedError(StoreError):
    """Another process holds the database file open for writing."""

    def __init__(self, path: str, detail: str = "") -> None:
        super().__init__(
            f"Databasefilen {path} er i bruk av en annen prosess (en annen kjørende app eller "
            "et skript). Lukk den andre prosessen, eller start denne med en egen fil, for "
            "eksempel SIMULATOR_DB=/sti/til/egen.duckdb.",
            f"The database file {path} is in use by another process (another running app or a "
            "script). Close the other process, or start this one with its own file, for "
            "example SIMULATOR_DB=/path/to/own.duckdb.",
        )
        self.path = path
        self.detail = detail


class StoreClosedError(StoreError):
    def __init__(self) -> None:
        super().__init__("Lageret er lukket.", "The store is closed.")


class StoreConflictError(StoreError):
    """A write kept conflicting with concurrent writes after all retries."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(
            "Lagringen kolliderte med en samtidig endring. Prøv igjen.",
            "The save collided with a concurrent change. Please try again.",
        )
        self.detail = detail


class StoreValidationError(StoreError):
    """Input to the store (a name, a description, ...) is not acceptable."""


class NotFoundError(StoreError):
    """A scenario, version or baseline does not exist."""


class SchemaError(StoreError):
    """The database schema is newer than this app, or a migration failed."""


class ImportRejectedError(StoreError):
    """An import report with problems was passed to the store."""
