"""usvn.data on corrupted copies of the real files, one test per rule; never the real files."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from usvn import data, sources

TRADE = "us_vn_trade_annual"
NETWORK = "vn_partnerships"


@pytest.fixture
def book(tmp_path: Path, root: Path) -> Path:
    shutil.copytree(root / "data", tmp_path / "data")
    return tmp_path


def edit(book: Path, name: str, change, stamp: bool = True) -> Path:
    """Rewrite resource ``name`` through ``change(rows) -> rows`` (rows[0] is the header)."""
    path = data.data_dir(book) / data.resource(name, book)["path"]
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(change(rows))
    if stamp:
        data.stamp(book, names=[name])
    return path


def set_cell(row: int, name: str, value: str):
    """A change for :func:`edit`: row ``row`` (0 = header), column ``name`` := ``value``."""

    def change(rows):
        rows[row][column(rows, name)] = value
        return rows

    return change


def load_fails(book: Path, name: str, change) -> pytest.ExceptionInfo:
    """Apply ``change`` to resource ``name`` (re-stamped) and return the load's DataError."""
    edit(book, name, change)
    with pytest.raises(data.DataError) as exc:
        data.load(name, book)
    return exc


def column(rows, name):
    return rows[0].index(name)


def rules(exc: pytest.ExceptionInfo) -> list[str]:
    return [p.rule for p in exc.value.problems]


def test_real_data_is_valid(root):
    assert sources.validate(root) == []


def test_load_gives_schema_dtypes(root):
    trade = data.load(TRADE, root)
    assert str(trade["year"].dtype) == "Int64" and str(trade["imports_usd_m"].dtype) == "Float64"
    assert pd.api.types.is_datetime64_any_dtype(data.load(NETWORK, root)["date"])


def test_missing_column(book):
    def drop(rows):
        i = column(rows, "imports_usd_m")
        return [r[:i] + r[i + 1 :] for r in rows]

    exc = load_fails(book, TRADE, drop)
    assert "missing-label" in rules(exc) or "missing-cell" in rules(exc)
    assert "imports_usd_m" in str(exc.value)


def test_extra_column(book):
    exc = load_fails(
        book, TRADE, lambda rows: [r + (["note"] if i == 0 else ["x"]) for i, r in enumerate(rows)]
    )
    assert "extra-label" in rules(exc)


def test_wrong_type_names_file_line_and_column(book):
    exc = load_fails(book, TRADE, set_cell(3, "imports_usd_m", "lots"))
    problem = exc.value.problems[0]
    assert (problem.rule, problem.line, problem.column) == ("type-error", 4, "imports_usd_m")
    assert f"data/{TRADE}.csv, line 4, column 'imports_usd_m'" in str(exc.value)


def test_negative_value_where_impossible(book):
    exc = load_fails(book, TRADE, set_cell(2, "exports_usd_m", "-5"))
    assert rules(exc) == ["constraint-error"]


def test_duplicate_key(book):
    exc = load_fails(book, TRADE, lambda rows: rows + [rows[-1]])
    assert "primary-key" in rules(exc)


def test_gap_in_yearly_series(book):
    removed = {}

    def drop_row(rows):
        removed["year"] = rows[5][column(rows, "year")]
        return rows[:5] + rows[6:]

    exc = load_fails(book, TRADE, drop_row)
    assert rules(exc) == ["gap-in-series"] and removed["year"] in str(exc.value)


def test_unknown_enum_value(book):
    exc = load_fails(book, NETWORK, set_cell(1, "level", "best_friends"))
    assert rules(exc) == ["constraint-error"] and "enum" in str(exc.value)


def test_bad_date(book):
    exc = load_fails(book, NETWORK, set_cell(1, "date", "2023-13-45"))
    assert rules(exc) == ["type-error"]


def test_unknown_source_id(book):
    exc = load_fails(book, NETWORK, set_cell(1, "source", "nobody_said_so"))
    assert rules(exc) == ["unknown-source"] and "nobody_said_so" in str(exc.value)


def test_empty_file(book):
    (data.data_dir(book) / f"{TRADE}.csv").write_bytes(b"")
    with pytest.raises(data.DataError) as exc:
        data.load(TRADE, book)
    assert rules(exc) == ["empty-file"]


def test_hash_mismatch_and_schema_errors_in_one_report(book):
    edit(book, TRADE, set_cell(2, "exports_usd_m", "-5"), stamp=False)
    with pytest.raises(data.DataError) as exc:
        data.load(TRADE, book)
    assert set(rules(exc)) == {"hash-mismatch", "constraint-error"}
    assert "usvn data stamp" in str(exc.value)


