"""The only door to ``data/``.

``load(name)`` checks the file's sha256 against ``datapackage.json``, validates it
against its Table Schema (with Frictionless) plus the package's own rules, and returns
a DataFrame with proper dtypes.  Every problem found is reported at once, each with
file, line, column and rule, as a :class:`DataError`.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

PACKAGE_FILE = "datapackage.json"
DEPS_ENV = "USVN_DEPS_FILE"  # set by the build: every load() is recorded there
ROOT_ENV = "USVN_ROOT"
# Keys of a resource descriptor that describe the file's bytes rather than its meaning.
_VOLATILE_KEYS = ("hash", "bytes")


@dataclass(frozen=True)
class Problem:
    file: str
    rule: str
    message: str
    line: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: [{self.rule}] {self.message}"


class DataError(ValueError):
    """One or more data files break their declared rules."""

    SHOWN = 30  # problems listed in the message; all are in ``.problems``

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        lines = [f"{len(self.problems)} data problem(s):"]
        lines += [f"  - {p}" for p in self.problems[:self.SHOWN]]
        if len(self.problems) > self.SHOWN:
            rules = sorted({p.rule for p in self.problems[self.SHOWN:]})
            lines.append(f"  ... and {len(self.problems) - self.SHOWN} more ({', '.join(rules)})")
        if any(p.rule == "hash-mismatch" for p in self.problems):
            lines.append("  After a deliberate edit of a hand-curated CSV, run `usvn data stamp` to "
                         "record the new hash; derived CSVs are remade by `usvn data derive`.")
        super().__init__("\n".join(lines))


# ----------------------------------------------------------------------------- locating


def find_root(start: Path | None = None) -> Path:
    """The book's root: $USVN_ROOT, else the nearest parent of ``start`` (default: cwd)
    holding ``data/datapackage.json``."""
    if os.environ.get(ROOT_ENV):
        return Path(os.environ[ROOT_ENV]).resolve()
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / "data" / PACKAGE_FILE).is_file():
            return candidate
    raise FileNotFoundError(f"no data/{PACKAGE_FILE} in {here} or any parent; set ${ROOT_ENV}")


def data_dir(root: Path | None = None) -> Path:
    return (root or find_root()) / "data"


def read_package(root: Path | None = None) -> dict:
    with open(data_dir(root) / PACKAGE_FILE, encoding="utf-8") as fh:
        return json.load(fh)


def write_package(pkg: dict, root: Path | None = None) -> None:
    text = json.dumps(pkg, indent=2, ensure_ascii=False) + "\n"
    (data_dir(root) / PACKAGE_FILE).write_text(text, encoding="utf-8")


def resource(name: str, root: Path | None = None) -> dict:
    for res in read_package(root)["resources"]:
        if res["name"] == name:
            return res
    names = ", ".join(r["name"] for r in read_package(root)["resources"])
    raise KeyError(f"no resource named {name!r} in data/{PACKAGE_FILE}; known: {names}")


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def resource_digest(name: str, root: Path | None = None) -> str:
    """Content hash of what a reader of ``name`` depends on: the file's bytes and the
    descriptor's meaning (schema, units, sources), not its recorded hash."""
    res = resource(name, root)
    meaning = {k: v for k, v in res.items() if k not in _VOLATILE_KEYS}
    h = hashlib.sha256(json.dumps(meaning, sort_keys=True).encode())
    h.update(sha256_file(data_dir(root) / res["path"]).encode())
    return h.hexdigest()


# ----------------------------------------------------------------------------- checking


def _frictionless_problems(res: dict, ddir: Path) -> list[Problem]:
    from frictionless import FrictionlessException, Resource

    desc = {k: v for k, v in res.items() if not k.startswith("usvn:")}
    rel = f"data/{res['path']}"
    try:
        report = Resource(desc, basepath=str(ddir)).validate()
    except FrictionlessException as exc:
        notes = [e.note for e in exc.reasons] or [exc.error.note]
        return [Problem(f"data/{PACKAGE_FILE}", "invalid-descriptor",
                        f"resource {res['name']!r}: {note}") for note in notes]
    problems = []
    errors = report.flatten(["rowNumber", "fieldName", "type", "note", "message"])
    if any(e[2] == "hash-count" for e in errors):  # one changed file, one problem
        errors = [e for e in errors if e[2] != "byte-count"]
    for err in errors:
        line, column, rule, note, message = err
        if rule == "hash-count":
            rule, message = "hash-mismatch", f"file content does not match the recorded hash ({note})"
        elif rule == "byte-count":
            rule, message = "hash-mismatch", f"file size differs from the recorded size ({note})"
        problems.append(Problem(rel, rule, message, line, column))
    return problems


