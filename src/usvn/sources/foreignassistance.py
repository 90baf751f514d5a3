"""ForeignAssistance.gov snapshot -> ``us_aid_vietnam`` (US assistance to Việt Nam by
fiscal year).

The country-level bulk file holds, per country and fiscal year, four kinds of amount:
obligations and disbursements (money committed and money paid out), appropriated and
planned amounts, and the President's budget requests, each in current and constant US
dollars.  The copy's last fiscal year of obligations and disbursements is a partial
snapshot of a year still being reported: it is kept, flagged ``complete = false``, and
never charted as a full year.
"""

from __future__ import annotations

import csv
from pathlib import Path

from . import snapshots

RELEASES = "foreignassistance/*"  # one folder per copy of the country file


def country_file(root: Path) -> str:
    """The newest copy's file (under data/raw), found from the folders."""
    return f"{snapshots.newest(root, RELEASES).folder}/us_foreign_aid_country.csv"


def source_id(root: Path) -> str:
    return f"foreignassistance_country_{snapshots.newest(root, RELEASES).tag}"


COUNTRY = "VNM"
KINDS = {
    "Obligations": "obligations",
    "Disbursements": "disbursements",
    "Appropriated and Planned": "appropriated_planned",
    "President's Budget Requests": "budget_request",
}
REPORTED = ("obligations", "disbursements")  # kinds whose last year is still being filled


def _rows(root: Path) -> list[dict]:
    snap = snapshots.find(root, country_file(root))
    with open(snap.path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def vn_aid(root: Path) -> list[dict]:
    source = source_id(root)  # once, not per row
    rows = _rows(root)
    last = {
        kind: max(
            int(r["Fiscal Year"])
            for r in rows
            if KINDS.get(r["Transaction Type Name"]) == kind and r["Fiscal Year"].isdigit()
        )
        for kind in REPORTED
    }
    out = []
    for n, r in enumerate(rows, start=2):
        if r["Country Code"] != COUNTRY:
            continue
        kind = KINDS.get(r["Transaction Type Name"])
        if kind is None:
            raise ValueError(
                f"data/raw/{country_file(root)}, line {n}: unknown transaction type {r['Transaction Type Name']!r}"
            )
        year = int(r["Fiscal Year"])
        out.append(
            {
                "fiscal_year": year,
                "kind": kind,
                "current_usd": int(r["current_amount"]),
                "constant_usd": int(r["constant_amount"]),
                "complete": "false" if kind in last and year == last[kind] else "true",
                "source": source,
            }
        )
    return sorted(out, key=lambda r: (r["kind"], r["fiscal_year"]))


def source_entries(root: Path) -> list[dict]:
    snaps = snapshots.of_file(root, country_file(root))
    return [
        snapshots.as_source(
            source_id(root),
            snaps,
            "Rows with Country Code VNM: Transaction Type Name, Fiscal Year, "
            "current_amount and constant_amount (US dollars).",
        )
    ]
