"""US Census Bureau snapshots -> tidy US trade resources (the derive step for Census).

Two vintages of the Bureau's ``country.xlsx`` (every partner, every month, exports and
general imports, $ million) are kept in ``data/raw/census/``:

* ``2024-08/country.xlsx``: the producer's workbook, August 2024 release, byte-exact;
* ``2026-10/``: a later vintage (after the June 2026 annual revision) as converted by a
  third party into one JSON file per year, transcribed; full partner files for the years
  it revised (2022 onwards) and Việt Nam / China / Mexico rows for the earlier years, which
  serve to cross-check the workbook.

Each year is taken from :data:`VINTAGE_OF_YEAR`: the workbook where the two vintages agree
(1995–2021, to $0.1 million), the later vintage where Census has revised or added data.
Imports for consumption and calculated duties (``2026-10/duties*``) come from the Bureau's
international trade API via the same third party.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from . import snapshots

FIRST_YEAR = 1995
WORKBOOK = "census/2024-08/country.xlsx"
LATER = "census/2026-10"
LATER_VINTAGE = "2026-10"
LAST_WORKBOOK_YEAR = 2021  # from 2022 the later vintage holds Census's revisions
WORLD_CODE, WORLD_NAME = "WLD", "World"
WORKBOOK_WORLD = "0015"  # "World, Not Seasonally Adjusted"
FOCUS = {"VNM": "Vietnam", "CHN": "China", "MEX": "Mexico"}
# Census codes of the 2024 workbook that the later vintage's map no longer lists: Israel
# (5080, now 5081) and the Iraq-Saudi Arabia Neutral Zone (5160, ISO 3166-3 NTZ).
WORKBOOK_CODES = {"5080": "ISR", "5160": "NTZ"}
MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


@dataclass(frozen=True)
class YearRow:
    """One partner's goods trade in one year: 12 months (None = not yet published)."""

    year: int
    code: str  # ISO3 (WLD for the world total)
    exports: tuple  # 12 values, $ million
    imports: tuple
    exports_year: float | None  # the file's own annual totals
    imports_year: float | None
    vintage: str
    snapshot: str  # data/raw/... of the file read


def _r1(value) -> float | None:
    return None if value is None else round(float(value), 1)


# ----------------------------------------------------------------------------- reading


_WORKBOOKS: dict[str, tuple] = {}


def _workbook(path: str, digest: str) -> tuple:
    """Rows of the workbook's sheet as tuples (header first); cached per file content
    (``digest``), wherever the file is."""
    if digest not in _WORKBOOKS:
        if len(_WORKBOOKS) >= 4:
            _WORKBOOKS.pop(next(iter(_WORKBOOKS)))
        _WORKBOOKS[digest] = _cached_parse(path, digest)
    return _WORKBOOKS[digest]


