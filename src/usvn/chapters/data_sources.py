"""The "Data and sources" appendix, written from ``data/datapackage.json``.

One section per resource: what it holds, its file (downloadable), how many of its values
are sourced, its licence, its fields with units, and every source with its link, dates
and the place in the document the figures came from.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import data
from ..facts.kinds import cell
from ..sources import snapshots


def coverage(res: dict, frame: pd.DataFrame) -> dict:
    """Counts for one resource: rows, value cells, value cells filled, span of years."""
    key = res["schema"].get("primaryKey", [])
    fields = [f["name"] for f in res["schema"]["fields"] if f["name"] not in key + ["source", "id", "tags"]]
    values = frame[fields]
    out: dict[str, object] = {
        "rows": len(frame),
        "cells": int(values.size),
        "filled": int(values.notna().sum().sum()),
    }
    if "year" in frame.columns and frame["year"].notna().any():
        out["span"] = (int(frame["year"].min()), int(frame["year"].max()))
    elif "month" in frame.columns and frame["month"].notna().any():
        out["span"] = (str(frame["month"].min()), str(frame["month"].max()))
    return out


def _licences(res: dict) -> str:
    return "; ".join(cell(lic.get("title") or lic.get("name")) for lic in res.get("licenses", []))


def _source_item(src: dict) -> str:
    """One line per source: publisher, linked title, dates, id.  The passage the figures
    were read in and the reader's notes stay in data/datapackage.json."""
    title = cell(src.get("title"))
    link = f"[{title}]({src['path']})" if src.get("path", "").startswith("http") else title
    dates = ([f"published {cell(src['date_published'])}"] if src.get("date_published") else []) + [
        f"accessed {cell(src.get('date_accessed'))}"
    ]
    return f"- {cell(data.producer(src.get('publisher') or ''))}: {link} ({'; '.join(dates)}) `{src['id']}`"


def label(name: str) -> str:
    """The cross-reference label of a dataset's section (from the summary table)."""
    return "data-" + name.replace("_", "-")


COPIES = (
    "How the files were read. The *Copy read* column says where each file came from. Where "
    "the producer's own file could not be downloaded when the data were assembled, it was "
    "read from a copy kept in a public GitHub repository, named with its commit. A copy marked "
    "*byte-exact* is the file as that repository holds it at that commit, byte for byte: its "
    "sha256 is recorded in `origin.json`, and the data tests compare it with the repository's "
    "own record of the file. It is the producer's file only as far as that repository kept it "
    "unchanged, which is why the figures derived from it are also set against figures the "
    "producers and others published (the cross-checks below, and the notes of each dataset). "
    "A copy marked *transcribed* is not any producer's file: it was converted from a page, a "
    "table or another format the producer published (its origin record says how), and its "
    "values are checked the same way. A file read from the producer itself says so."
)


def resource_section(res: dict, frame: pd.DataFrame, csv_link: str) -> str:
    cov = coverage(res, frame)
    derived = " *(derived from the snapshots)*" if res.get("usvn:derived") else ""
    lines = [
        f"({label(res['name'])})=",
        f"## {res.get('title', res['name'])}{derived}",
        "",
        cell(res.get("description", "")),
        "",
    ]
    facts = [
        f"**File:** {{download}}`{res['path']} <{csv_link}>` (resource `{res['name']}`)",
        f"**Rows:** {cov['rows']}" + (f", {cov['span'][0]} to {cov['span'][1]}" if "span" in cov else ""),
        f"**Values filled:** {cov['filled']} of {cov['cells']}"
        + (
            f"; the other {cov['cells'] - cov['filled']} are empty because no public source "
            "for them was found"
            if cov["filled"] < cov["cells"]
            else ""
        ),
        f"**Licence:** {_licences(res)}",
    ]
    lines += [f"- {fact}" for fact in facts] + ["", "Fields:", ""]
    for fld in res["schema"]["fields"]:
        unit = f", {cell(fld['unit'])}" if fld.get("unit") else ""
        lines.append(f"- `{fld['name']}` ({fld.get('type', 'string')}{unit}): {cell(fld.get('description'))}")
    srcs = res.get("sources", [])
    publishers = {data.producer(s_.get("publisher") or "") for s_ in srcs}
    lines += [
        "",
        f"Sources: {len(srcs)} from {len(publishers)} publishers. Where each figure "
        "was read, and notes on conflicts, are in `data/datapackage.json`.",
        "",
        # the website lists every source with its link; the PDF only counts them
        "```{only} html",
        *[_source_item(src) for src in srcs],
        "```",
    ]
    return "\n".join(lines)