def test_undeclared_csv_is_reported(book):
    (data.data_dir(book) / "stray.csv").write_text("a,b\n1,2\n")
    problems = data.validate(book)
    assert [(p.file, p.rule) for p in problems] == [("data/stray.csv", "undeclared-file")]


def test_stamp_records_the_new_hash(book):
    path = data.data_dir(book) / f"{TRADE}.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("\n", "\r\n"), encoding="utf-8")
    assert [p.rule for p in data.validate(book)] == ["hash-mismatch"]
    assert data.stamp(book) == [TRADE]
    assert data.validate(book) == []


def test_cli_validate_exits_non_zero_with_a_report(book):
    edit(book, TRADE, lambda rows: rows + [rows[-1]])
    proc = subprocess.run(
        [sys.executable, "-m", "usvn", "--root", str(book), "data", "validate"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert f"data/{TRADE}.csv" in proc.stderr and "primary-key" in proc.stderr


def test_load_records_what_a_chapter_read(book, tmp_path, monkeypatch):
    deps = tmp_path / "deps.txt"
    monkeypatch.setenv(data.DEPS_ENV, str(deps))
    data.load(NETWORK, book)
    lines = deps.read_text().split()
    assert [x for x in lines if not x.startswith(data.MODULE_PREFIX)] == [NETWORK]
    # and the package's modules loaded, which the chapter's cache key covers
    assert f"{data.MODULE_PREFIX}usvn.data.frames" in lines


def test_source_note_can_name_only_the_sources_of_the_rows_shown(root):
    name = "vn_us_trade_by_product"
    frame = data.load(name, root)
    rows = frame[frame["reporter"] == "United States"]
    pubs = {
        data.producer(s["publisher"])
        for s in data.sources(name, root)
        if s["id"] in set(";".join(rows["source"]).split(";"))
    }
    note = data.source_note(name, root, rows=rows)
    assert all(p in note for p in pubs)
    others = {data.producer(s["publisher"]) for s in data.sources(name, root)} - pubs
    assert others and not any(p in note for p in others)


def test_producer_drops_the_copy_it_was_read_from():
    assert data.producer("US Census Bureau (copy in GitHub repo a/b)") == "US Census Bureau"
    assert (
        data.producer("Stockholm International Peace Research Institute (SIPRI), copy in GitHub repo x/y")
        == "Stockholm International Peace Research Institute (SIPRI)"
    )
    assert data.producer("Federal Register (govinfo)") == "Federal Register (govinfo)"


def test_stamp_needs_the_names_of_what_was_edited(book):
    def stamp(*names):
        return subprocess.run(
            [sys.executable, "-m", "usvn", "--root", str(book), "data", "stamp", *names],
            capture_output=True,
            text=True,
        )

    assert stamp().returncode == 2  # no name: refused, nothing re-hashed
    unknown = stamp("no_such_table")
    assert unknown.returncode == 2 and "no resource 'no_such_table'" in unknown.stderr


def test_the_data_package_is_generated_from_the_metadata_files(book):
    """Each resource's metadata lives in data/<name>.meta.yaml; datapackage.json is made
    from those files, so a hand edit of it is reported, and an edit of a metadata file
    reaches it with `usvn data package`."""
    package = book / "data" / data.PACKAGE_FILE
    text = package.read_text(encoding="utf-8")
    package.write_text(
        text.replace('"title": "Vietnam\'s partnership network"', '"title": "Edited by hand"', 1),
        encoding="utf-8",
    )
    [problem] = sources.validate(book, derived=False)
    assert problem.rule == "package-edited" and NETWORK in problem.message
    package.write_text(text, encoding="utf-8")
    meta = book / "data" / f"{NETWORK}.meta.yaml"
    meta.write_text(
        meta.read_text(encoding="utf-8").replace(
            "title: Vietnam's partnership network", "title: Việt Nam's partnership network", 1
        ),
        encoding="utf-8",
    )
    assert [p.rule for p in sources.validate(book, derived=False)] == ["package-edited"]  # not generated yet
    proc = subprocess.run(
        [sys.executable, "-m", "usvn", "--root", str(book), "data", "package"], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert sources.validate(book, derived=False) == []
    assert data.resource(NETWORK, book)["title"] == "Việt Nam's partnership network"
    assert '"title": "Việt Nam\'s partnership network"' in package.read_text(encoding="utf-8")
