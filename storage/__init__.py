"""Storage: the store (DuckDB file or PostgreSQL), a municipality's own data in (import, template) and out (export).

The app imports from here::

    from storage import open_store, StoreError, StoreLockedError
"""

from storage.errors import (
    ImportRejectedError,
    NotFoundError,
    SchemaError,
    StoreClosedError,
    StoreConflictError,
    StoreCorruptError,
    StoreDiskFullError,
    StoreError,
    StoreLockedError,
    StoreReadOnlyError,
    StoreUnavailableError,
    StoreValidationError,
)
from storage.store import (
    DEFAULT_DB_PATH,
    ENV_VAR,
    BaselineInfo,
    SavedScenario,
    Store,
    default_path,
    demo_store,
    open_store,
)

__all__ = [
    "DEFAULT_DB_PATH",
    "ENV_VAR",
    "BaselineInfo",
    "ImportRejectedError",
    "NotFoundError",
    "SavedScenario",
    "SchemaError",
    "Store",
    "StoreClosedError",
    "StoreConflictError",
    "StoreCorruptError",
    "StoreDiskFullError",
    "StoreError",
    "StoreLockedError",
    "StoreReadOnlyError",
    "StoreUnavailableError",
    "StoreValidationError",
    "default_path",
    "demo_store",
    "open_store",
]
