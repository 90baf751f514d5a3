"""The data layer: the data package (``data/datapackage.json``), its checks, and typed
loading with row lookups.  Nothing here imports any other part of ``usvn``."""
from __future__ import annotations

from .checks import check_resource, undeclared_files, validate
from .frames import MODULE_PREFIX, LookupFailed, load, record_modules, row, rows, tagged
from .package import (DEPS_ENV, PACKAGE_FILE, ROOT_ENV, DataError, Problem, data_dir, find_root,
                      producer, read_package, resource, resource_digest, restore, sha256_file,
                      source_note, sources, stamp, write_package)

__all__ = ["DEPS_ENV", "PACKAGE_FILE", "ROOT_ENV", "DataError", "LookupFailed", "Problem",
           "MODULE_PREFIX", "check_resource", "data_dir", "find_root", "load", "producer", "read_package", "record_modules",
           "resource", "resource_digest", "restore", "row", "rows", "sha256_file", "source_note",
           "sources", "stamp", "tagged", "undeclared_files", "validate", "write_package"]
