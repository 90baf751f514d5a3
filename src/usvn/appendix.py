"""The "Data and sources" appendix, written from ``data/datapackage.json``.

One section per resource: what it holds, its file (downloadable), how many of its values
are sourced, its licence, its fields with units, and every source with its link, dates
and the place in the document the figures came from.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import data


def _cell(text) -> str:
    """Text safe inside a Markdown table cell or list item."""
    if text is None or text is pd.NA or (isinstance(text, float) and pd.isna(text)) or text == "":
        return "—"
    return " ".join(str(text).split()).replace("|", "\\|")


def coverage(res: dict, frame: pd.DataFrame) -> dict:
    """Counts for one resource: rows, value cells, value cells filled, span of years."""
    key = res["schema"].get("primaryKey", [])
    fields = [f["name"] for f in res["schema"]["fields"] if f["name"] not in key + ["source"]]
    values = frame[fields]
    out = {"rows": len(frame), "cells": int(values.size), "filled": int(values.notna().sum().sum())}
    if "year" in frame.columns and frame["year"].notna().any():
        out["span"] = (int(frame["year"].min()), int(frame["year"].max()))
    return out


def _licences(res: dict) -> str:
    return "; ".join(_cell(lic.get("title") or lic.get("name")) for lic in res.get("licenses", []))


def _source_item(src: dict) -> str:
    title = _cell(src.get("title"))
    link = f"[{title}]({src['path']})" if src.get("path", "").startswith("http") else title
    parts = [f"**{link}**", _cell(src.get("publisher"))]
    if src.get("date_published"):
        parts.append(f"published {_cell(src['date_published'])}")
    parts.append(f"accessed {_cell(src.get('date_accessed'))}")
    item = f"- {', '.join(parts)}. Source id `{src['id']}`."
    if src.get("table_or_page"):
        item += f" *Where:* {_cell(src['table_or_page'])}."
    if src.get("notes"):
        item += f" *Notes:* {_cell(src['notes'])}"
    return item


def resource_section(res: dict, frame: pd.DataFrame, csv_link: str) -> str:
    cov = coverage(res, frame)
    derived = " *(derived from the snapshots)*" if res.get("usvn:derived") else ""
    lines = [f"## {res.get('title', res['name'])}{derived}", "", _cell(res.get("description", "")), ""]
    facts = [f"**File:** {{download}}`{res['path']} <{csv_link}>` (resource `{res['name']}`)",
             f"**Rows:** {cov['rows']}"
             + (f", years {cov['span'][0]} to {cov['span'][1]}" if "span" in cov else ""),
             f"**Values sourced:** {cov['filled']} of {cov['cells']}"
             + (f"; the other {cov['cells'] - cov['filled']} are empty because no public source "
                "for them could be read" if cov["filled"] < cov["cells"] else ""),
             f"**Licence:** {_licences(res)}"]
    lines += [f"- {fact}" for fact in facts] + ["", "| Field | Type | Unit | Meaning |",
                                                 "|---|---|---|---|"]
    for fld in res["schema"]["fields"]:
        lines.append(f"| `{fld['name']}` | {fld.get('type', 'string')} | {_cell(fld.get('unit'))} "
                     f"| {_cell(fld.get('description'))} |")
    lines += ["", f"Sources ({len(res.get('sources', []))}):", ""]
    lines += [_source_item(src) for src in res.get("sources", [])]
    return "\n".join(lines)


def snapshots_section(root: Path | None = None) -> str:
    """The raw files the derived datasets are made from: one row per snapshot folder."""
    from .sources import snapshots

    root = root or data.find_root()
    snaps_all = snapshots.snapshots(root)
    lines = ["## Snapshots: the files as their producers published them", "",
             "The derived datasets (marked *derived* below) are rebuilt from these files by "
             "`usvn data derive`, byte for byte; each file's origin record (producer, links, "
             "dates, licence, the copy read and its sha256) is in the `origin.json` beside it.",
             "", "| Folder | Producer and title | Vintage | Files | Copy read | Accessed |",
             "|---|---|---|---|---|---|"]
    for folder in sorted({"/".join(Path(s.rel).parts[:4]) for s in snaps_all}):
        snaps = [s for s in snaps_all if s.rel.startswith(folder + "/")]
        o = snaps[0].origin
        exact = sum(bool(s.origin.get("exact")) for s in snaps)
        how = (f"{exact} byte-exact" if exact else "") + (
            f"{', ' if exact else ''}{len(snaps) - exact} transcribed" if exact < len(snaps) else "")
        copies = sorted({f"{s.origin['copy']['repository']} @ {s.origin['copy']['commit'][:10]}"
                         for s in snaps if s.origin.get("copy")})
        lines.append(f"| `{folder}` | {_cell(o['producer'])}: [{_cell(o['title'])}]"
                     f"({o['url_download']}) | {o['vintage']} | {len(snaps)} ({how}) | "
                     f"{_cell('; '.join(copies) or 'downloaded from the producer')} | "
                     f"{o['date_accessed']} |")
    return "\n".join(lines)


def crosscheck_section(root: Path | None = None) -> str:
    """Published figures against the Census series, one row each."""
    check = data.load("trade_crosschecks", root)
    agree = int(check["agrees"].fillna(False).sum())
    lines = ["## Cross-checks: published figures against the Census series", "",
             f"{len(check)} figures printed by others ({check['source'].nunique()} documents) "
             f"are set beside the Census value for the same year and flow; {agree} agree "
             "within the tolerance (half the figure's rounding plus 1% for revisions). "
             "Every disagreement carries a note.", "",
             "| Year | Partner | Flow | Published ($ m) | Census ($ m) | Difference | Agrees | "
             "Source | Note |", "|---|---|---|---|---|---|---|---|---|"]
    for r in check.itertuples():
        agrees = "—" if pd.isna(r.agrees) else ("yes" if r.agrees else "**no**")
        lines.append(f"| {r.year} | {r.code} | {r.flow} | {r.published_usd_m:,.1f} | "
                     f"{_num(r.census_usd_m)} | {_num(r.difference_usd_m)} | {agrees} | "
                     f"`{r.source}` | {_cell(r.note)} |")
    return "\n".join(lines)


def _num(value) -> str:
    return "—" if pd.isna(value) else f"{value:,.1f}"


def markdown(root: Path | None = None, data_link: str = "../data") -> str:
    """The appendix body: a summary table, then one section per resource.  Every
    resource is loaded (validated) on the way, so a broken file stops the page."""
    pkg = data.read_package(root)
    frames = {res["name"]: data.load(res["name"], root) for res in pkg["resources"]}
    summary = ["| Dataset | Rows | Values sourced | Sources |", "|---|---|---|---|"]
    sections = []
    for res in pkg["resources"]:
        cov = coverage(res, frames[res["name"]])
        summary.append(f"| {_cell(res.get('title', res['name']))} | {cov['rows']} | "
                       f"{cov['filled']} of {cov['cells']} | {len(res.get('sources', []))} |")
        sections.append(resource_section(res, frames[res["name"]], f"{data_link}/{res['path']}"))
    return "\n\n".join(["\n".join(summary), snapshots_section(root), crosscheck_section(root),
                        *sections])
