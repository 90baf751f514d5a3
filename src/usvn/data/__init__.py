"""The data layer: the data package (``data/datapackage.json``), its checks, and typed
loading with row lookups.  Nothing here imports any other part of ``usvn``.  Names are
loaded on first use (the checks and frames need pandas; the package file does not)."""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "checks": ("check_resource", "undeclared_files", "validate"),
    "frames": ("MODULE_PREFIX", "LookupFailed", "load", "record_modules", "row", "rows", "tagged"),
    "package": (
        "DEPS_ENV",
        "PACKAGE_FILE",
        "ROOT_ENV",
        "DataError",
        "Problem",
        "data_dir",
        "find_root",
        "producer",
        "package_files",
        "read_package",
        "resource",
        "resource_digest",
        "restore",
        "sha256_file",
        "source_note",
        "sources",
        "stamp",
        "write_package",
    ),
}
_WHERE = {name: module for module, names in _EXPORTS.items() for name in names}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
