"""Checks of every resource against its schema and the book's own rules."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from .package import (
    META_SUFFIX,
    PACKAGE_FILE,
    PACKAGE_META,
    Problem,
    data_dir,
    find_root,
    package_text,
    read_package,
)

# ----------------------------------------------------------------------------- checking


_CHECKED: dict[str, list[Problem]] = {}  # (file content, descriptor) -> what Frictionless found


def _frictionless_problems(res: dict, ddir: Path) -> list[Problem]:
    """Frictionless's validation of one resource (schema, types, constraints, keys, hash),
    made once per content of the file and the descriptor in a process."""
    import hashlib

    path = ddir / res["path"]
    try:
        content = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        content = "missing"
    key = hashlib.sha256(f"{content}\0{json.dumps(res, sort_keys=True)}".encode()).hexdigest()
    if key not in _CHECKED:
        if len(_CHECKED) > 256:
            _CHECKED.clear()
        _CHECKED[key] = _frictionless_check(res, ddir)
    return list(_CHECKED[key])


def _frictionless_check(res: dict, ddir: Path) -> list[Problem]:
    from frictionless import FrictionlessException, Resource

    desc = {k: v for k, v in res.items() if not k.startswith("usvn:")}
    rel = f"data/{res['path']}"
    try:
        report = Resource(desc, basepath=str(ddir)).validate()
    except FrictionlessException as exc:
        notes = [e.note for e in exc.reasons] or [exc.error.note]
        return [
            Problem(f"data/{PACKAGE_FILE}", "invalid-descriptor", f"resource {res['name']!r}: {note}")
            for note in notes
        ]
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
                shown = ", ".join(missing[:12]) + (
                    f" and {len(missing) - 12} more" if len(missing) > 12 else ""
                )
                problems.append(
                    Problem(
                        f"data/{res['path']}",
                        "gap-in-series",
                        f"{unit} missing{label}: {shown}",
                        column=field,
                    )
                )
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
        if value is not None and a is not None and b is not None and abs(value - (a - b)) > tol:
            problems.append(
                Problem(
                    f"data/{res['path']}",
                    "balance-mismatch",
                    f"{field} is {value:g} but {left} − {right} is {a - b:g} (tolerance {tol:g})",
                    line=offset + 2,
                    column=field,
                )
            )
    return problems


def _sum_problems(res: dict, frame: pd.DataFrame, ddir: Path) -> list[Problem]:
    """Rule ``usvn:sums-to``: the months of each complete year add up to the annual
    resource's value within ``tolerance`` (``{"resource", "month", "fields", "tolerance"}``)."""
    rule = res.get("usvn:sums-to")
    if not rule or frame.empty:
        return []
    target = next((r for r in read_package(ddir.parent)["resources"] if r["name"] == rule["resource"]), None)
    if target is None or not (ddir / target["path"]).is_file():
        return [
            Problem(
                f"data/{res['path']}",
                "sums-to",
                f"resource {rule['resource']!r} to sum to is not in the package",
            )
        ]
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
                problems.append(
                    Problem(
                        f"data/{res['path']}",
                        "months-not-summing",
                        f"the 12 months of {year} sum to {total:.1f}, "
                        f"data/{target['path']} has {want:g} (tolerance "
                        f"{rule['tolerance']:g})",
                        column=fld,
                    )
                )
    return problems


def _excluded_problems(res: dict, frame: pd.DataFrame) -> list[Problem]:
    """Rule ``usvn:excludes``: no value of ``field`` matches ``pattern`` (e.g. aggregates
    such as the EU or a region inside a table of single partners)."""
    rule = res.get("usvn:excludes")
    if not rule:
        return []
    hits = frame[rule["field"]].fillna("").str.match(rule["pattern"])
    return [
        Problem(
            f"data/{res['path']}",
            rule.get("rule", "excluded-value"),
            f"{frame[rule['field']].iloc[i]!r}: {rule['why']}",
            line=i + 2,
            column=rule["field"],
        )
        for i in hits[hits].index
    ]


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
        problems += [
            Problem(
                f"data/{res['path']}",
                rule.get("rule", "required-when"),
                rule["why"],
                line=i + 2,
                column=rule["field"],
            )
            for i in empty[empty].index
        ]
    return problems


