"""usvn: data, analysis and build tooling for the US–Vietnam relations research book."""

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any

__version__ = "0.1.0"

# Start-up time.  jsonschema (imported by Altair) optionally imports rfc3987_syntax, which
# JupyterLab's dependencies install and which compiles a grammar on import (about 0.7 s
# in every chapter kernel).  The book validates no IRI formats, so the optional import is
# declined here: jsonschema then simply skips that format checker.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


def lazy_exports(
    package: str, exports: Mapping[str, tuple[str, ...]]
) -> tuple[list[str], Callable[[str], Any]]:
    """``__all__`` and a module ``__getattr__`` for ``package`` that load each name from its
    submodule (``exports``: submodule -> names) on first use, so that importing the package
    imports none of them (PEP 562)."""
    where = {name: module for module, names in exports.items() for name in names}

    def __getattr__(name: str) -> Any:
        if name in where:
            return getattr(importlib.import_module(f".{where[name]}", package), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return sorted(where), __getattr__