def _year_gaps(values: list[str]) -> list[str]:
    """Years missing between the first and last of ``values``."""
    years = sorted(pd.to_numeric(pd.Series(values), errors="coerce").dropna().astype(int).unique())
    return [str(y) for y in sorted(set(range(years[0], years[-1] + 1)) - set(years))] if years else []


def _month_gaps(months: list[str]) -> list[str]:
    """Months (YYYY-MM) missing between the first and last of ``months``."""
    have = sorted({(int(m[:4]), int(m[5:7])) for m in months})
    if not have:
        return []
    (y, m), last, missing, seen = have[0], have[-1], [], set(have)
    while (y, m) <= last:
        if (y, m) not in seen:
            missing.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return missing


GAP_RULES = {"usvn:continuous": ("years", _year_gaps), "usvn:monthly": ("months", _month_gaps)}


def _gap_problems(res: dict, frame: pd.DataFrame) -> list[Problem]:
    """Rules ``usvn:continuous`` (a yearly field) and ``usvn:monthly`` (a YYYY-MM field):
    no year or month missing between the first and the last (within each group)."""
    problems = []
    for key_name, (unit, gaps) in GAP_RULES.items():
        rule = res.get(key_name)
        if not rule or frame.empty:
            continue
        field, by = rule["field"], rule.get("by", [])
        groups = frame.groupby(by, dropna=False) if by else [((), frame)]
        for key, grp in groups:
            missing = gaps(list(grp[field].dropna()))
            if missing:
                label = f" for {dict(zip(by, key if isinstance(key, tuple) else (key,)))}" if by else ""
                shown = ", ".join(missing[:12]) + (f" and {len(missing) - 12} more"
                                                   if len(missing) > 12 else "")
                problems.append(Problem(f"data/{res['path']}", "gap-in-series",
                                        f"{unit} missing{label}: {shown}", column=field))
    return problems


def _number(cell) -> float | None:
    return None if cell is None or pd.isna(cell) or cell == "" else float(cell)


def _balance_problems(res: dict, frame: pd.DataFrame) -> list[Problem]:
    """Rule ``usvn:balance``: ``field`` = ``left`` − ``right`` within ``tolerance``, on
    every row where all three have values."""
    rule = res.get("usvn:balance")
    if not rule:
        return []
    field, left, right, tol = rule["field"], rule["left"], rule["right"], rule["tolerance"]
    problems = []
    for offset, row in enumerate(frame[[field, left, right]].itertuples(index=False)):
        value, a, b = (_number(x) for x in row)
        if None not in (value, a, b) and abs(value - (a - b)) > tol:
            problems.append(Problem(f"data/{res['path']}", "balance-mismatch",
                                    f"{field} is {value:g} but {left} − {right} is {a - b:g} "
                                    f"(tolerance {tol:g})", line=offset + 2, column=field))
    return problems


def _sum_problems(res: dict, frame: pd.DataFrame, ddir: Path) -> list[Problem]:
    """Rule ``usvn:sums-to``: the months of each complete year add up to the annual
    resource's value within ``tolerance`` (``{"resource", "month", "fields", "tolerance"}``)."""
    rule = res.get("usvn:sums-to")
    if not rule or frame.empty:
        return []
    target = next((r for r in read_package(ddir.parent)["resources"]
                   if r["name"] == rule["resource"]), None)
    if target is None or not (ddir / target["path"]).is_file():
        return [Problem(f"data/{res['path']}", "sums-to", f"resource {rule['resource']!r} "
                        "to sum to is not in the package")]
    annual = pd.read_csv(ddir / target["path"], dtype=str).drop_duplicates("year").set_index("year")
    months = frame.assign(_year=frame[rule["month"]].str[:4])
    problems = []
    for year, grp in months.groupby("_year"):
        if len(grp) < 12 or year not in annual.index:
            continue
        for fld in rule["fields"]:
            total = sum(_number(v) or 0.0 for v in grp[fld])
            want = _number(annual.loc[year, fld])
            if want is not None and abs(total - want) > rule["tolerance"]:
                problems.append(Problem(f"data/{res['path']}", "months-not-summing",
                                        f"the 12 months of {year} sum to {total:.1f}, "
                                        f"data/{target['path']} has {want:g} (tolerance "
                                        f"{rule['tolerance']:g})", column=fld))
    return problems


def _excluded_problems(res: dict, frame: pd.DataFrame) -> list[Problem]:
    """Rule ``usvn:excludes``: no value of ``field`` matches ``pattern`` (e.g. aggregates
    such as the EU or a region inside a table of single partners)."""
    rule = res.get("usvn:excludes")
    if not rule:
        return []
    hits = frame[rule["field"]].fillna("").str.match(rule["pattern"])
    return [Problem(f"data/{res['path']}", rule.get("rule", "excluded-value"),
                    f"{frame[rule['field']].iloc[i]!r}: {rule['why']}", line=i + 2,
                    column=rule["field"]) for i in hits[hits].index]


