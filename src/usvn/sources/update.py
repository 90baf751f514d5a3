"""``usvn data update``: fetch new vintages from the producers (needs network).

* ``census``: the Census Bureau's ``country.xlsx`` (every partner and month, no key) is
  saved as a new snapshot ``data/raw/census/<YYYY-MM>/country.xlsx`` with its origin
  record, and every Census-derived resource is re-derived from it (``usvn data derive``).
  The newest workbook supersedes the older vintages for every year it holds.
* ``cpi_u_annual`` from the BLS public data API v2 (series CUUR0000SA0, period M13 =
  annual average, which BLS only returns to callers with a free registration key in
  ``$BLS_API_KEY``): the answer is saved as a snapshot ``data/raw/bls/api-<date>/``
  with its origin record, and ``cpi_u_annual`` is re-derived (:mod:`usvn.sources.bls`).

All or nothing: if anything fails (network, a file or answer of the wrong shape, a value
that breaks the schema or an identity) every file is restored byte for byte, a new
snapshot folder is removed, and the error says what and where.  The book build never
calls this.  Tests replace the network with recorded answers: see :class:`Replay`
(``$USVN_REPLAY`` for the command line).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import shutil
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from .. import data
from . import bls, coverage, snapshots

CENSUS_XLSX = "https://www.census.gov/foreign-trade/balance/country.xlsx"
CENSUS_PAGE = "https://www.census.gov/foreign-trade/balance/c5520.html"
WORKBOOK_COLUMNS = ("year", "CTY_CODE", "CTYNAME", "IYR", "EYR")
BLS = bls.API_URL
BLS_SERIES = "CUUR0000SA0"
BLS_YEARS_PER_CALL = 20
REPLAY_ENV = "USVN_REPLAY"
RECORD_ENV = "USVN_RECORD"


class UpdateError(RuntimeError):
    """The API could not be reached or answered something unusable."""


class Transport(Protocol):
    def __call__(self, url: str, body: bytes | None = None) -> bytes: ...


def http(url: str, body: bytes | None = None, timeout: float = 60) -> bytes:
    """GET (or POST ``body`` as JSON) and return the response body; errors name the URL."""
    headers = {"User-Agent": "usvn-data-update", "Content-Type": "application/json"}
    request = urllib.request.Request(url, data=body, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read()
    except urllib.error.HTTPError as exc:
        raise UpdateError(f"{_public(url)}: HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise UpdateError(
            f"{_public(url)}: network error ({reason}); `usvn data update` needs internet access"
        ) from exc


@dataclass
class Replay:
    """A transport answering from a file of recorded exchanges
    ``[{"url": ..., "body": ... or null, "response": ...}]``; anything else is an error,
    so a test can never reach the network."""

    path: Path
    calls: list[str] = field(default_factory=list)

    def __call__(self, url: str, body: bytes | None = None) -> bytes:
        url = _public(url)
        self.calls.append(url)
        sent = _anonymous(body)
        for exchange in json.loads(Path(self.path).read_text(encoding="utf-8")):
            if exchange["url"] == url and exchange.get("body") == sent:
                if "response_file" in exchange:  # a binary answer kept beside the log
                    return (Path(self.path).parent / exchange["response_file"]).read_bytes()
                answer = exchange["response"]
                return answer.encode() if isinstance(answer, str) else json.dumps(answer).encode()
        raise UpdateError(f"{_public(url)}: no recorded response in {self.path}")


@dataclass
class Record:
    """A transport that asks ``inner`` (the network) and appends each exchange, without
    API keys, to a file that :class:`Replay` can serve later."""

    path: Path
    inner: Transport = http

    def __call__(self, url: str, body: bytes | None = None) -> bytes:
        raw = self.inner(url, body)
        sent = _anonymous(body)
        path = Path(self.path)
        entry: dict = {"url": _public(url), "body": sent}
        if raw[:2] == b"PK":  # a workbook (zip): kept as a file beside the log
            name = f"response-{hashlib.sha256(raw).hexdigest()[:12]}.xlsx"
            (path.parent / name).write_bytes(raw)
            entry["response_file"] = name
        else:
            try:
                entry["response"] = json.loads(raw) if raw.strip() else ""
            except ValueError:
                entry["response"] = raw.decode("utf-8", "replace")
        log = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else []
        log.append(entry)
        path.write_text(json.dumps(log, indent=1) + "\n", encoding="utf-8")
        return raw


def default_transport() -> Transport:
    """The network; ``$USVN_REPLAY`` serves recorded answers instead, ``$USVN_RECORD``
    records what the network answered."""
    if os.environ.get(REPLAY_ENV):
        return Replay(Path(os.environ[REPLAY_ENV]))
    if os.environ.get(RECORD_ENV):
        return Record(Path(os.environ[RECORD_ENV]))
    return http


def _anonymous(body: bytes | None):
    """A POST body as recorded: parsed JSON with any BLS key replaced by 'test-key'."""
    sent = json.loads(body) if body else None
    if isinstance(sent, dict) and "registrationkey" in sent:
        sent["registrationkey"] = "test-key"
    return sent


def _public(url: str) -> str:
    """The URL without its API key (errors and sources never show keys)."""
    return url.split("&key=")[0]


# ----------------------------------------------------------------------------- fetchers


@dataclass
class Fetched:
    """What one API said: values by year (column -> text, as written to the CSV)."""

    resource: str
    rows: dict[int, dict[str, str]]
    source: dict


def bls_cpi(years: list[int], transport: Transport, key: str | None) -> Fetched:
    """CPI-U annual averages (period M13) for ``years``."""
    if not key:
        raise UpdateError(
            "BLS returns annual averages only to registered callers: set "
            "$BLS_API_KEY (free key: https://data.bls.gov/registrationEngine/)"
        )
    rows: dict[int, dict[str, str]] = {}
    for start in range(min(years), max(years) + 1, BLS_YEARS_PER_CALL):
        end = min(start + BLS_YEARS_PER_CALL - 1, max(years))
        body = {
            "seriesid": [BLS_SERIES],
            "startyear": str(start),
            "endyear": str(end),
            "annualaverage": True,
            "registrationkey": key,
        }
        raw = transport(BLS, json.dumps(body).encode())
        try:
            answer = json.loads(raw)
            if answer.get("status") != "REQUEST_SUCCEEDED":
                raise UpdateError(f"{BLS}: {answer.get('status')}: {'; '.join(answer.get('message', []))}")
            series = answer["Results"]["series"][0]["data"]
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise UpdateError(f"{BLS}: not a BLS v2 answer ({exc!r})") from exc
        for point in series:
            if point.get("period") == "M13" and int(point["year"]) in years:
                rows[int(point["year"])] = {"cpi_u": point["value"]}
    source = {
        "id": "bls_api_cuur0000sa0",
        "title": f"Public Data API v2, series {BLS_SERIES} (CPI-U, US city average, all items, not seasonally adjusted)",
        "publisher": "U.S. Bureau of Labor Statistics",
        "path": BLS,
        "date_accessed": dt.date.today().isoformat(),
        "date_published": None,
        "table_or_page": "period M13 (annual average), annualaverage=true",
        "notes": "Fetched by `usvn data update`; values as BLS prints them.",
    }
    return Fetched("cpi_u_annual", rows, source)


Fetcher = Callable[[list[int], Transport], Fetched]
UPDATERS: dict[str, Fetcher] = {
    "cpi_u_annual": lambda years, t: bls_cpi(years, t, os.environ.get("BLS_API_KEY")),
}
SNAPSHOT_SOURCES = ("census",)


# ----------------------------------------------------------------------------- writing


@dataclass
class Change:
    resource: str
    years: list[int]  # rows whose values changed
    fetched: int  # rows the API answered

    def __str__(self) -> str:
        if not self.years:
            return f"{self.resource}: {self.fetched} year(s) fetched, nothing changed"
        return (
            f"{self.resource}: {self.fetched} year(s) fetched, {len(self.years)} changed "
            f"({_span(self.years)})"
        )


def _span(years: list[int]) -> str:
    return ", ".join(str(y) for y in years) if len(years) <= 6 else f"{years[0]}–{years[-1]}"


def _read_rows(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


ID_PREFIX = {"cpi_u_annual": "cpi"}  # row ids of year-keyed tables: <prefix>_<year>


def merge(rows: list[list[str]], fetched: Fetched) -> tuple[list[list[str]], list[int]]:
    """``rows`` (header first) with the fetched years replaced or appended, sorted by
    year; the changed years."""
    header = rows[0]
    year_at, source_at = header.index("year"), header.index("source")
    by_year = {int(r[year_at]): list(r) for r in rows[1:]}
    changed = []
    for year, values in sorted(fetched.rows.items()):
        row = by_year.get(year, [""] * len(header))
        new = list(row)
        new[year_at] = str(year)
        for column, value in values.items():
            new[header.index(column)] = value
        new[source_at] = fetched.source["id"]
        if "id" in header and not new[header.index("id")]:  # a new row gets its stable id
            new[header.index("id")] = f"{ID_PREFIX.get(fetched.resource, fetched.resource)}_{year}"
        if new != row:
            changed.append(year)
        by_year[year] = new
    return [header] + [by_year[y] for y in sorted(by_year)], changed


def _years(rows: list[list[str]], first: int | None, last: int | None) -> list[int]:
    year_at = rows[0].index("year")
    present = [int(r[year_at]) for r in rows[1:]]
    return list(range(first or min(present), (last or max(present)) + 1))


def census_snapshot(root: Path, transport: Transport, today: dt.date) -> tuple[Path, bool]:
    """Save the live ``country.xlsx`` as ``data/raw/census/<YYYY-MM>/`` with its origin
    record.  Returns (folder, whether it is new); an identical workbook already kept is
    not saved again."""

    raw = transport(CENSUS_XLSX)
    _check_workbook(raw)
    digest = hashlib.sha256(raw).hexdigest()
    for snap in snapshots.snapshots(root):
        if snap.origin.get("sha256") == digest:
            return snap.path.parent, False
    folder = snapshots.raw_dir(root) / "census" / today.strftime("%Y-%m")
    if folder.exists():
        raise UpdateError(
            f"{folder.relative_to(root)} exists and holds another file; move it away or wait for next month"
        )
    folder.mkdir(parents=True)
    (folder / "country.xlsx").write_bytes(raw)
    origin = {
        "producer": "US Census Bureau",
        "title": "U.S. Trade in Goods by Country (country.xlsx): exports and general imports "
        "by partner and month, $ million",
        "vintage": today.strftime("%Y-%m"),
        "date_published": today.strftime("%Y-%m"),
        "date_accessed": today.isoformat(),
        "url_main": CENSUS_PAGE,
        "url_download": CENSUS_XLSX,
        "licence": "Public domain: US Government work (17 U.S.C. 105)",
        "citation": f"U.S. Census Bureau, Foreign Trade Division, U.S. Trade in Goods by "
        f"Country (country.xlsx), downloaded {today.isoformat()}.",
        "files": [
            {
                "path": "country.xlsx",
                "sha256": digest,
                "bytes": len(raw),
                "exact": True,
                "downloaded": CENSUS_XLSX,
                "notes": "Downloaded by `usvn data update census`; the month of download names the vintage.",
            }
        ],
    }
    (folder / snapshots.ORIGIN).write_text(json.dumps(origin, indent=2) + "\n", encoding="utf-8")
    return folder, True


def _check_workbook(raw: bytes) -> None:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True)
        header = next(book.worksheets[0].iter_rows(values_only=True, max_row=1))
    except Exception as exc:  # zipfile, openpyxl and StopIteration errors alike
        raise UpdateError(f"{CENSUS_XLSX}: not a readable workbook ({exc})") from exc
    missing = [c for c in WORKBOOK_COLUMNS if c not in header]
    if missing:
        raise UpdateError(
            f"{CENSUS_XLSX}: sheet 1 has no column {', '.join(missing)} "
            f"(columns: {', '.join(map(str, header))})"
        )


def update(
    names: list[str] | None = None,
    root: Path | None = None,
    transport: Transport | None = None,
    first: int | None = None,
    last: int | None = None,
    dry_run: bool = False,
    today: dt.date | None = None,
    accept_smaller: bool = False,
) -> list[Change | str]:
    """Refetch ``names`` (default: all: ``census`` and every resource with an API) and
    rewrite them.  All or nothing: on any error every file is restored and the error
    raised.  A Census vintage whose derived tables would hold fewer partners, years or
    months than today's is refused with the difference listed, unless ``accept_smaller``."""
    from .. import sources

    root = root or data.find_root()
    transport = transport or default_transport()
    today = today or dt.date.today()
    names = names or [*SNAPSHOT_SOURCES, *UPDATERS]
    unknown = [n for n in names if n not in UPDATERS and n not in SNAPSHOT_SOURCES]
    if unknown:
        raise UpdateError(
            f"no updater for {', '.join(unknown)}; updatable: {', '.join([*SNAPSHOT_SOURCES, *UPDATERS])}"
        )
    ddir = data.data_dir(root)
    saved: dict[Path, bytes | None] = dict(data.package_files(root))
    made_folder = None
    made: list[Path] = []  # snapshot folders of API answers, removed if anything fails
    changes: list[Change | str] = []
    try:
        if "census" in names:
            folder, new = census_snapshot(root, transport, today)
            made_folder = folder if new else None
            rel = folder.relative_to(root)
            if dry_run or not new:
                changes.append(
                    f"census: {rel} "
                    + ("would be saved" if dry_run and new else "already holds this workbook")
                )
            else:
                for name in sources.DERIVED:
                    path = ddir / data.resource(name, root)["path"]
                    saved.setdefault(path, path.read_bytes() if path.is_file() else None)
                had = coverage.coverage(root)
                changed = sources.derive(root)
                lost = coverage.shrinkage(had, coverage.coverage(root))
                if lost and not accept_smaller:
                    raise UpdateError(
                        f"the workbook covers less than the data it would replace ({rel}):\n  "
                        + "\n  ".join(lost)
                        + "\nA new vintage must cover at least what the old one covered; "
                        "if the smaller coverage is intended, run again with --accept-smaller"
                    )
                changes.append(
                    f"census: new snapshot {rel}; re-derived "
                    f"{', '.join(changed) if changed else 'nothing changed'}"
                )
        for name in [n for n in names if n in UPDATERS]:
            path = ddir / data.resource(name, root)["path"]
            rows = _read_rows(path)
            fetched = UPDATERS[name](_years(rows, first, last), transport)
            _, years = merge(rows, fetched)  # the years whose values the answer changes
            changes.append(Change(name, years, len(fetched.rows)))
            if dry_run or not years:
                continue
            saved.setdefault(path, path.read_bytes())
            # the answer becomes a snapshot, from which the resource is derived again
            values = {y: v["cpi_u"] for y, v in fetched.rows.items()}
            try:
                made.append(bls.save_api_answer(root, values, fetched.source["title"], today))
            except FileExistsError as exc:
                raise UpdateError(str(exc)) from None
            sources.derive(root, [name])
        if dry_run and made_folder is not None:
            shutil.rmtree(made_folder)
    except BaseException:
        data.restore(saved)
        leftovers: list[Path | None] = [made_folder, *made]
        for leftover in leftovers:
            if leftover is not None and leftover.exists():
                shutil.rmtree(leftover)
        raise
    return changes
