"""Office of the Historian snapshot -> ``visit_crosschecks``: every visit by a Vietnamese
leader to the United States that the US Department of State's Office of the Historian
lists (its "Visits by Foreign Leaders" source data), set against the book's own record
of trips (``us_vn_visits``).

A listed visit matches a trip of the record when the trip began at most a week before the
listed first day and no later than its last day (the Office dates the official part of a
trip; the record dates arrival).  A listed visit with no matching trip means the record
is missing a trip: ``usvn data validate`` reports it, so a record declared complete
cannot silently fall short of the Office's list.  Names are compared without diacritics
or titles; a disagreement is kept and shown, not corrected (the Office's entry for May
2022 names a prime minister who had left office in 2016).
"""

from __future__ import annotations

import csv
import datetime as dt
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

from .. import data
from . import snapshots

RELEASES = "history-state/visits-*"
COUNTRY = "vietnam"
SINCE = dt.date(1995, 7, 12)  # normalization: the record's first day
WINDOW = dt.timedelta(days=7)
TITLES = ("President", "Prime Minister", "General Secretary")


def source_id(root: Path) -> str:
    return f"history_state_visits_{snapshots.newest(root, RELEASES).tag}"


def _files(root: Path) -> list[snapshots.Snapshot]:
    folder = snapshots.newest(root, RELEASES).folder
    return sorted(
        (s for s in snapshots.snapshots(root) if s.rel.startswith(f"data/raw/{folder}/")), key=lambda s: s.rel
    )


def listed(root: Path) -> list[dict]:
    """The Office's visits from Việt Nam since normalization, oldest first."""
    out = []
    for snap in _files(root):
        try:
            tree = ET.parse(snap.path)
        except ET.ParseError as exc:
            raise ValueError(f"{snap.rel}: not readable XML ({exc})") from None
        for visit in tree.getroot().iter("visit"):
            origin = visit.find("from")
            if origin is None or origin.get("id") != COUNTRY:
                continue
            start = dt.date.fromisoformat(visit.findtext("start-date", "").strip())
            if start < SINCE:
                continue
            end = dt.date.fromisoformat((visit.findtext("end-date") or "").strip() or start.isoformat())
            out.append(
                {
                    "listed_id": f"ooh_{visit.findtext('id', '').strip()}",
                    "start": start,
                    "end": end,
                    "visitor": " ".join(visit.findtext("visitor", "").split()),
                    "description": " ".join(visit.findtext("description", "").split()),
                }
            )
    return sorted(out, key=lambda r: (r["start"], r["listed_id"]))


def _folded(name: str) -> str:
    """'General Secretary Tô Lâm' -> 'to lam'; 'Nguyễn Tấn Dũng' -> 'nguyen tan dung'."""
    for title in TITLES:
        name = name.removeprefix(title + " ")
    text = unicodedata.normalize("NFKD", name.replace("Đ", "D").replace("đ", "d"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).lower().split())


def _trips(root: Path) -> list[dict]:
    path = data.data_dir(root) / data.resource("us_vn_visits", root)["path"]
    with open(path, newline="", encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh) if r["direction"] == "vn_to_us"]


def crosschecks(root: Path) -> list[dict]:
    source = source_id(root)
    trips = _trips(root)
    out = []
    for visit in listed(root):
        hits = [
            t
            for t in trips
            if visit["start"] - WINDOW <= dt.date.fromisoformat(t["date"][:10]) <= visit["end"]
            and (t["date_precision"] == "day")
        ]
        trip = hits[0] if len(hits) == 1 else None
        out.append(
            {
                "listed_id": visit["listed_id"],
                "start": visit["start"].isoformat(),
                "end": visit["end"].isoformat(),
                "visitor_listed": visit["visitor"],
                "description": visit["description"],
                "trip_id": trip["id"] if trip else "",
                "visitor_recorded": trip["visitor"] if trip else "",
                "names_agree": ("true" if _folded(visit["visitor"]) == _folded(trip["visitor"]) else "false")
                if trip
                else "",
                "source": source,
            }
        )
    return out


def missing(rows: list[dict]) -> list[str]:
    """The listed visits with no trip in the record, as sentences."""
    return [
        f"{r['visitor_listed']} ({r['start']}–{r['end']}: {r['description']})"
        for r in rows
        if not r["trip_id"]
    ]


def source_entries(root: Path) -> list[dict]:
    return [
        snapshots.as_source(
            source_id(root),
            _files(root),
            "Each <visit> whose <from id> is 'vietnam', from 12 July 1995: id, start-date, end-date, "
            "visitor and description.",
        )
    ]