def _required_when_problems(res: dict, frame: pd.DataFrame) -> list[Problem]:
    """Rule ``usvn:required-when`` (one rule or a list): ``field`` has a value on every
    row where ``when`` (column -> value) holds, e.g. a note on every cross-check that does
    not agree, or where the column ``when_filled`` has a value, e.g. a date's precision
    wherever the date is given."""
    rules = res.get("usvn:required-when") or []
    problems = []
    for rule in rules if isinstance(rules, list) else [rules]:
        hits = pd.Series(True, index=frame.index)
        for column, value in rule.get("when", {}).items():
            hits &= frame[column] == value
        if rule.get("when_filled"):
            hits &= frame[rule["when_filled"]].notna()
        empty = hits & frame[rule["field"]].fillna("").astype(str).str.strip().eq("")
        problems += [Problem(f"data/{res['path']}", rule.get("rule", "required-when"), rule["why"],
                             line=i + 2, column=rule["field"]) for i in empty[empty].index]
    return problems


def _source_id_problems(res: dict, frame: pd.DataFrame) -> list[Problem]:
    """Rule: every id in a row's ``source`` cell is one of the resource's ``sources``."""
    if "source" not in frame.columns:
        return []
    known = {s.get("id") for s in res.get("sources", [])}
    values = frame.drop(columns=[c for c in ("source", "id") if c in frame.columns])
    key = res.get("schema", {}).get("primaryKey", [])
    measured = values.drop(columns=[k for k in key if k in values]).notna().any(axis=1)
    problems = []
    for offset, cell in enumerate(frame["source"].fillna("")):
        unknown = [i for i in cell.split(";") if i and i not in known]
        if unknown:
            problems.append(Problem(f"data/{res['path']}", "unknown-source",
                                    f"source id(s) {', '.join(unknown)} not declared in the "
                                    "resource's sources", line=offset + 2, column="source"))
        elif not cell and measured.iloc[offset]:
            problems.append(Problem(f"data/{res['path']}", "value-without-source",
                                    "the row has values but no source", line=offset + 2,
                                    column="source"))
    return problems


def check_resource(res: dict, root: Path | None = None) -> list[Problem]:
    ddir = data_dir(root)
    path = ddir / res["path"]
    rel = f"data/{res['path']}"
    if not path.is_file():
        return [Problem(rel, "missing-file", "declared in datapackage.json but not found")]
    if path.stat().st_size == 0:
        return [Problem(rel, "empty-file", "the file is empty (no header, no rows)")]
    problems = _frictionless_problems(res, ddir)
    if not problems:
        frame = pd.read_csv(path, dtype=str)
        problems += (_gap_problems(res, frame) + _balance_problems(res, frame) + _sum_problems(res, frame, ddir)
                     + _excluded_problems(res, frame) + _required_when_problems(res, frame)
                     + _source_id_problems(res, frame))
    return problems


def undeclared_files(root: Path | None = None) -> list[Problem]:
    ddir = data_dir(root)
    declared = {r["path"] for r in read_package(root)["resources"]}
    return [Problem(f"data/{p.relative_to(ddir).as_posix()}", "undeclared-file",
                    "CSV in data/ is not declared in datapackage.json")
            for p in sorted(ddir.rglob("*.csv")) if p.relative_to(ddir).as_posix() not in declared
            and p.relative_to(ddir).parts[0] != "raw"]  # snapshots: see usvn.sources


def validate(root: Path | None = None, derived: bool = True) -> list[Problem]:
    """Every problem in every resource, plus undeclared files, snapshots whose bytes or
    origin records are wrong, and (with ``derived``) derived CSVs that differ from what
    ``usvn data derive`` makes from the snapshots."""
    from . import sources

    root = root or find_root()
    problems = undeclared_files(root) + sources.snapshot_problems(root)
    for res in read_package(root)["resources"]:
        problems += check_resource(res, root)
    if derived and not any(p.rule in ("snapshot-changed", "missing-snapshot", "invalid-origin")
                           for p in problems):
        problems += sources.derived_problems(root)
    return problems


# ----------------------------------------------------------------------------- loading

_DTYPES = {"integer": "Int64", "number": "Float64", "string": "string", "boolean": "boolean",
           "year": "Int64"}


def _typed(frame: pd.DataFrame, schema: dict) -> pd.DataFrame:
    for field in schema["fields"]:
        name, kind = field["name"], field.get("type", "string")
        if kind in ("date", "datetime"):
            frame[name] = pd.to_datetime(frame[name])
        elif kind == "boolean":
            frame[name] = frame[name].map({"true": True, "false": False}).astype("boolean")
        else:
            frame[name] = frame[name].astype(_DTYPES.get(kind, "string"))
    return frame


