"""Trafficking in Persons tiers -> ``vn_trafficking_tiers``: Việt Nam's placement in every
State Department Trafficking in Persons Report found, one row per report year.

Two inputs: the researchers' compilation of the reports' tier tables for 2001-2015 (a
byte-exact snapshot, ``tip-tiers/*``) and the curated ``tip_report_narratives``, the tier
as each report's Việt Nam narrative states it.  A year's tier is the narrative's where
one was read, else the compilation's; where both exist the row records whether they agree,
and a disagreement is an error (the series would rest on a misread)."""

from __future__ import annotations

import csv
from pathlib import Path

from .. import data
from . import snapshots

RELEASES = "tip-tiers/*"
COUNTRY = "VNM"
NAMES = {"Tier 1": "Tier 1", "Tier 2": "Tier 2", "Watchlist": "Tier 2 Watch List", "Tier 3": "Tier 3"}


def source_id(root: Path) -> str:
    return f"tip_tiers_compiled_{snapshots.newest(root, RELEASES).tag}"


def _file(root: Path) -> str:
    return f"{snapshots.newest(root, RELEASES).folder}/tip_tiers_orig.csv"


def compiled(root: Path) -> dict[int, str]:
    """Report year -> tier in the compilation (years without a placement left out)."""
    snap = snapshots.find(root, _file(root))
    out = {}
    with open(snap.path, newline="", encoding="utf-8") as fh:
        for n, row in enumerate(csv.DictReader(fh), start=2):
            tier = row["tier"].strip()
            if row["iso"] != COUNTRY or tier in ("", "NA"):
                continue
            if tier not in NAMES:
                raise ValueError(f"{snap.rel}, line {n}: unknown tier {row['tier']!r}")
            out[int(row["year"])] = NAMES[tier]
    return out


def _narratives(root: Path) -> dict[int, dict]:
    path = data.data_dir(root) / data.resource("tip_report_narratives", root)["path"]
    with open(path, newline="", encoding="utf-8") as fh:
        return {int(r["report_year"]): r for r in csv.DictReader(fh)}


def tiers(root: Path) -> list[dict]:
    listed, read, sid = compiled(root), _narratives(root), source_id(root)
    out = []
    for year in sorted(set(listed) | set(read)):
        narrative = read.get(year)
        other = listed.get(year, "")
        tier = narrative["tier"] if narrative else other
        if narrative and other and other != tier:
            raise ValueError(
                f"data/tip_report_narratives.csv: {year} reads {tier!r} but the compilation "
                f"({_file(root)}) has {other!r}; check the report"
            )
        out.append(
            {
                "report_year": year,
                "tier": tier,
                "basis": "narrative" if narrative else "compilation",
                "compilation_tier": other,
                "agrees": ("true" if other == tier else "false") if narrative and other else "",
                "source": ";".join(
                    s for s in ((narrative or {}).get("source", ""), sid if other else "") if s
                ),
            }
        )
    return out


def source_entries(root: Path) -> list[dict]:
    return [
        snapshots.as_source(
            source_id(root),
            snapshots.of_file(root, _file(root)),
            "Rows with iso VNM: year and tier ('Watchlist' = Tier 2 Watch List).",
        )
    ]
