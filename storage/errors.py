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
    """Another process holds the database file open for writing.

    The message names no path (users see it); ``path`` and ``detail`` are for logs.
    """

    def __init__(self, path: str, detail: str = "") -> None:
        super().__init__(
            "Databasefilen er i bruk av en annen prosess (en annen kjørende app eller et "
            "skript). Lukk den andre prosessen, eller start denne med en egen fil, for "
            "eksempel SIMULATOR_DB=/sti/til/egen.duckdb.",
            "The database file is in use by another process (another running app or a "
            "script). Close the other process, or start this one with its own file, for "
            "example SIMULATOR_DB=/path/to/own.duckdb.",
        )
        self.path = path
        self.detail = detail


class StoreCorruptError(StoreError):
    """The database file is damaged, truncated, not a database, or cannot be read."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(
            "Databasen kan ikke leses: filen er skadet eller utilgjengelig. Lagrede scenarioer "
            "og importerte data er ikke tilgjengelige nå. Den som drifter appen kan gjenopprette "
            "databasen fra en sikkerhetskopi (se storage/README.md).",
            "The database cannot be read: the file is damaged or not accessible. Saved "
            "scenarios and imported data are not available now. Whoever runs the app can "
            "restore the database from a backup (see storage/README.md).",
        )
        self.detail = detail


class StoreUnavailableError(StoreError):
    """The database server cannot be reached (PostgreSQL down, wrong address, ...)."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(
            "Databasetjeneren svarer ikke. Lagrede scenarioer er ikke tilgjengelige nå; prøv "
            "igjen om litt, eller kontakt den som drifter appen.",
            "The database server is not responding. Saved scenarios are not available now; "
            "try again shortly, or contact whoever runs the app.",
        )
        self.detail = detail


class StoreDiskFullError(StoreError):
    """The disk under the database is full: nothing was saved (and it is not retried)."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(
            "Disken er full, så ingenting ble lagret. Det som var lagret fra før, er i behold. "
            "Kontakt den som drifter appen.",
            "The disk is full, so nothing was saved. Everything saved before is intact. "
            "Contact whoever runs the app.",
        )
        self.detail = detail


class StoreReadOnlyError(StoreError):
    """A write to a read-only store (e.g. the demo fallback after a database fault)."""

    def __init__(self) -> None:
        super().__init__(
            "Appen kjører skrivebeskyttet på demodataene fordi databasen ikke er tilgjengelig. "
            "Ingenting ble lagret.",
            "The app is running read-only on the demo data because the database is not "
            "available. Nothing was saved.",
        )


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
