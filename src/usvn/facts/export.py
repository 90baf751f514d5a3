"""The book's data API: every stated fact with its value, kind, unit, as-of date and the
documents it rests on, as ``facts.json`` and ``facts.csv`` beside the website.

Each chapter glues its records (hidden) when it executes; the build collects them from the
executed notebooks, so the export is exactly what the pages were made from, variants
included.  The same records give each glued number its hover and focus note, naming the
specific documents of the rows it rests on.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from .. import data
from .kinds import render

FACTS_KEY = "_usvn_facts"  # the hidden glue holding a chapter's records
COLUMNS = (
    "id",
    "chapter",
    "text",
    "value",
    "unit",
    "kind",
    "precision",
    "as_of",
    "resources",
    "rows",
    "sources",
)
MOST = 2  # documents named in a hover note before "and N more"


def _document(src: dict) -> dict:
    """A source entry of the data package as the export names it."""
    doc = {
        "id": src.get("id"),
        "title": src.get("title"),
        "publisher": src.get("publisher"),
        "url": src.get("path"),
        "date_published": src.get("date_published"),
    }
    for key in ("repository", "path_in_repository", "commit", "copy"):
        if src.get(key):
            doc[{"path_in_repository": "path"}.get(key, key)] = src[key]
    return {k: v for k, v in doc.items() if v is not None}


def _row_sources(load, resource: str, ids: tuple[str, ...]) -> list[str]:
    frame = load(resource)
    if "source" not in frame.columns or "id" not in frame.columns:
        return []
    cited: list[str] = []
    for cell in frame[frame["id"].isin(ids)]["source"].dropna():
        cited += [s for s in str(cell).split(";") if s and s not in cited]
    return cited


def documents(basis, by_name: dict[str, dict], load) -> list[dict]:
    """The documents a fact rests on: the cited sources of its rows where the rows are
    known, otherwise every source of each resource (``by_name``: resource name -> its
    entry in the data package)."""
    out: list[dict] = []
    for resource in basis.resources:
        sources = {s.get("id"): s for s in by_name[resource].get("sources", [])}
        ids = basis.rows.get(resource)
        chosen = (
            [sources[i] for i in _row_sources(load, resource, ids) if i in sources]
            if ids
            else list(sources.values())
        )
        for src in chosen or list(sources.values()):
            doc = dict(_document(src), resource=resource)
            if doc not in out:
                out.append(doc)
    return out


def note(docs: list[dict]) -> str:
    """'Source: Boeing (2026-02): Vietnam Airlines finalizes …' for a hover note."""

    if not docs:
        return ""
    named = []
    for doc in docs[:MOST]:
        who = data.producer(doc.get("publisher") or "")
        when = f" ({doc['date_published']})" if doc.get("date_published") else ""
        named.append(f"{who}{when}: {doc.get('title', doc.get('id'))}")
    more = f" and {len(docs) - MOST} more" if len(docs) > MOST else ""
    return "Source: " + " | ".join(named) + more


def records(facts, load=None, root=None) -> list[dict]:
    """One record per fact of ``facts`` (a :class:`usvn.facts.Facts`)."""

    load = data.cached(load or data.load)  # each resource is read and validated once, not per fact
    by_name = {r["name"]: r for r in data.read_package(root)["resources"]}
    out = []
    for key, fact in sorted(facts.items()):
        basis = facts.basis.get(key)
        docs = documents(basis, by_name, load) if basis and basis.resources else []
        value: Any = fact.value
        if isinstance(value, tuple):
            value = list(value)
        out.append(
            {
                "id": key,
                "chapter": facts.chapter,
                "text": render(fact),
                "value": value,
                "unit": fact.unit,
                "kind": fact.kind,
                "precision": fact.precision,
                "as_of": facts.as_of,
                "resources": list(basis.resources) if basis else [],
                "rows": {r: list(i) for r, i in (basis.rows.items() if basis else [])},
                "sources": docs,
                "note": note(docs),
            }
        )
    return out


def chapter_json(facts, load=None, root=None) -> str:
    return json.dumps(records(facts, load, root), ensure_ascii=False, sort_keys=True)


def from_notebook(path: Path) -> list[dict]:
    """The records glued in an executed chapter notebook (none if it has no export)."""
    import ast

    import nbformat

    for cell in nbformat.read(path, as_version=4).cells:
        for output in cell.get("outputs", []):
            meta = output.get("metadata", {}).get("scrapbook") or {}
            if meta.get("name") == FACTS_KEY:
                return json.loads(ast.literal_eval(output["data"][meta["mime_prefix"] + "text/plain"]))
    return []


def write(all_records: list[dict], dest: Path) -> tuple[Path, Path]:
    """``facts.json`` (the records) and ``facts.csv`` (one row per fact, sources as JSON)."""
    dest.mkdir(parents=True, exist_ok=True)
    rows = sorted(all_records, key=lambda r: (r["chapter"], r["id"]))
    as_json = dest / "facts.json"
    as_json.write_text(
        json.dumps(
            {"facts": [{k: r[k] for k in COLUMNS} for r in rows]},
            ensure_ascii=False,
            indent=1,
            sort_keys=True,
        )
        + "\n",
        encoding="utf-8",
    )
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in rows:
        writer.writerow(
            [
                json.dumps(r[k], ensure_ascii=False, sort_keys=True)
                if isinstance(r[k], (list, dict))
                else ("" if r[k] is None else r[k])
                for k in COLUMNS
            ]
        )
    as_csv = dest / "facts.csv"
    as_csv.write_text(buf.getvalue(), encoding="utf-8")
    return as_json, as_csv
