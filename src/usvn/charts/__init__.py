"""The book's charts: style, palette, finishing and emitting (:mod:`.style`), the offline
Vega bundle's place and format (:mod:`.bundle`), shared pieces (:mod:`.common`) and the
PDF's vector charts (:mod:`.pdf`).  ``charts.<name>`` is :mod:`.style`'s, loaded (with
Altair) on first use, so the build can read the bundle's format without importing Altair."""

from __future__ import annotations

from typing import Any

from .bundle import BUNDLE_FORMAT, VEGA_BUNDLE

__all__ = ["BUNDLE_FORMAT", "VEGA_BUNDLE"]


def __getattr__(name: str) -> Any:
    if name.startswith("__"):  # dunder lookups (pickling, copying) are not charts' names
        raise AttributeError(name)
    import importlib

    return getattr(importlib.import_module(f"{__name__}.style"), name)
