"""The Bureau of Labor Statistics' CPI-U annual averages (``cpi_u_annual``: US city
average, all items, 1982-84=100, series CUUR0000SA0), from the snapshots in data/raw/bls/:

* BLS's own text table ``cpiai.txt`` (folder ``bls/cpiai-*``, byte-exact): its 'Annual
  Avg.' column, for every year it holds;
* a later compilation of the annual averages (folder ``bls/cpi-annual-*``, transcribed),
  for the years after the table;
* answers of the BLS API saved by ``usvn data update cpi_u_annual`` (folders
  ``bls/api-*``), which replace the values of the years they hold, newest first.

Each value is written as the snapshot prints it."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from . import snapshots
from .census import FIRST_YEAR

TABLE, COMPILATION, API = "bls/cpiai-*", "bls/cpi-annual-*", "bls/api-*"
SERIES = "CUUR0000SA0"
# The two first snapshots' source ids, as the rows have cited them since they were read.
TABLE_ID = "bls_cpiai_2014_via_datasets_cpi_us"
COMPILATION_ID = "bls_via_policyengine_cpi_annual_json"
API_FILE = "cpi_u_annual.json"  # what `usvn data update` saves: {"series", "annual_averages"}
ROW = re.compile(r"^\s*(\d{4})\s+(.*\S)\s*$")


def api_id(release: snapshots.Release) -> str:
    return f"bls_api_{SERIES.lower()}_{release.tag}"


def table_values(text: str) -> dict[int, str]:
    """Year -> the 'Annual Avg.' column of BLS's cpiai.txt (13th value after the year),
    for the years that have one."""
    out = {}
    for line in text.splitlines():
        m = ROW.match(line)
        if m and len(m.group(2).split()) >= 13:
            out[int(m.group(1))] = m.group(2).split()[12]
    return out


def _api_releases(root: Path) -> list[snapshots.Release]:
    folders = sorted(snapshots.raw_dir(root).glob(API))
    return sorted(
        (snapshots.newest(root, f.relative_to(snapshots.raw_dir(root)).as_posix()) for f in folders),
        key=lambda r: r.vintage,
    )


def cpi_annual(root: Path) -> list[dict]:
    """``cpi_u_annual``: one row per year from the book's first year to the last a snapshot
    holds."""
    table = snapshots.newest(root, TABLE)
    compilation = snapshots.newest(root, COMPILATION)
    values: dict[int, tuple[str, str]] = {}
    text = snapshots.find(root, f"{table.folder}/cpiai.txt").path.read_text(encoding="utf-8")
    for year, value in table_values(text).items():
        values[year] = (value, TABLE_ID)
    compiled = json.loads(
        snapshots.find(root, f"{compilation.folder}/cpi_annual.json").path.read_text(encoding="utf-8")
    )
    for year, value in compiled["series"][SERIES].items():
        values.setdefault(int(year), (json.dumps(value), COMPILATION_ID))  # as the file prints it
    for release in _api_releases(root):  # oldest first: a newer answer replaces an older one
        answer = json.loads(
            snapshots.find(root, f"{release.folder}/{API_FILE}").path.read_text(encoding="utf-8")
        )
        for year, value in answer["annual_averages"].items():
            values[int(year)] = (str(value), api_id(release))
    return [
        {"id": f"cpi_{y}", "year": str(y), "cpi_u": v, "source": s}
        for y, (v, s) in sorted(values.items())
        if y >= FIRST_YEAR
    ]


def source_entries(root: Path) -> list[dict]:
    snaps = snapshots.snapshots(root)
    table = snapshots.newest(root, TABLE)
    compilation = snapshots.newest(root, COMPILATION)
    out = [
        snapshots.as_source(
            TABLE_ID,
            [s for s in snaps if s.rel.startswith(f"data/raw/{table.folder}/")],
            "'Annual Avg.' column, one row per year",
        ),
        snapshots.as_source(
            COMPILATION_ID,
            [s for s in snaps if s.rel.startswith(f"data/raw/{compilation.folder}/")],
            f"series.{SERIES}, the years after BLS's table",
        ),
    ]
    for release in _api_releases(root):
        out.append(
            snapshots.as_source(
                api_id(release),
                [s for s in snaps if s.rel.startswith(f"data/raw/{release.folder}/")],
                f"series {SERIES}, period M13 (annual average)",
            )
        )
    return out


API_URL = "https://api.bls.gov/publicAPI/v2/timeseries/data/"


def save_api_answer(root: Path, values: dict[int, str], title: str, today: dt.date) -> Path:
    """The annual averages the BLS API answered, as a snapshot folder
    ``data/raw/bls/api-<date>/`` (values as BLS printed them, with an origin record) from
    which ``usvn data derive`` remakes ``cpi_u_annual``: the answer is kept, not only its
    effect."""
    folder = snapshots.raw_dir(root) / "bls" / f"api-{today.isoformat()}"
    if folder.exists():
        raise FileExistsError(f"{folder.relative_to(root)} exists: one answer a day is kept")
    folder.mkdir(parents=True)
    answer = folder / API_FILE
    averages = {str(y): v for y, v in sorted(values.items())}
    answer.write_text(
        json.dumps({"series": SERIES, "period": "M13", "annual_averages": averages}, indent=1) + "\n",
        encoding="utf-8",
    )
    origin = {
        "producer": "U.S. Bureau of Labor Statistics (BLS)",
        "title": title,
        "vintage": today.isoformat(),
        "date_published": today.isoformat(),
        "date_accessed": today.isoformat(),
        "url_main": "https://www.bls.gov/developers/",
        "url_download": API_URL,
        "licence": "Public domain: US Government work (17 U.S.C. 105)",
        "citation": f"U.S. Bureau of Labor Statistics, Public Data API v2, series {SERIES}, annual "
        f"averages (period M13), retrieved {today.isoformat()}.",
        "notes": "Saved by `usvn data update cpi_u_annual`: the annual averages the API answered, as BLS "
        "printed them.",
        "downloaded": True,
        "files": [{"path": API_FILE, "sha256": snapshots.sha256(answer), "bytes": answer.stat().st_size}],
    }
    (folder / snapshots.ORIGIN).write_text(json.dumps(origin, indent=1) + "\n", encoding="utf-8")
    return folder