def _period_problems(res: dict, frame: pd.DataFrame) -> list[Problem]:
    """Rule ``usvn:periods``: on rows matching ``when``, ``from`` is a date no later than
    ``to`` (an empty ``to``: still running), and no two such periods overlap (a period
    includes its first day and ends the day before ``to``)."""
    rule = res.get("usvn:periods")
    if not rule or frame.empty:
        return []
    start, end = rule["from"], rule["to"]
    hits = frame[start].notna()
    for column, value in rule.get("when", {}).items():
        hits &= frame[column].fillna("").astype(str) == str(value)
    rows = frame[hits].assign(_from=lambda x: x[start], _to=lambda x: x[end].fillna("9999-12-31"))
    rel, problems = f"data/{res['path']}", []
    for offset, r in rows.iterrows():
        if r["_to"] < r["_from"]:
            problems.append(
                Problem(
                    rel, "period-reversed", f"{end} {r[end]} is before {start} {r[start]}", offset + 2, end
                )
            )
    a = None  # of the periods so far, the one that ends last
    for offset, b in rows.sort_values("_from").iterrows():
        if a is not None and b["_from"] < a["_to"]:
            problems.append(
                Problem(
                    rel,
                    rule.get("rule", "periods-overlap"),
                    f"{b['id']} starts on {b[start]}, before {a['id']} ends "
                    f"({a[end] if pd.notna(a[end]) else 'still running'}): {rule['why']}",
                    offset + 2,
                    start,
                )
            )
        if a is None or b["_to"] > a["_to"]:
            a = b
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
            problems.append(
                Problem(
                    f"data/{res['path']}",
                    "unknown-source",
                    f"source id(s) {', '.join(unknown)} not declared in the resource's sources",
                    line=offset + 2,
                    column="source",
                )
            )
        elif not cell and measured.iloc[offset]:
            problems.append(
                Problem(
                    f"data/{res['path']}",
                    "value-without-source",
                    "the row has values but no source",
                    line=offset + 2,
                    column="source",
                )
            )
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
        problems += (
            _gap_problems(res, frame)
            + _balance_problems(res, frame)
            + _sum_problems(res, frame, ddir)
            + _excluded_problems(res, frame)
            + _required_when_problems(res, frame)
            + _period_problems(res, frame)
            + _source_id_problems(res, frame)
        )
    return problems


def undeclared_files(root: Path | None = None) -> list[Problem]:
    ddir = data_dir(root)
    pkg = read_package(root)
    declared = {r["path"] for r in pkg["resources"]}
    listed = {f"{r['name']}{META_SUFFIX}" for r in pkg["resources"]}
    stray = [
        Problem(
            f"data/{p.name}",
            "undeclared-file",
            f"metadata file not listed under resources in data/{PACKAGE_META}",
        )
        for p in sorted(ddir.glob(f"*{META_SUFFIX}"))
        if p.name != PACKAGE_META and p.name not in listed
    ]
    return stray + [
        Problem(
            f"data/{p.relative_to(ddir).as_posix()}",
            "undeclared-file",
            f"CSV in data/ has no metadata file (data/<name>{META_SUFFIX}) listed in data/{PACKAGE_META}",
        )
        for p in sorted(ddir.rglob("*.csv"))
        if p.relative_to(ddir).as_posix() not in declared and p.relative_to(ddir).parts[0] != "raw"
    ]  # snapshots: see usvn.sources


def package_problems(root: Path | None = None) -> list[Problem]:
    """``datapackage.json`` is generated from the metadata files: a difference means it was
    edited by hand (or a metadata file was, without regenerating)."""
    ddir = data_dir(root)
    package = ddir / PACKAGE_FILE
    composed = read_package(root)
    expected = package_text(composed)
    if package.is_file() and package.read_text(encoding="utf-8") == expected:
        return []
    try:
        found = json.loads(package.read_text(encoding="utf-8")) if package.is_file() else {}
    except ValueError:
        found = {}
    by_name = {r.get("name"): r for r in found.get("resources", [])}
    differ = [r["name"] for r in composed["resources"] if by_name.get(r["name"]) != r]
    where = f"resource(s) {', '.join(differ)}" if differ else "the package's own fields or order"
    return [
        Problem(
            f"data/{PACKAGE_FILE}",
            "package-edited",
            f"differs from the metadata files in {where}: edit data/<name>{META_SUFFIX} "
            f"(or data/{PACKAGE_META}), never {PACKAGE_FILE}, then run `usvn data "
            "package` to generate it",
        )
    ]


def validate(root: Path | None = None) -> list[Problem]:
    """Every problem in every resource, plus undeclared files.  Snapshots and the derived
    CSVs are checked by :func:`usvn.sources.validate`, which adds them to these."""
    root = root or find_root()
    problems = package_problems(root) + undeclared_files(root)
    for res in read_package(root)["resources"]:
        problems += check_resource(res, root)
    return problems