def snapshots_section(root: Path | None = None) -> str:
    """The raw files the derived datasets are made from: one row per snapshot folder."""

    root = root or data.find_root()
    snaps_all = snapshots.snapshots(root)
    lines = [
        "(data-snapshots)=",
        "## Snapshots: the files as their producers published them",
        "",
        "The derived datasets (marked *derived* below) are rebuilt from these files by "
        "`usvn data derive`, byte for byte; each file's origin record (producer, links, "
        "dates, licence, the copy read and its sha256) is in the `origin.json` beside it.",
        "",
        COPIES,
        "",
        "| Folder | Producer and title | Vintage | Files | Copy read | Read on |",
        "|---|---|---|---|---|---|",
    ]
    for folder in sorted({"/".join(Path(s.rel).parts[:4]) for s in snaps_all}):
        snaps = [s for s in snaps_all if s.rel.startswith(folder + "/")]
        o = snaps[0].origin
        exact = sum(bool(s.origin.get("exact")) for s in snaps)
        how = (f"{exact} byte-exact" if exact else "") + (
            f"{', ' if exact else ''}{len(snaps) - exact} transcribed" if exact < len(snaps) else ""
        )
        copies = sorted(
            {
                f"{s.origin['copy']['repository']} @ {s.origin['copy']['commit'][:10]}"
                for s in snaps
                if s.origin.get("copy")
            }
        )
        lines.append(
            f"| `{folder}` | {cell(o['producer'])}: [{cell(o['title'])}]"
            f"({o['url_download']}) | {o['vintage']} | {len(snaps)} ({how}) | "
            f"{cell('; '.join(copies) or 'downloaded from the producer')} | "
            f"{o['date_accessed']} |"
        )
    return "\n".join(lines)


def crosscheck_section(root: Path | None = None) -> str:
    """Published figures against the Census series, one row each."""
    check = data.load("trade_crosschecks", root)
    agree = int(check["agrees"].fillna(False).sum())
    lines = [
        "(data-crosschecks)=",
        "## Cross-checks: published figures against the Census series",
        "",
        f"{len(check)} figures printed by others ({check['source'].nunique()} documents) "
        f"are set beside the Census value for the same year and flow; {agree} agree "
        "within the tolerance (half the figure's rounding plus 1% for revisions). "
        "The disagreements are explained below the table.",
        "",
        "| Year | Flow | Published ($ m) | Census ($ m) | Agrees | Source |",
        "|---|---|---|---|---|---|",
    ]
    for r in check.itertuples():
        agrees = "—" if pd.isna(r.agrees) else ("yes" if r.agrees else "**no**")
        lines.append(
            f"| {r.year} | {r.code} {r.flow} | {r.published_usd_m:,.1f} | "
            f"{_num(r.census_usd_m)} | {agrees} | {r.source} |"  # ids as text: they fit the page
        )
    lines.append("")
    for r in check[check["agrees"].fillna(True) == False].itertuples():  # noqa: E712
        lines.append(f"- {r.year}, {r.code} {r.flow} (`{r.source}`): {cell(r.note)}")
    return "\n".join(lines)


def _num(value) -> str:
    return "—" if pd.isna(value) else f"{value:,.1f}"


def markdown(root: Path | None = None, data_link: str = "../data") -> str:
    """The appendix body: a summary table, then one section per resource.  Every
    resource is loaded (validated) on the way, so a broken file stops the page."""
    pkg = data.read_package(root)
    frames = {res["name"]: data.load(res["name"], root) for res in pkg["resources"]}
    summary = ["| Dataset | Producers | Coverage | File |", "|---|---|---|---|"]
    sections = []
    for res in pkg["resources"]:
        cov = coverage(res, frames[res["name"]])
        producers = sorted({data.producer(s_.get("publisher") or "") for s_ in res.get("sources", [])})
        shown = "; ".join(producers[:2]) + (f" and {len(producers) - 2} more" if len(producers) > 2 else "")
        span = f"{cov['span'][0]}–{cov['span'][1]}" if "span" in cov else f"{cov['rows']} rows"
        accessed = max((s_.get("date_accessed") or "" for s_ in res.get("sources", [])), default="")
        title = cell(res.get("title", res["name"])).replace("<", "(").replace(">", ")")
        summary.append(
            f"| {{ref}}`{title} <{label(res['name'])}>` | {cell(shown)} | {span}, "
            f"accessed {cell(accessed)} | "
            f"{{download}}`CSV <{data_link}/{res['path']}>` |"
        )
        sections.append(resource_section(res, frames[res["name"]], f"{data_link}/{res['path']}"))
    contents = (
        "Below: the datasets (the table links each to its section), "
        "{ref}`the snapshots and how they were read <data-snapshots>` and "
        "{ref}`the cross-checks of published figures <data-crosschecks>`."
    )
    return "\n\n".join(
        [contents, "\n".join(summary), snapshots_section(root), crosscheck_section(root), *sections]
    )
