"""SIPRI snapshots -> arms-transfer and military-expenditure resources.

* ``sipri/arms-2026-02/trade_register.csv``: the Arms Transfers Database trade register
  (all suppliers, all recipients, deliveries 1995 onwards), one release, byte-exact.  One
  row per deal and delivery year; ``TIV delivery values`` is that year's volume in SIPRI
  trend-indicator values (millions).  Every arms figure in the book comes from this one
  release, so supplier shares, totals and ranks are consistent with one another.
* ``sipri/milex-2025/*.json``: the Military Expenditure Database, 2025 edition, one JSON
  object per country and sheet; ``null`` where SIPRI has no estimate (kept empty).
"""

from __future__ import annotations

import csv
import io
import json
from functools import lru_cache
from pathlib import Path

from . import snapshots

ARMS_RELEASES = "sipri/arms-*"  # one folder per release of the arms-transfers register
MILEX_EDITIONS = "sipri/milex-*"  # one folder per edition of the military expenditure data


def register_file(root: Path) -> str:
    """The newest register release's file (under data/raw), found from the folders."""
    return f"{snapshots.newest(root, ARMS_RELEASES).folder}/trade_register.csv"


def register_id(root: Path) -> str:
    return f"sipri_register_{snapshots.newest(root, ARMS_RELEASES).tag}"


def milex_folder(root: Path) -> str:
    return snapshots.newest(root, MILEX_EDITIONS).folder


def milex_id(root: Path) -> str:
    return f"sipri_milex_{snapshots.newest(root, MILEX_EDITIONS).tag}"


MILEX_SHEETS = {
    "constant_2023_usd_m": "Constant_2023_US.json",
    "current_usd_m": "Current_US.json",
    "share_of_gdp_pct": "Share_of_GDP.json",
}
RECIPIENT = "Viet Nam"  # SIPRI's name
MILEX_COUNTRY = "Viet Nam"
FIRST_MILEX_YEAR = 1987  # SIPRI's first estimate for Viet Nam
HEADER = "SIPRI AT Database ID"


def _num(text: str) -> str:
    """A TIV as SIPRI prints it, normalised: 22.50 -> 22.5, 54.0 -> 54."""
    value = round(float(text), 2)
    return f"{value:.2f}".rstrip("0").rstrip(".")


@lru_cache(maxsize=4)
def _register(path: str, digest: str) -> tuple:
    """The register's rows (dicts); its preamble (SIPRI's notes) is skipped.  Each line
    ends with ``;`` which is not part of the last field."""
    text = Path(path).read_text(encoding="utf-8")
    lines = text.replace("\r\n", "\n").split("\n")
    try:
        start = next(i for i, line in enumerate(lines) if line.startswith(HEADER))
    except StopIteration:
        raise ValueError(f"{path}: no header line starting {HEADER!r}") from None
    body = "\n".join(line[:-1] if line.endswith(";") else line for line in lines[start:] if line)
    rows = list(csv.DictReader(io.StringIO(body)))
    for n, row in enumerate(rows, start=start + 2):
        if None in row or any(v is None for v in row.values()):
            raise ValueError(f"{path}, line {n}: expected {len(rows[0])} fields")
    return tuple(rows)


def register(root: Path) -> list[dict]:
    snap = snapshots.find(root, register_file(root))
    return list(_register(str(snap.path), snap.origin["sha256"]))


def _sum_by(rows, keys) -> dict:
    out: dict = {}
    for row in rows:
        if row["TIV delivery values"] == "":
            continue
        key = tuple(row[k] for k in keys)
        out[key] = out.get(key, 0.0) + float(row["TIV delivery values"])
    return out


def vn_imports(root: Path) -> list[dict]:
    """``sipri_vn_arms_imports``: deliveries to Viet Nam by supplier and year (TIV m)."""
    source = register_id(root)  # once, not per row
    rows = [r for r in register(root) if r["Recipient"] == RECIPIENT]
    sums = _sum_by(rows, ("Delivery year", "Supplier"))
    return [
        {"year": int(y), "supplier": s, "tiv_m": _num(str(v)), "source": source}
        for (y, s), v in sorted(sums.items(), key=lambda kv: (int(kv[0][0]), kv[0][1]))
    ]