def _record(name: str) -> None:
    target = os.environ.get(DEPS_ENV)
    if target:
        with open(target, "a", encoding="utf-8") as fh:
            fh.write(name + "\n")


def load(name: str, root: Path | None = None) -> pd.DataFrame:
    """The resource ``name`` as a validated DataFrame with the schema's dtypes."""
    res = resource(name, root)
    problems = check_resource(res, root)
    if problems:
        raise DataError(problems)
    _record(name)
    frame = pd.read_csv(data_dir(root) / res["path"], dtype=str, keep_default_na=False,
                        na_values=[""])
    out = _typed(frame, res["schema"])
    out.attrs["resource"] = name
    return out


# ----------------------------------------------------------------------------- lookups


class LookupFailed(KeyError):
    """A row asked for by id did not match exactly one row."""


def _where(frame: pd.DataFrame) -> str:
    return frame.attrs.get("resource", "the table")


def row(frame: pd.DataFrame, row_id: str) -> pd.Series:
    """The one row of ``frame`` whose ``id`` is ``row_id``; an error unless exactly one
    matches. Facts pick rows only this way, never by searching their text."""
    if "id" not in frame.columns:
        raise LookupFailed(f"{_where(frame)} has no id column")
    hits = frame[frame["id"] == row_id]
    if len(hits) != 1:
        raise LookupFailed(f"{_where(frame)}: {len(hits)} rows have id {row_id!r} (need exactly one)")
    return hits.iloc[0]


def rows(frame: pd.DataFrame, row_ids) -> pd.DataFrame:
    """The rows with these ids, in the order given; an error naming any id that is missing."""
    picked = [row(frame, i) for i in row_ids]
    return pd.DataFrame(picked).reset_index(drop=True) if picked else frame.iloc[0:0]


def tagged(frame: pd.DataFrame, tag: str) -> pd.DataFrame:
    """The rows whose ``tags`` cell (tags separated by ';') includes ``tag``."""
    tags = frame["tags"].fillna("").astype(str).str.split(";")
    return frame[tags.map(lambda t: tag in t)]


def sources(name: str, root: Path | None = None) -> list[dict]:
    return resource(name, root).get("sources", [])


# ----------------------------------------------------------------------------- stamping


def stamp(root: Path | None = None, accessed: str | None = None,
          names: list[str] | None = None) -> list[str]:
    """Re-record sha256 and size of each resource (after a deliberate edit).  With
    ``accessed`` (YYYY-MM-DD, or 'today'), also set the sources' access date."""
    if accessed == "today":
        accessed = dt.date.today().isoformat()
    pkg = read_package(root)
    changed = []
    for res in pkg["resources"]:
        if names and res["name"] not in names:
            continue
        path = data_dir(root) / res["path"]
        new = {"hash": f"sha256:{sha256_file(path)}", "bytes": path.stat().st_size}
        if any(res.get(k) != v for k, v in new.items()) or accessed:
            changed.append(res["name"])
        res.update(new)
        if accessed:
            for src in res.get("sources", []):
                src["date_accessed"] = accessed
    write_package(pkg, root)
    return changed


def producer(publisher: str) -> str:
    """The original producer named in a publisher field: 'X (copy in GitHub repo Y)' and
    'X, copy in GitHub repo Y' both give 'X'."""
    return re.split(r",? \(?(?:copy in|compiled in|file mirrored in|mirrored in) ", publisher,
                    maxsplit=1)[0].strip()


def source_note(name: str, root: Path | None = None, most: int = 3,
                rows: pd.DataFrame | None = None) -> str:
    """Short attribution for a chart: the resource's publishers, most-cited first; with
    ``rows``, only the sources those rows cite."""
    counts: dict[str, int] = {}
    frame_sources = resource(name, root).get("sources", [])
    if rows is not None:
        cited = {i for cell in rows["source"].dropna() for i in str(cell).split(";")}
        frame_sources = [s for s in frame_sources if s.get("id") in cited]
    for src in frame_sources:
        pub = producer(src.get("publisher") or src.get("title") or "unknown publisher")
        counts[pub] = counts.get(pub, 0) + 1
    pubs = sorted(counts, key=lambda p: (-counts[p], p))
    note = "; ".join(pubs[:most])
    if len(pubs) > most:
        note += f" and {len(pubs) - most} other sources"
    return note + " (see Data and sources)"


def restore(saved: dict[Path, bytes | None]) -> None:
    """Put files back as they were (None: the file did not exist), after a failed update."""
    for path, content in saved.items():
        if content is None:
            path.unlink(missing_ok=True)
        else:
            path.write_bytes(content)
