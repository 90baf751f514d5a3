"""``usvn data update``: refetch the series that have public APIs.

Two resources come from APIs that answer without a browser:

* ``us_vn_trade_annual`` from the Census Bureau's international trade API
  (``timeseries/intltrade``, HS endpoints, country code 5520).  December's year-to-date
  value is the calendar-year total.  The API starts in 2013; earlier years keep their
  current values and sources.
* ``cpi_u_annual`` from the BLS public data API v2 (series CUUR0000SA0, period M13 =
  annual average, which BLS only returns to callers with a free registration key in
  ``$BLS_API_KEY``).

An update touches only the years the API answered, re-records the resource's hash and
the API source's access date, and validates the result; if anything fails (network,
an answer of the wrong shape, a value that breaks the schema) the files are restored
byte for byte and the error says what and where.  The book build never calls this.

Tests and offline demonstrations replace the network with recorded answers: see
:class:`Replay` (``$USVN_REPLAY`` for the command line).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Protocol

from . import data

CENSUS = "https://api.census.gov/data/timeseries/intltrade/{flow}/hs"
CENSUS_FIRST_YEAR = 2013
VIETNAM = "5520"
BLS = "https://api.bls.gov/publicAPI/v2/timeseries/data/"
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
        raise UpdateError(f"{_public(url)}: network error ({reason}); "
                          "`usvn data update` needs internet access") from exc


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
        try:
            answer = json.loads(raw) if raw.strip() else ""
        except ValueError:
            answer = raw.decode("utf-8", "replace")
        path = Path(self.path)
        log = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else []
        log.append({"url": _public(url), "body": sent, "response": answer})
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


def _census_table(raw: bytes, url: str, wanted: str) -> dict[str, str]:
    """Census answers a JSON array whose first row names the columns.  An empty answer
    (HTTP 204) means no data for that month."""
    if not raw.strip():
        return {}
    try:
        table = json.loads(raw)
        header, rows = table[0], table[1:]
    except (ValueError, IndexError, TypeError) as exc:
        raise UpdateError(f"{_public(url)}: not a Census API table ({exc})") from exc
    missing = [c for c in ("CTY_CODE", wanted) if c not in header]
    if missing:
        raise UpdateError(f"{_public(url)}: answer has no column {', '.join(missing)} "
                          f"(columns: {', '.join(header)})")
    code, value = header.index("CTY_CODE"), header.index(wanted)
    return {row[code]: row[value] for row in rows}


def _millions(text: str, url: str, what: str) -> float:
    try:
        return int(text) / 1e6
    except (TypeError, ValueError) as exc:
        raise UpdateError(f"{_public(url)}: {what} is {text!r}, not a whole number of dollars") from exc


def census_trade(years: list[int], transport: Transport, key: str | None = None) -> Fetched:
    """US exports to and general imports from Vietnam for each of ``years`` (Dec YTD)."""
    flows = {"exports": ("ALL_VAL_YR", "exports_usd_m"), "imports": ("GEN_VAL_YR", "imports_usd_m")}
    rows: dict[int, dict[str, str]] = {}
    for year in years:
        if year < CENSUS_FIRST_YEAR:
            continue
        values = {}
        for flow, (var, column) in flows.items():
            url = (CENSUS.format(flow=flow) + f"?get=CTY_CODE,CTY_NAME,{var}"
                   f"&time={year}-12&CTY_CODE={VIETNAM}") + (f"&key={key}" if key else "")
            table = _census_table(transport(url), url, var)
            if VIETNAM in table:
                values[column] = _millions(table[VIETNAM], url, var)
        if len(values) == 2:
            balance = values["exports_usd_m"] - values["imports_usd_m"]
            rows[year] = {c: f"{v:.1f}" for c, v in
                          {**values, "balance_usd_m": balance}.items()}
    source = {
        "id": "census_intltrade_api",
        "title": "International Trade API: exports and imports by HS (timeseries/intltrade/exports/hs, imports/hs)",
        "publisher": "US Census Bureau",
        "path": "https://api.census.gov/data/timeseries/intltrade/",
        "date_accessed": dt.date.today().isoformat(),
        "date_published": None,
        "table_or_page": f"CTY_CODE={VIETNAM}; ALL_VAL_YR (total exports) and GEN_VAL_YR "
                         "(general imports) at time=YYYY-12, the December year-to-date value",
        "notes": "Fetched by `usvn data update`. Dollars divided by one million and rounded to "
                 "0.1; balance = exports minus general imports (Census's definition). The API "
                 f"starts in {CENSUS_FIRST_YEAR}; earlier years keep their other sources.",
    }
    return Fetched("us_vn_trade_annual", rows, source)


def bls_cpi(years: list[int], transport: Transport, key: str | None) -> Fetched:
    """CPI-U annual averages (period M13) for ``years``."""
    if not key:
        raise UpdateError("BLS returns annual averages only to registered callers: set "
                          "$BLS_API_KEY (free key: https://data.bls.gov/registrationEngine/)")
    rows: dict[int, dict[str, str]] = {}
    for start in range(min(years), max(years) + 1, BLS_YEARS_PER_CALL):
        end = min(start + BLS_YEARS_PER_CALL - 1, max(years))
        body = {"seriesid": [BLS_SERIES], "startyear": str(start), "endyear": str(end),
                "annualaverage": True, "registrationkey": key}
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
    "us_vn_trade_annual": lambda years, t: census_trade(years, t, os.environ.get("CENSUS_API_KEY")),
    "cpi_u_annual": lambda years, t: bls_cpi(years, t, os.environ.get("BLS_API_KEY")),
}


# ----------------------------------------------------------------------------- writing


@dataclass
class Change:
    resource: str
    years: list[int]          # rows whose values changed
    fetched: int              # rows the API answered

    def __str__(self) -> str:
        if not self.years:
            return f"{self.resource}: {self.fetched} year(s) fetched, nothing changed"
        return (f"{self.resource}: {self.fetched} year(s) fetched, {len(self.years)} changed "
                f"({_span(self.years)})")


def _span(years: list[int]) -> str:
    return ", ".join(str(y) for y in years) if len(years) <= 6 else f"{years[0]}–{years[-1]}"


def _read_rows(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


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
        if new != row:
            changed.append(year)
        by_year[year] = new
    return [header] + [by_year[y] for y in sorted(by_year)], changed


def _years(rows: list[list[str]], first: int | None, last: int | None) -> list[int]:
    year_at = rows[0].index("year")
    present = [int(r[year_at]) for r in rows[1:]]
    return list(range(first or min(present), (last or max(present)) + 1))


def update(names: list[str] | None = None, root: Path | None = None,
           transport: Transport | None = None, first: int | None = None,
           last: int | None = None, dry_run: bool = False) -> list[Change]:
    """Refetch ``names`` (default: every resource with an API) and rewrite them.  All or
    nothing: on any error every file is restored and the error raised."""
    transport = transport or default_transport()
    names = names or list(UPDATERS)
    unknown = [n for n in names if n not in UPDATERS]
    if unknown:
        raise UpdateError(f"no API updater for {', '.join(unknown)}; "
                          f"updatable: {', '.join(UPDATERS)}")
    ddir = data.data_dir(root)
    package_file = ddir / data.PACKAGE_FILE
    saved = {package_file: package_file.read_bytes()}
    changes = []
    try:
        for name in names:
            path = ddir / data.resource(name, root)["path"]
            rows = _read_rows(path)
            fetched = UPDATERS[name](_years(rows, first, last), transport)
            merged, changed = merge(rows, fetched)
            changes.append(Change(name, changed, len(fetched.rows)))
            if dry_run or not changed:
                continue
            saved.setdefault(path, path.read_bytes())
            buf = io.StringIO()
            csv.writer(buf, lineterminator="\n").writerows(merged)
            path.write_text(buf.getvalue(), encoding="utf-8")
            _record_source(name, fetched.source, root)
            problems = data.check_resource(data.resource(name, root), root)
            if problems:
                raise data.DataError(problems)
    except BaseException:
        for path, content in saved.items():
            path.write_bytes(content)
        raise
    return changes


def _record_source(name: str, source: dict, root: Path | None) -> None:
    pkg = data.read_package(root)
    res = next(r for r in pkg["resources"] if r["name"] == name)
    res["sources"] = [s for s in res.get("sources", []) if s.get("id") != source["id"]] + [source]
    data.write_package(pkg, root)
    data.stamp(root, names=[name])
