"""Two SIPRI arms-transfer releases compared deal by deal for Viet Nam.

* ``sipri/arms-*``: the release every arms series uses (one row per deal and delivery
  year, with per-year volumes; :mod:`usvn.sources.sipri`).
* ``sipri/register-*``: a later release in SIPRI's other export format (one row per deal,
  the delivery years listed, no per-year volumes and no deal ids).  It cannot replace the
  first for yearly series, but it shows what SIPRI has added, dropped or revised since.

Deals are matched on supplier, designation (letters and digits only, glosses in
parentheses dropped) and order year.  Only deals ordered from ``FIRST_ORDER_YEAR`` are
compared: both releases list all their deliveries (the earlier release covers deliveries
from 1995).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from . import sipri, snapshots

LATER_RELEASES = "sipri/register-*"
LATER_HEADER = "Recipient,Supplier"
FIRST_ORDER_YEAR = 2000
# Columns of the later format, by position (several headers are blank).
RECIPIENT, SUPPLIER, ORDER_YEAR, DESIGNATION, DESCRIPTION = 0, 1, 2, 6, 7
DELIVERED, YEARS, TIV_DELIVERED = 8, 10, 15


def later_file(root: Path) -> str:
    return f"{snapshots.newest(root, LATER_RELEASES).folder}/trade-register.csv"


def later_id(root: Path) -> str:
    return f"sipri_register_{snapshots.newest(root, LATER_RELEASES).tag}"


def _key(supplier: str, designation: str, order_year) -> tuple:
    name = re.sub(r"\([^)]*\)", "", designation).lower()
    return supplier, re.sub(r"[^a-z0-9]", "", name), int(order_year)


def later_deals(root: Path) -> dict:
    """Viet Nam's deals in the later release: key -> designation, delivered, years, TIV."""
    snap = snapshots.find(root, later_file(root))
    text = snap.path.read_bytes().decode("latin-1")  # SIPRI exports this format in a single-byte code page
    lines = text.replace("\r\n", "\n").split("\n")
    try:
        start = next(i for i, line in enumerate(lines) if line.startswith(LATER_HEADER))
    except StopIteration:
        raise ValueError(f"{snap.rel}: no header line starting {LATER_HEADER!r}") from None
    deals = {}
    for n, row in enumerate(csv.reader(io.StringIO("\n".join(lines[start + 1 :]))), start=start + 2):
        if not row or row[RECIPIENT] != sipri.RECIPIENT:
            continue
        if len(row) <= TIV_DELIVERED:
            raise ValueError(f"{snap.rel}, line {n}: expected {TIV_DELIVERED + 1} fields, found {len(row)}")
        years = [int(y) for y in re.findall(r"\d{4}", row[YEARS])]
        deals[_key(row[SUPPLIER], row[DESIGNATION], row[ORDER_YEAR])] = {
            "designation": row[DESIGNATION],
            "description": row[DESCRIPTION].strip().lower(),
            "delivered": int(row[DELIVERED]) if row[DELIVERED].strip() else 0,
            "years": years,
            "tiv": row[TIV_DELIVERED],
        }
    return deals


def earlier_deals(root: Path) -> dict:
    """Viet Nam's deals in the release the series use, summed over delivery years."""
    deals: dict = {}
    for r in sipri.register(root):
        if r["Recipient"] != sipri.RECIPIENT:
            continue
        key = _key(r["Supplier"], r["Designation"].rstrip(" -"), r["Order date"])
        deal = deals.setdefault(
            key,
            {
                "designation": r["Designation"].rstrip(" -"),
                "description": r["Description"].strip().lower(),
                "delivered": 0,
                "years": [],
            },
        )
        deal["delivered"] += int(r["Numbers delivered"])
        deal["years"].append(int(r["Delivery year"]))
    return deals


def _change(before: dict | None, after: dict | None) -> str:
    if before is None:
        return "added"
    if after is None:
        return "dropped"
    if after["delivered"] != before["delivered"]:
        return "more delivered" if after["delivered"] > before["delivered"] else "fewer delivered"
    return "same" if sorted(set(after["years"])) == sorted(set(before["years"])) else "years revised"


def pairs(before: dict, after: dict) -> list[tuple]:
    """(earlier deal or None, later deal or None) for every deal: matched on supplier,
    designation and order year; then, for those left, on supplier, order year and
    description where each side has exactly one such deal (SIPRI renames designations
    between releases: 'KAB-500' became 'KAB-500/1500')."""
    both = sorted(set(before) & set(after))
    out = [(k, before[k], after[k]) for k in both]
    left_b = {k: v for k, v in before.items() if k not in after}
    left_a = {k: v for k, v in after.items() if k not in before}

    def by_kind(side):
        groups: dict = {}
        for k, v in side.items():
            groups.setdefault((k[0], k[2], v["description"]), []).append(k)
        return groups

    gb, ga = by_kind(left_b), by_kind(left_a)
    for kind in sorted(set(gb) & set(ga)):
        if len(gb[kind]) == 1 and len(ga[kind]) == 1:
            kb, ka = gb[kind][0], ga[kind][0]
            out.append((ka, left_b.pop(kb), left_a.pop(ka)))
    out += [(k, v, None) for k, v in left_b.items()] + [(k, None, v) for k, v in left_a.items()]
    return sorted(out, key=lambda t: (t[0][2], t[0][0], t[0][1]))


def release_changes(root: Path) -> list[dict]:
    """``sipri_release_changes``: each deal to Viet Nam ordered from FIRST_ORDER_YEAR, in
    either release, with what each release records and how the later one differs."""
    source = f"{sipri.register_id(root)};{later_id(root)}"
    rows = []
    for key, b, a in pairs(earlier_deals(root), later_deals(root)):
        if key[2] < FIRST_ORDER_YEAR:
            continue
        rows.append(
            {
                "supplier": key[0],
                "designation": (a or b)["designation"],
                "order_year": key[2],
                "earlier_delivered": "" if b is None else b["delivered"],
                "earlier_years": "" if b is None else ";".join(map(str, sorted(set(b["years"])))),
                "later_delivered": "" if a is None else a["delivered"],
                "later_years": "" if a is None else ";".join(map(str, sorted(set(a["years"])))),
                "change": _change(b, a),
                "source": source,
            }
        )
    return rows


def source_entries(root: Path) -> list[dict]:
    snaps = snapshots.of_file(root, later_file(root))
    return [
        snapshots.as_source(
            later_id(root),
            snaps,
            "Trade register, all suppliers and recipients, SIPRI's per-deal export: columns "
            "Recipient, Supplier, Year of order, Weapon designation, Number delivered, "
            "Year(s) of delivery, SIPRI TIV of delivered weapons; rows for Viet Nam compared.",
        )
    ]
