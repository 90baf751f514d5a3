"""Sweeps that scale: the output folder named by the grid, tidy numeric results, a
summary chart from aggregated data, a fast path for the parameters a chapter can
evaluate as a formula, and the same sweep on a Dask cluster.

* :func:`folder_name` and :func:`claim`: a grid's folder carries a hash of the chapter and
  the grid, and a folder holding another grid's results is never overwritten.
* :func:`tidy`: one row per combination, the swept parameters first, then only the results
  that vary, as numbers where every value is one (units stay in the fact names).
* A chapter may declare ``sweep_fast(points, load)`` with ``sweep_fast.PARAMS``: when every
  swept parameter is among them, the whole grid is evaluated at once (vectorized) from one
  computation of the chapter at its defaults, instead of one chapter computation per point.
* :func:`on_cluster`: the grid split into chunks and computed by the workers of a Dask
  scheduler (``usvn sweep --scheduler tcp://HOST:8786``), with the same results as locally.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import re
from pathlib import Path
from typing import Any

import pandas as pd

from .. import data, facts, params

GRID_FILE = "grid.json"
CHUNK = 500  # grid points per task on a cluster


def spec(chapter: str, lists: dict[str, list[Any]]) -> dict:
    return {"chapter": chapter, "grid": {k: list(v) for k, v in sorted(lists.items())}}


def folder_name(chapter: str, lists: dict[str, list[Any]]) -> str:
    """'tariff_rate-0-0.78_elasticity-0.4-5.2-3f9a1c2b7d10': readable ends, a hash of all."""
    text = json.dumps(spec(chapter, lists), sort_keys=True, default=str)
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    parts = [f"{k}-{v[0]}-{v[-1]}" if len(v) > 1 else f"{k}-{v[0]}" for k, v in sorted(lists.items())]
    readable = re.sub(r"[^A-Za-z0-9_.=-]+", "-", "_".join(parts))[:80]
    return f"{readable}-{digest}"


def claim(out: Path, chapter: str, lists: dict[str, list[Any]]) -> None:
    """Record the grid in ``out``; refuse a folder that holds another grid's results."""
    wanted = json.loads(json.dumps(spec(chapter, lists), default=str))
    path = out / GRID_FILE
    if path.is_file():
        held = json.loads(path.read_text(encoding="utf-8"))
        if held != wanted:
            raise params.ParameterError(
                f"{out} holds the results of another grid ({held['chapter']}: "
                f"{', '.join(held['grid'])}); give another --out or remove the folder"
            )
    elif out.exists() and any(out.iterdir()):
        raise params.ParameterError(f"{out} is not empty and holds no {GRID_FILE}; give another --out")
    out.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(wanted, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def _numeric(column: pd.Series) -> pd.Series:
    converted = pd.to_numeric(column, errors="coerce")
    return converted if converted.notna().sum() == column.notna().sum() else column


def tidy(frame: pd.DataFrame, swept: list[str]) -> pd.DataFrame:
    """The swept parameters, the status, and the results that vary across the grid."""
    keep = [c for c in frame.columns if c in swept or c == "status" or frame[c].nunique(dropna=False) > 1]
    out = frame[keep].copy()
    for column in out.columns:
        if column not in swept and column != "status":
            out[column] = _numeric(out[column])
    return out


def fast_path(chapter: str, swept: list[str]):
    """The chapter's vectorized sweep, if it covers every swept parameter."""
    from .. import registry

    name = registry.page(chapter).module or f"usvn.chapters.{chapter}"
    module = importlib.import_module(name)
    fn = getattr(module, "sweep_fast", None)
    return fn if fn is not None and set(swept) <= set(fn.PARAMS) else None


def fast_chunk(root: str, chapter: str, records: list[dict]) -> list[dict]:
    load = facts.cached(lambda name: data.load(name, Path(root)))
    fn = fast_path(chapter, list(records[0]))
    assert fn is not None
    return fn(pd.DataFrame(records), load).to_dict("records")


_LOADERS: dict[str, Any] = {}


def facts_row(root: str, chapter: str, point: dict[str, Any]) -> tuple[dict, float, str]:
    """One grid point's facts as plain text (in a worker: data loaded once per process)."""
    import time

    if root not in _LOADERS:
        _LOADERS[root] = facts.cached(lambda name: data.load(name, Path(root)))
    t0 = time.perf_counter()
    try:
        found = facts.compute(chapter, _LOADERS[root], **point)
    except Exception as exc:  # a parameter combination the chapter cannot compute
        return {}, time.perf_counter() - t0, f"{type(exc).__name__}: {exc}"
    return {k: facts.plain(v) for k, v in found.items()}, time.perf_counter() - t0, ""


def rows_of_chunk(root: str, chapter: str, points: list[dict]) -> list[dict]:
    """One row per point, each from a chapter computation (a Dask task's work)."""
    rows = []
    for point in points:
        values, _, error = facts_row(root, chapter, point)
        rows.append(dict(point) | {"status": "failed" if error else "computed", "error": error} | values)
    return rows


def on_cluster(address: str, root: Path, chapter: str, points: list[dict], fast: bool) -> list[dict]:
    """Compute the grid on the Dask scheduler at ``address``: chunks of points, each
    computed by a worker (fast path or one chapter computation per point)."""
    from distributed import Client

    chunks = [points[i : i + CHUNK] for i in range(0, len(points), CHUNK)]
    with Client(address, timeout="30s") as client:
        if fast:
            futures = client.map(
                fast_chunk, [str(root)] * len(chunks), [chapter] * len(chunks), chunks, pure=False
            )
        else:
            futures = client.map(
                rows_of_chunk, [str(root)] * len(chunks), [chapter] * len(chunks), chunks, pure=False
            )
        answers = client.gather(futures)
    return [row for chunk in answers for row in chunk]


def summary_frame(frame: pd.DataFrame, swept: list[str], key: str) -> pd.DataFrame:
    """At most a few hundred points for the chart, whatever the grid's size: the key
    result's mean by the first swept parameter (and the second, if its values are few),
    with its minimum and maximum over the other parameters."""
    data = frame[swept + [key]].copy()
    data[key] = pd.to_numeric(data[key], errors="coerce")
    by = [swept[0]] + ([swept[1]] if len(swept) > 1 and data[swept[1]].nunique() <= 12 else [])
    for column in by:
        if not pd.api.types.is_numeric_dtype(data[column]):
            data[column] = data[column].astype(str)
    grouped = data.groupby(by, dropna=False)[key].agg(["mean", "min", "max", "count"]).reset_index()
    return grouped.rename(columns={"mean": key, "min": f"{key}_min", "max": f"{key}_max", "count": "runs"})