def _cached_parse(path: str, digest: str) -> tuple:
    """The parse of a workbook, kept as JSON under the user's cache folder by the sha256 of
    its bytes (parsing the Census workbook takes seconds; the result is a pure function of
    the bytes).  Rows with values JSON cannot hold are not cached."""
    import json
    import os

    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "usvn"
    cache = folder / f"xlsx-{digest}.json"
    try:
        return tuple(tuple(r) for r in json.loads(cache.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        pass
    rows = _read_workbook(path)
    if all(v is None or isinstance(v, (str, int, float)) for r in rows for v in r):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(rows), encoding="utf-8")
            os.replace(tmp, cache)
        except OSError:
            pass
    return rows


def _read_workbook(path: str) -> tuple:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    sheet = book.worksheets[0]
    rows = []
    for row in sheet.iter_rows(values_only=True):
        if row[0] is None:
            break
        rows.append(tuple(row))
    book.close()
    return tuple(rows)


def countries(root: Path) -> list[dict]:
    """The later vintage's map of Census codes to ISO3 codes, names and kinds."""
    snap = snapshots.find(root, f"{LATER}/countries.json")
    return json.loads(snap.path.read_text(encoding="utf-8"))


def code_map(root: Path) -> tuple[dict[str, str], dict[str, str], set[str]]:
    """(Census code -> ISO3, ISO3 -> name, aggregate codes).  Aggregates carry both their
    Census code (``0003``) and the later vintage's ``AGG_0003``."""
    to_iso: dict[str, str] = {}
    names: dict[str, str] = {}
    aggregates: set[str] = set()
    for row in countries(root):
        census, code = str(row["census_code"]), row["country_code"]
        if row.get("is_aggregate"):
            aggregates.update({census, code})
            continue
        to_iso[census] = code
        names.setdefault(code, row["name"])
    return to_iso, names, aggregates


def workbooks(root: Path) -> list[snapshots.Snapshot]:
    """Every ``country.xlsx`` snapshot, oldest vintage first."""
    return sorted(
        (s for s in snapshots.snapshots(root) if s.path.name == "country.xlsx"),
        key=lambda s: s.origin["vintage"],
    )


def workbook_rows(root: Path, snap: snapshots.Snapshot | None = None) -> list[YearRow]:
    """Every partner-year of a workbook (default: the August 2024 one) from
    :data:`FIRST_YEAR`, recodes summed under one ISO3 code, plus the world total (code
    0015) as ``WLD``; aggregates dropped."""
    snap = snap or snapshots.find(root, WORKBOOK)
    vintage = snap.origin["vintage"]
    table = _workbook(str(snap.path), snapshots.sha256(snap.path))
    header, body = table[0], table[1:]
    col = {name: i for i, name in enumerate(header)}
    to_iso, _, aggregates = code_map(root)
    to_iso = {**WORKBOOK_CODES, **to_iso}
    sums: dict[tuple[int, str], list] = {}
    for row in body:
        year, census = int(row[col["year"]]), str(row[col["CTY_CODE"]])
        if year < FIRST_YEAR or (census in aggregates and census != WORKBOOK_WORLD):
            continue
        if census == WORKBOOK_WORLD:
            code = WORLD_CODE
        elif census in to_iso:
            code = to_iso[census]
        else:
            raise ValueError(
                f"{snap.rel}: CTY_CODE {census} ({row[col['CTYNAME']]}) has no "
                f"ISO3 code in {LATER}/countries.json"
            )
        values = (
            [row[col[f"E{m}"]] for m in MONTHS]
            + [row[col[f"I{m}"]] for m in MONTHS]
            + [row[col["EYR"]], row[col["IYR"]]]
        )
        acc = sums.setdefault((year, code), [0.0] * 26)
        for i, v in enumerate(values):
            acc[i] += float(v or 0)
    return [
        YearRow(
            year,
            code,
            tuple(_r1(v) for v in acc[:12]),
            tuple(_r1(v) for v in acc[12:24]),
            _r1(acc[24]),
            _r1(acc[25]),
            vintage,
            snap.rel,
        )
        for (year, code), acc in sorted(sums.items())
    ]


def json_rows(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


def later_rows(root: Path, full_only: bool = True) -> list[YearRow]:
    """Partner-years of the later vintage: every partner of the full files (world total
    from the national extract), or with ``full_only=False`` also the Việt Nam / China /
    Mexico rows of the extracts."""
    out = []
    folders = ["trade_by_country"] + ([] if full_only else ["trade_by_country_extract"])
    _, _, aggregates = code_map(root)
    for snap in snapshots.snapshots(root):
        parent = Path(snap.rel).parent
        if parent.parent.as_posix() != f"data/raw/{LATER}" or parent.name not in folders:
            continue
        for row in json_rows(snap.path):
            if row["country_code"] in aggregates or row["country_code"].startswith("AGG_"):
                continue
            out.append(
                YearRow(
                    int(row["year"]),
                    row["country_code"],
                    tuple(_r1(v) for v in row["exports"]),
                    tuple(_r1(v) for v in row["imports"]),
                    _r1(row.get("exports_year")),
                    _r1(row.get("imports_year")),
                    LATER_VINTAGE,
                    snap.rel,
                )
            )
    out += world_later(root, {r.year for r in out})
    return sorted(out, key=lambda r: (r.year, r.code))


def world_later(root: Path, years: set[int]) -> list[YearRow]:
    """The world total (Census basis, goods, not seasonally adjusted) for ``years``, from
    the national extract of the later vintage."""
    snap = snapshots.find(root, f"{LATER}/trade_national_extract.json")
    monthly: dict[int, dict[int, tuple]] = {}
    annual: dict[int, tuple] = {}
    for row in json_rows(snap.path):
        if row.get("basis") != "census" or row.get("scope") != "goods":
            continue
        if row.get("adjustment", row.get("seasonal")) not in (None, "nsa"):
            continue
        period = str(row["period"])
        value = (_r1(row.get("exports")), _r1(row.get("imports")))
        if row.get("frequency") == "monthly":
            monthly.setdefault(int(period[:4]), {})[int(period[5:7])] = value
        elif row.get("frequency") == "annual":
            annual[int(period[:4])] = value
    out = []
    for year in sorted(years):
        months = monthly.get(year, {})
        ex = tuple(months.get(m, (None, None))[0] for m in range(1, 13))
        im = tuple(months.get(m, (None, None))[1] for m in range(1, 13))
        ey, iy = annual.get(year, (None, None))
        out.append(YearRow(year, WORLD_CODE, ex, im, ey, iy, LATER_VINTAGE, snap.rel))
    return out


# ----------------------------------------------------------------------------- choosing


class Census:
    """The rows the derived resources are made of, read once per derive."""

    def __init__(self, root: Path):
        self.root = root
        _, self.names, _ = code_map(root)
        self.names[WORLD_CODE] = WORLD_NAME
        newest = workbooks(root)[-1]
        if newest.origin["vintage"] > LATER_VINTAGE:  # a fresh download holds every year
            self.rows = workbook_rows(root, newest)
        else:
            book = [r for r in workbook_rows(root) if r.year <= LAST_WORKBOOK_YEAR]
            self.rows = book + [r for r in later_rows(root) if r.year > LAST_WORKBOOK_YEAR]

    def name(self, code: str) -> str:
        return self.names.get(code, code)

    def complete_years(self) -> list[int]:
        """Years whose 12 world months are all published."""
        return sorted(
            r.year
            for r in self.rows
            if r.code == WORLD_CODE and all(v not in (None, 0) for v in r.exports + r.imports)
        )

    def last_month(self) -> tuple[int, int]:
        """(year, month) of the newest month published for the partners (the world total
        of the national file can lag a month behind the partner file)."""
        year = max(r.year for r in self.rows)
        latest = [r for r in self.rows if r.year == year and r.code != WORLD_CODE]
        published = [
            m
            for m in range(12)
            if sum(r.exports[m] or 0 for r in latest) + sum(r.imports[m] or 0 for r in latest) > 0
        ]
        return year, published[-1] + 1

    def of(self, code: str) -> list[YearRow]:
        return [r for r in self.rows if r.code == code]


def fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _flows(exports: float | None, imports: float | None) -> dict[str, str]:
    return {
        "exports_usd_m": fmt(exports),
        "imports_usd_m": fmt(imports),
        "balance_usd_m": fmt(None if exports is None or imports is None else round(exports - imports, 1)),
    }


def source_id(vintage: str) -> str:
    return f"census_country_{vintage.replace('-', '_')}"


def source_ids(rows) -> dict[str, str]:
    """The source id of each vintage cited (vintage -> id)."""
    return {r.vintage: source_id(r.vintage) for r in rows}


def partner_annual(census: Census) -> list[dict]:
    """Every partner (and the world) in every complete year."""
    years = set(census.complete_years())
    ids = source_ids(census.rows)
    return [
        {
            "year": str(r.year),
            "code": r.code,
            "partner": census.name(r.code),
            **_flows(r.exports_year, r.imports_year),
            "vintage": r.vintage,
            "source": ids[r.vintage],
        }
        for r in sorted(census.rows, key=lambda r: (r.year, r.code != WORLD_CODE, r.code))
        if r.year in years
    ]


def vn_annual(census: Census) -> list[dict]:
    years = set(census.complete_years())
    ids = source_ids(census.rows)
    return [
        {
            "year": str(r.year),
            **_flows(r.exports_year, r.imports_year),
            "vintage": r.vintage,
            "source": ids[r.vintage],
        }
        for r in census.of("VNM")
        if r.year in years
    ]


def vn_monthly(census: Census) -> list[dict]:
    """Every month from January 1995 to the newest published month."""
    last = census.last_month()
    ids = source_ids(census.rows)
    out = []
    for r in census.of("VNM"):
        for m in range(12):
            if (r.year, m + 1) > last:
                break
            out.append(
                {
                    "month": f"{r.year}-{m + 1:02d}",
                    **_flows(r.exports[m], r.imports[m]),
                    "vintage": r.vintage,
                    "source": ids[r.vintage],
                }
            )
    return out


# ----------------------------------------------------------------------------- sources


WORKBOOK_TABLE = (
    "Sheet 'country': one row per CTY_CODE and year; EJAN..EDEC and EYR (total "
    "exports), IJAN..IDEC and IYR (general imports), $ million. Rows from 1995; "
    "aggregates (codes 0003-0022) except the world total (0015, not seasonally "
    "adjusted) left out."
)


def source_entries(root: Path) -> list[dict]:
    """The datapackage source entries of the Census snapshots (one per vintage/series)."""
    snaps = snapshots.snapshots(root)
    later = [s for s in snaps if s.rel.startswith(f"data/raw/{LATER}/")]
    duties = [s for s in later if "duties" in s.rel]
    trade = [s for s in later if s not in duties]
    books = [
        snapshots.as_source(source_id(s.origin["vintage"]), [s], WORKBOOK_TABLE) for s in workbooks(root)
    ]
    usitc = snapshots.as_source(
        "usitc_duties_2026_10",
        duties,
        "duties_national.json and duties_by_country_extract/<year>.json, "
        "rows with source 'usitc_dataweb' (1995-2009): imports for "
        "consumption and calculated duties, whole US dollars, by month, "
        "for Vietnam, China and all countries.",
    )
    repos = ", ".join(sorted({s.origin["copy"]["repository"] for s in duties}))
    usitc.update(
        publisher=f"U.S. International Trade Commission, DataWeb (copy in GitHub repo {repos})",
        title="DataWeb: US imports for consumption and calculated duties, all countries, monthly",
    )
    return books + [
        snapshots.as_source(
            "census_country_2026_10",
            trade,
            "trade_by_country/<year>.json: one row per partner (ISO3 "
            "country_code) with 12 monthly exports and imports and annual "
            "totals, $ million; trade_national_extract.json: the world total, "
            "Census basis, goods, not seasonally adjusted; countries.json: "
            "Census codes and names.",
        ),
        snapshots.as_source(
            "census_duties_2026_10",
            duties,
            "duties_by_country_extract/<year>.json and duties_national.json, "
            "rows with source 'census_api' (January 2010 onwards): imports for "
            "consumption (CON_VAL_MO) and calculated duties (CAL_DUT_MO), whole "
            "US dollars, by month, for Vietnam, China and all countries.",
        ),
        usitc,
    ]
