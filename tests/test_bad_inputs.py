"""Every bad input a user can reach is a report, never a traceback: the file or parameter,
what is wrong and how to fix it; exit 2 for how the command was called, 1 for the data."""

from __future__ import annotations

import subprocess
import sys


def usvn(*args, cwd=None, root=None):
    prefix = ["--root", str(root)] if root else []
    return subprocess.run(
        [sys.executable, "-m", "usvn", *prefix, *args], capture_output=True, text=True, cwd=cwd
    )


def reported(proc, code: int, *words: str) -> None:
    assert proc.returncode == code, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr, proc.stderr
    for word in words:
        assert word in proc.stderr, (word, proc.stderr)


def test_an_impossible_date_names_the_parameter(repo_copy, tmp_path):
    proc = usvn(
        "run", "diplomatic_upgrade", "-p", "as_of", "2020-13-45", "--out", str(tmp_path / "r"), root=repo_copy
    )
    reported(proc, 2, "'as_of' must be a date YYYY-MM-DD", "2020-13-45")
    assert not (tmp_path / "r").exists()


def test_a_missing_variant_file_is_named(repo_copy, tmp_path):
    proc = usvn("build", "--params", str(tmp_path / "nope.yml"), root=repo_copy)
    reported(proc, 2, "nope.yml", "cannot read the variant file", "variants/tariff_46.yml")


def test_a_command_outside_the_book_says_where_to_run_it(tmp_path):
    proc = usvn("data", "validate", cwd=tmp_path)
    reported(proc, 2, "is not inside a book", "--root")


def test_a_malformed_metadata_file_is_named_with_its_line(repo_copy):
    (repo_copy / "data" / "cpi_u_annual.meta.yaml").write_text("name: [oops\n", encoding="utf-8")
    proc = usvn("data", "validate", root=repo_copy)
    reported(proc, 1, "data/cpi_u_annual.meta.yaml", "invalid-metadata", "line")


def test_a_data_package_that_is_not_json_is_reported(repo_copy):
    (repo_copy / "data" / "datapackage.json").write_text("{", encoding="utf-8")
    proc = usvn("data", "validate", root=repo_copy)
    reported(proc, 1, "data/datapackage.json", "package-edited", "usvn data package")


def test_a_truncated_workbook_stops_derive_and_changes_nothing(repo_copy):
    workbook = repo_copy / "data" / "raw" / "census" / "2024-08" / "country.xlsx"
    workbook.write_bytes(workbook.read_bytes()[: workbook.stat().st_size // 2])
    before = {p: p.read_bytes() for p in (repo_copy / "data").glob("*") if p.is_file()}
    proc = usvn("data", "derive", root=repo_copy)
    reported(proc, 1, "country.xlsx", "snapshot-changed")
    assert {p: p.read_bytes() for p in (repo_copy / "data").glob("*") if p.is_file()} == before


def test_verbose_keeps_the_traceback_for_debugging(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "usvn", "--verbose", "data", "validate"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert proc.returncode != 0 and "Traceback" in proc.stderr and "BookNotFound" in proc.stderr


def test_two_country_wide_rates_in_force_at_once_are_refused(repo_copy):
    """The rate in force is read from the tariff record's in-force dates, so a record in
    which two country-wide rates overlap is a data error naming both actions."""
    path = repo_copy / "data" / "us_tariff_actions.csv"
    text = path.read_text(encoding="utf-8")
    # the Section 122 surcharge made to run on past the day the Section 301 duty began
    path.write_text(text.replace(",2026-02-24,2026-07-24,", ",2026-02-24,2026-08-31,"), encoding="utf-8")
    assert path.read_text(encoding="utf-8") != text
    assert usvn("data", "stamp", "us_tariff_actions", root=repo_copy).returncode == 0
    proc = usvn("data", "validate", root=repo_copy)
    reported(proc, 1, "us_tariff_actions.csv", "rates-overlap", "ta_20260724_section_301_forced_labour")
