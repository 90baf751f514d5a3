"""The data layer: the data package (``data/datapackage.json``), its checks, and typed
loading with row lookups.  Nothing here imports any other part of ``usvn``.  Names are
loaded on first use (the checks and frames need pandas; the package file does not)."""

from __future__ import annotations

from .. import lazy_exports

_EXPORTS = {
    "checks": ("check_resource", "undeclared_files", "validate"),
    "frames": (
        "MODULE_PREFIX",
        "LookupFailed",
        "cached",
        "load",
        "record_modules",
        "record_read",
        "row",
        "rows",
        "tagged",
    ),
    "package": (
        "DEPS_ENV",
        "PACKAGE_FILE",
        "ROOT_ENV",
        "BookNotFound",
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
__all__, __getattr__ = lazy_exports(__name__, _EXPORTS)