def transfers(root: Path) -> list[dict]:
    """``sipri_arms_transfers``: deliveries per year, supplier and recipient (TIV m), every
    pair in the register: the basis of Viet Nam's rank among importers, its share of the
    world total and its rank among a supplier's customers."""
    source = register_id(root)  # once, not per row
    sums = _sum_by(register(root), ("Delivery year", "Supplier", "Recipient"))
    return [
        {"year": int(y), "supplier": s, "recipient": r, "tiv_m": _num(str(v)), "source": source}
        for (y, s, r), v in sorted(sums.items(), key=lambda kv: (int(kv[0][0]), *kv[0][1:]))
    ]


def _flag(text: str) -> str:
    return {"Yes": "true", "No": "false"}.get(text, "")


def vn_deliveries(root: Path) -> list[dict]:
    """``sipri_vn_arms_deliveries``: one row per deal and delivery year to Viet Nam, as in
    the register: what, from whom, when ordered, how many delivered that year."""
    source = register_id(root)  # once, not per row
    rows = [r for r in register(root) if r["Recipient"] == RECIPIENT]
    rows.sort(key=lambda r: (int(r["Delivery year"]), r["Supplier"], int(r[HEADER])))
    return [
        {
            "deal_id": int(r[HEADER]),
            "supplier": r["Supplier"],
            "designation": r["Designation"].rstrip(" -"),
            "description": r["Description"],
            "category": r["Armament category"],
            "order_year": int(r["Order date"]),
            "order_year_estimate": _flag(r["Order date is estimate"]),
            "delivery_year": int(r["Delivery year"]),
            "delivery_year_estimate": _flag(r["Delivery year is estimate"]),
            "number_delivered": int(r["Numbers delivered"]),
            "number_estimate": _flag(r["Numbers delivered is estimate"]),
            "status": r["Status"],
            "tiv_unit": _num(r["TIV deal unit"]),
            "tiv_delivered": _num(r["TIV delivery values"]),
            "source": source,
        }
        for r in rows
    ]


def milex(root: Path) -> list[dict]:
    """``vn_military_expenditure``: Viet Nam, every year from SIPRI's first estimate to
    the edition's last year; a year without an estimate keeps empty cells (a gap)."""
    source = milex_id(root)  # once, not per row
    sheets = {}
    for field, name in MILEX_SHEETS.items():
        snap = snapshots.find(root, f"{milex_folder(root)}/{name}")
        records = json.loads(snap.path.read_text(encoding="utf-8"))
        match = [r for r in records if r.get("country") == MILEX_COUNTRY]
        if len(match) != 1:
            raise ValueError(
                f"{snap.rel}: expected one object with country {MILEX_COUNTRY!r}, found {len(match)}"
            )
        sheets[field] = match[0]
    last = max(int(k) for k in sheets["constant_2023_usd_m"] if k.isdigit())
    out = []
    for year in range(FIRST_MILEX_YEAR, last + 1):
        row: dict[str, int | str] = {"year": year}
        for field, record in sheets.items():
            value = record.get(str(year))
            row[field] = "" if value is None else f"{float(value):g}"
        row["source"] = source
        out.append(row)
    return out


def source_entries(root: Path) -> list[dict]:
    snaps = snapshots.snapshots(root)
    register_snaps = [s for s in snaps if s.rel == f"data/raw/{register_file(root)}"]
    milex_snaps = [s for s in snaps if s.rel.startswith(f"data/raw/{milex_folder(root)}/")]
    return [
        snapshots.as_source(
            register_id(root),
            register_snaps,
            "Trade register, all suppliers and recipients: one row per deal "
            "and delivery year; columns Supplier, Recipient, Designation, "
            "Order date, Numbers delivered, Delivery year, TIV delivery values.",
        ),
        snapshots.as_source(
            milex_id(root),
            milex_snaps,
            "Sheets 'Constant (2023) US$', 'Current US$' and 'Share of GDP', "
            "object 'Viet Nam'; null = no SIPRI estimate.",
        ),
    ]
