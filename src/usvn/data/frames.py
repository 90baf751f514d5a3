"""Loading resources as typed frames, and looking rows up by id or tag."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pandas as pd

from .checks import check_resource
from .package import DEPS_ENV, DataError, data_dir, resource

# ----------------------------------------------------------------------------- loading

_DTYPES = {"integer": "Int64", "number": "Float64", "string": "string", "boolean": "boolean", "year": "Int64"}


def _typed(frame: pd.DataFrame, schema: dict) -> pd.DataFrame:
    for field in schema["fields"]:
        name, kind = field["name"], field.get("type", "string")
        if kind in ("date", "datetime"):
            frame[name] = pd.to_datetime(frame[name])
        elif kind == "boolean":
            frame[name] = frame[name].map({"true": True, "false": False}).astype("boolean")
        else:
            frame[name] = frame[name].astype(_DTYPES.get(kind, "string"))
    return frame


MODULE_PREFIX = "module:"


def _record(name: str) -> None:
    """In a build's kernel: note that resource ``name`` was read, and which of the
    package's modules are loaded (the cache key of the chapter covers both)."""
    target = os.environ.get(DEPS_ENV)
    if target:
        modules = sorted(m for m in sys.modules if m == "usvn" or m.startswith("usvn."))
        with open(target, "a", encoding="utf-8") as fh:
            fh.write("".join(f"{MODULE_PREFIX}{m}\n" for m in modules) + (name + "\n" if name else ""))


def record_read(name: str) -> None:
    """Note that resource ``name`` was read (outside :func:`load`), for the chapter's cache key."""
    _record(name)


def record_modules() -> None:
    """Note the package's modules loaded so far (called by code that runs after the data
    are read, e.g. each figure), for the chapter's cache key."""
    _record("")


def load(name: str, root: Path | None = None) -> pd.DataFrame:
    """The resource ``name`` as a validated DataFrame with the schema's dtypes."""
    res = resource(name, root)
    problems = check_resource(res, root)
    if problems:
        raise DataError(problems)
    _record(name)
    frame = pd.read_csv(data_dir(root) / res["path"], dtype=str, keep_default_na=False, na_values=[""])
    out = _typed(frame, res["schema"])
    out.attrs["resource"] = name
    return out


# ----------------------------------------------------------------------------- lookups


class LookupFailed(KeyError):
    """A row asked for by id did not match exactly one row."""


def _where(frame: pd.DataFrame) -> str:
    return frame.attrs.get("resource", "the table")


def row(frame: pd.DataFrame, row_id: str) -> pd.Series:
    """The one row of ``frame`` whose ``id`` is ``row_id``; an error unless exactly one
    matches. Facts pick rows only this way, never by searching their text."""
    if "id" not in frame.columns:
        raise LookupFailed(f"{_where(frame)} has no id column")
    hits = frame[frame["id"] == row_id]
    if len(hits) != 1:
        raise LookupFailed(f"{_where(frame)}: {len(hits)} rows have id {row_id!r} (need exactly one)")
    return hits.iloc[0]


def rows(frame: pd.DataFrame, row_ids) -> pd.DataFrame:
    """The rows with these ids, in the order given; an error naming any id that is missing."""
    picked = [row(frame, i) for i in row_ids]
    return pd.DataFrame(picked).reset_index(drop=True) if picked else frame.iloc[0:0]


def tagged(frame: pd.DataFrame, tag: str) -> pd.DataFrame:
    """The rows whose ``tags`` cell (tags separated by ';') includes ``tag``."""
    tags = frame["tags"].fillna("").astype(str).str.split(";")
    return frame[tags.map(lambda t: tag in t)]


def cached(load):
    """``load`` remembering each resource (a sweep computes many facts in one process);
    every call returns a fresh copy, so a caller may change what it gets."""
    from functools import lru_cache

    remembered = lru_cache(maxsize=None)(load)
    return lambda name: remembered(name).copy()
