"""The Census Bureau's monthly imports for consumption and calculated duties (the duty rate actually collected), from its international trade API snapshots."""

from __future__ import annotations

from pathlib import Path

from . import snapshots
from .census import FIRST_YEAR, FOCUS, LATER, WORLD_CODE, WORLD_NAME, json_rows

# ----------------------------------------------------------------------------- duties

DUTIES_FIRST_COUNTRY_YEAR = FIRST_YEAR  # country rows: USITC DataWeb to 2009, Census API from 2010


DUTY_SOURCES = {"census_api": "census_duties_2026_10", "usitc_dataweb": "usitc_duties_2026_10"}


def _duty_row(month: str, code: str, imports, duties, producer: str) -> dict:
    rate = f"{duties / imports:.6f}" if imports else ""
    return {
        "month": month,
        "code": code,
        "partner": FOCUS.get(code, WORLD_NAME),
        "imports_consumption_usd": str(int(imports)),
        "duties_usd": str(int(duties)),
        "duty_rate": rate,
        "source": DUTY_SOURCES[producer],
    }


def duties_monthly(root: Path) -> list[dict]:
    """All partners (national file), Vietnam and China (country extracts), from 1995;
    months not yet published (null) are left out."""
    out = []
    national = snapshots.find(root, f"{LATER}/duties_national.json")
    for row in json_rows(national.path):
        if int(row["period"][:4]) >= FIRST_YEAR and row.get("duties") is not None:
            out.append(
                _duty_row(
                    row["period"],
                    WORLD_CODE,
                    row["import_value"],
                    row["duties"],
                    row.get("source", "census_api"),
                )
            )
    for snap in snapshots.snapshots(root):
        if Path(snap.rel).parent.name != "duties_by_country_extract":
            continue
        for row in json_rows(snap.path):
            if row["country_code"] not in ("VNM", "CHN") or row["year"] < DUTIES_FIRST_COUNTRY_YEAR:
                continue
            for m, (duties, imports) in enumerate(zip(row["duties"], row["import_value"])):
                if duties is not None and imports is not None:
                    out.append(
                        _duty_row(
                            f"{row['year']}-{m + 1:02d}",
                            row["country_code"],
                            imports,
                            duties,
                            row.get("source", "census_api"),
                        )
                    )
    order = {"VNM": 0, "CHN": 1, WORLD_CODE: 2}
    return sorted(out, key=lambda r: (r["month"], order[r["code"]]))
