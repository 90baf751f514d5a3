"""Snapshots and the derive step: Census files -> the derived trade resources."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from usvn import data, sources
from usvn.sources import bls, census, foreignassistance, sipri, snapshots

# The two Census vintages agree to the rounding of the files ($0.1 million) for every
# month of 1995-2021; from 2022 the later vintage holds Census's annual revisions, which
# moved annual totals by up to 1% (measured worst: Mexico 2023 imports, 0.49%).
SAME_VINTAGE_TOL = 0.05
REVISION_TOL = 0.01
LAST_SAME_YEAR = 2021


@pytest.fixture
def book(tmp_path: Path, root: Path) -> Path:
    shutil.copytree(root / "data", tmp_path / "data")
    return tmp_path


def csv_rows(book: Path, name: str) -> list[dict]:
    path = data.data_dir(book) / data.resource(name, book)["path"]
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def write_rows(book: Path, name: str, rows: list[dict]) -> None:
    path = data.data_dir(book) / data.resource(name, book)["path"]
    path.write_text(sources.render(rows, list(rows[0])), encoding="utf-8")
    data.stamp(book, names=[name])  # a deliberate edit, re-stamped: only the rules catch it


def problems_of(book: Path) -> list[data.Problem]:
    return sources.validate(book)


def validate_cli(book: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "usvn", "--root", str(book), "data", "validate"],
        capture_output=True,
        text=True,
    )


def files(book: Path) -> dict[str, bytes]:
    return {
        p.relative_to(book).as_posix(): p.read_bytes()
        for p in sorted((book / "data").rglob("*"))
        if p.is_file()
    }


# ----------------------------------------------------------------------------- the snapshots


def test_every_snapshot_is_declared_unchanged_and_has_a_full_origin(root):
    assert snapshots.problems(root) == []
    snaps = snapshots.snapshots(root)
    assert {s.origin["vintage"] for s in snaps} >= {"2024-08", "2026-10"}
    for snap in snaps:
        assert all(snap.origin.get(k) for k in snapshots.REQUIRED), snap.rel
        assert snap.origin["copy"]["commit"] and len(snap.origin["copy"]["commit"]) == 40


def git_blob(path) -> str:
    """The id git gives a file's content (sha1 of 'blob <size>\\0' + bytes)."""
    import hashlib

    content = path.read_bytes()
    return hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()


def copy_blob(origin: dict, rel: str) -> str | None:
    """The blob id the copy's own repository holds for the file at the commit named, as
    read from that commit's tree (``git ls-tree COMMIT PATH`` in the fetched copy) when the
    snapshot was taken; None for a transcription."""
    for entry in origin.get("files", [origin]):
        if entry.get("path", "").endswith(rel.rsplit("/", 1)[-1]) and entry.get("copy"):
            return entry["copy"].get("blob")
    return None


def test_the_raw_workbook_is_the_byte_exact_census_file(root):
    """Byte-exact means: the same git blob as the copy's commit holds, not merely the
    hash we stored ourselves."""
    snap = snapshots.find(root, census.WORKBOOK)
    blob = copy_blob(snap.origin, census.WORKBOOK)
    assert blob and git_blob(snap.path) == blob


def test_later_vintage_agrees_with_the_raw_workbook_in_every_overlapping_year(root):
    book = {(r.year, r.code): r for r in census.workbook_rows(root)}
    later = census.later_rows(root, full_only=False)
    compared = {r.year for r in later if r.code == "VNM" and (r.year, r.code) in book and r.year <= 2023}
    assert compared == set(range(1995, 2024))  # every complete year of the workbook
    revised = set()
    for row in later:
        old = book.get((row.year, row.code))
        if old is None or row.year > 2023 or row.code not in census.FOCUS:
            continue
        if row.year <= LAST_SAME_YEAR:
            pairs = zip(
                old.exports + old.imports + (old.exports_year, old.imports_year),
                row.exports + row.imports + (row.exports_year, row.imports_year),
            )
            assert all(abs(a - b) <= SAME_VINTAGE_TOL for a, b in pairs), (row.year, row.code)
        else:
            for a, b in ((old.exports_year, row.exports_year), (old.imports_year, row.imports_year)):
                assert abs(a - b) <= REVISION_TOL * b, (row.year, row.code)
                revised.add(row.year) if abs(a - b) > SAME_VINTAGE_TOL else None
    assert revised == {2022, 2023}  # documented: Census revised these after August 2024


def test_every_trade_row_of_every_snapshot_holds_its_identities(root):
    for row in census.workbook_rows(root) + census.later_rows(root, full_only=False):
        published = [(m, v) for m, v in enumerate(row.exports) if v is not None]
        if row.exports_year is not None and len(published) == 12:
            assert abs(sum(row.exports) - row.exports_year) <= 1.0, (row.year, row.code)
            assert abs(sum(row.imports) - row.imports_year) <= 1.0, (row.year, row.code)


def test_partners_sum_to_the_world_total(root):
    table = csv_rows(root, "us_trade_by_partner")
    for year in {r["year"] for r in table}:
        rows = [r for r in table if r["year"] == year]
        world = next(r for r in rows if r["code"] == "WLD")
        for flow in ("exports_usd_m", "imports_usd_m"):
            total = sum(float(r[flow]) for r in rows if r["code"] != "WLD")
            assert abs(total - float(world[flow])) <= 0.002 * float(world[flow]), (year, flow)


# ----------------------------------------------------------------------------- derived resources


def test_derived_series_are_complete(root):
    annual = data.load("us_vn_trade_annual", root)
    assert list(annual["year"]) == list(range(1995, 2026))
    assert not annual[["exports_usd_m", "imports_usd_m", "balance_usd_m"]].isna().any().any()
    monthly = data.load("us_vn_trade_monthly", root)
    assert monthly["month"].iloc[0] == "1995-01"
    assert monthly["month"].iloc[-1] == "-".join(map("{:02d}".format, census.Census(root).last_month()))
    partners = data.load("us_trade_by_partner", root)
    assert sorted(partners["year"].unique()) == list(range(1995, 2026))
    assert partners.groupby("year")["code"].nunique().min() > 200


def test_the_1997_balance_is_a_deficit_as_census_records_it(root):
    annual = data.load("us_vn_trade_annual", root).set_index("year")
    assert annual.loc[1997, "balance_usd_m"] < 0
    check = data.load("trade_crosschecks", root).set_index("id")
    row = check[(check["year"] == 1997) & (check["flow"] == "balance")].iloc[0]
    assert not row["agrees"] and "Sign differs" in row["note"]


def test_derive_remakes_every_derived_csv_byte_for_byte(book):
    before = files(book)
    for name in sources.DERIVED:
        (data.data_dir(book) / data.resource(name, book)["path"]).unlink()
    sources.derive(book)
    assert files(book) == before


def test_derive_twice_changes_nothing(book):
    assert sources.derive(book) == []
    before = files(book)
    assert sources.derive(book) == [] and files(book) == before


def test_crosschecks_cover_many_figures_and_explain_every_disagreement(root):
    check = data.load("trade_crosschecks", root)
    assert len(check) >= 15 and check["source"].nunique() >= 10
    unexplained = check[~check["agrees"] & check["note"].isna()]
    assert unexplained.empty, unexplained[["id", "year", "flow", "difference_usd_m"]]
    agreeing = check[check["agrees"]]
    assert (agreeing["difference_usd_m"].abs() <= agreeing["tolerance_usd_m"]).all()


def test_a_disagreement_without_a_note_is_an_error(book):
    rows = csv_rows(book, "trade_published_figures")
    first = rows[0]
    first["value_usd_m"] = str(float(first["value_usd_m"]) * 3)
    write_rows(book, "trade_published_figures", rows)
    with pytest.raises(data.DataError, match=r"trade_crosschecks.*note"):
        sources.derive(book)


# ----------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "edit, rule, column",
    [
        (lambda rows: rows.pop(5), "gap-in-series", "year"),
        (lambda rows: rows[3].update(balance_usd_m="0.0"), "balance-mismatch", "balance_usd_m"),
    ],
)
def test_bad_annual_series_is_reported_with_file_line_column_and_rule(book, edit, rule, column):
    rows = csv_rows(book, "us_vn_trade_annual")
    edit(rows)
    write_rows(book, "us_vn_trade_annual", rows)
    found = [p for p in problems_of(book) if p.rule == rule]
    assert found and found[0].file == "data/us_vn_trade_annual.csv" and found[0].column == column
    proc = validate_cli(book)
    assert proc.returncode == 1 and f"[{rule}]" in proc.stderr


def test_a_missing_month_is_reported(book):
    rows = csv_rows(book, "us_vn_trade_monthly")
    del rows[40]
    write_rows(book, "us_vn_trade_monthly", rows)
    [gap] = [p for p in problems_of(book) if p.rule == "gap-in-series"]
    assert "1998-05" in gap.message and gap.column == "month"


def test_months_not_summing_to_the_year_are_reported(book):
    rows = csv_rows(book, "us_vn_trade_monthly")
    rows[13]["imports_usd_m"] = str(float(rows[13]["imports_usd_m"]) + 5)
    rows[13]["balance_usd_m"] = str(float(rows[13]["balance_usd_m"]) - 5)
    write_rows(book, "us_vn_trade_monthly", rows)
    found = [p for p in problems_of(book) if p.rule == "months-not-summing"]
    assert found and "1996" in found[0].message and found[0].column == "imports_usd_m"


def test_an_aggregate_inside_the_partner_table_is_reported(book):
    rows = csv_rows(book, "us_trade_by_partner")
    rows.insert(1, dict(rows[1], code="AGG_0003", partner="European Union"))
    write_rows(book, "us_trade_by_partner", rows)
    found = [p for p in problems_of(book) if p.rule == "aggregate-in-partner-table"]
    assert found and found[0].line == 3 and found[0].column == "code"


def test_a_changed_snapshot_is_reported_and_nothing_is_derived(book):
    path = book / "data" / "raw" / census.LATER / "trade_by_country" / "2025.json"
    path.write_text(path.read_text().replace('"VNM"', '"VNM" ', 1))
    found = problems_of(book)
    assert [p.rule for p in found] == ["snapshot-changed"]
    assert found[0].file == "data/raw/census/2026-10/trade_by_country/2025.json"
    before = files(book)
    with pytest.raises(data.DataError, match="snapshot-changed"):
        sources.derive(book)
    assert files(book) == before


def test_an_undeclared_snapshot_is_reported(book):
    (book / "data" / "raw" / "census" / "2024-08" / "extra.csv").write_text("a\n1\n")
    assert [p.rule for p in problems_of(book)] == ["undeclared-snapshot"]


def test_a_derived_csv_edited_by_hand_is_reported(book):
    rows = csv_rows(book, "us_vn_trade_annual")
    rows[10]["exports_usd_m"] = f"{float(rows[10]['exports_usd_m']) + 0.5:.1f}"  # within every rule
    rows[10]["balance_usd_m"] = f"{float(rows[10]['balance_usd_m']) + 0.5:.1f}"
    write_rows(book, "us_vn_trade_annual", rows)
    [edited] = problems_of(book)
    assert edited.rule == "derived-edited" and edited.line == 12
    assert "usvn data derive" in edited.message
    proc = validate_cli(book)
    assert proc.returncode == 1 and "derived-edited" in proc.stderr


def test_derive_cli_restores_everything_when_validation_fails(book):
    origin = book / "data" / "raw" / census.LATER / "origin.json"
    record = json.loads(origin.read_text())
    record["files"][0]["sha256"] = "0" * 64
    origin.write_text(json.dumps(record))
    before = files(book)
    proc = subprocess.run(
        [sys.executable, "-m", "usvn", "--root", str(book), "data", "derive"], capture_output=True, text=True
    )
    assert proc.returncode == 1 and "snapshot-changed" in proc.stderr
    assert files(book) == before


def test_stamp_refuses_a_derived_csv(book):
    proc = subprocess.run(
        [sys.executable, "-m", "usvn", "--root", str(book), "data", "stamp", "us_vn_trade_annual"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2 and "usvn data derive" in proc.stderr


# ----------------------------------------------------------------------------- SIPRI and aid


def test_the_sipri_and_aid_snapshots_are_byte_exact_copies(root):
    for rel in (
        sipri.register_file(root),
        f"{sipri.milex_folder(root)}/Share_of_GDP.json",
        f"{sipri.milex_folder(root)}/Current_US.json",
        f"{sipri.milex_folder(root)}/Constant_2023_US.json",
        foreignassistance.country_file(root),
        f"{snapshots.newest(root, bls.TABLE).folder}/cpiai.txt",
    ):
        snap = snapshots.find(root, rel)
        blob = copy_blob(snap.origin, rel)
        assert blob, f"{rel}: no blob id of the copy's commit recorded"
        assert git_blob(snap.path) == blob, f"{rel} differs from the copy's commit"


def test_transcribed_snapshots_say_so_and_claim_no_blob(root):
    """The October 2026 Census vintage was read file by file and written out again: it is
    a transcription, cross-checked against the workbook, never called byte-exact."""
    import json

    origin = json.loads((root / "data" / "raw" / "census" / "2026-10" / "origin.json").read_text())
    assert origin["files"] and all(f["exact"] is False for f in origin["files"])
    assert not any((f.get("copy") or {}).get("blob") for f in origin["files"])


def test_one_sipri_release_gives_every_arms_series(root):
    """Viet Nam's imports by supplier are the sums of the deal rows and of the pair table:
    the three arms resources come from the same register and cannot disagree."""
    by_supplier = {
        (int(r["year"]), r["supplier"]): float(r["tiv_m"]) for r in csv_rows(root, "sipri_vn_arms_imports")
    }
    deals: dict = {}
    for r in csv_rows(root, "sipri_vn_arms_deliveries"):
        key = (int(r["delivery_year"]), r["supplier"])
        deals[key] = deals.get(key, 0.0) + float(r["tiv_delivered"])
    pairs = {
        (int(r["year"]), r["supplier"]): float(r["tiv_m"])
        for r in csv_rows(root, "sipri_arms_transfers")
        if r["recipient"] == sipri.RECIPIENT
    }
    assert by_supplier.keys() == deals.keys() == pairs.keys()
    for key, value in by_supplier.items():
        assert deals[key] == pytest.approx(value, abs=0.006) and pairs[key] == value
    assert {r["source"] for r in csv_rows(root, "sipri_vn_arms_imports")} == {sipri.register_id(root)}


def test_missing_milex_years_stay_empty_not_zero(root):
    rows = {int(r["year"]): r for r in csv_rows(root, "vn_military_expenditure")}
    assert list(rows) == list(range(min(rows), max(rows) + 1))
    assert all(rows[y]["constant_2023_usd_m"] == "" for y in range(1995, 2003))
    assert rows[2018]["share_of_gdp_pct"] != "" and rows[2024]["constant_2023_usd_m"] == ""


def test_the_partial_aid_year_is_flagged(root):
    rows = [r for r in csv_rows(root, "us_aid_vietnam") if r["kind"] == "obligations"]
    last = max(int(r["fiscal_year"]) for r in rows)
    assert [r["complete"] for r in rows if int(r["fiscal_year"]) == last] == ["false"]
    assert all(r["complete"] == "true" for r in rows if int(r["fiscal_year"]) < last)


def test_a_register_without_its_header_is_a_clear_error(book):
    path = book / "data" / "raw" / sipri.register_file(book)
    path.write_bytes(path.read_bytes().replace(b"SIPRI AT Database ID", b"Deal ID", 1))
    snap = snapshots.find(book, sipri.register_file(book))
    record = json.loads((path.parent / "origin.json").read_text())
    record["files"][0]["sha256"] = snapshots.sha256(snap.path)  # a new, declared vintage
    (path.parent / "origin.json").write_text(json.dumps(record))
    before = files(book)
    with pytest.raises(ValueError, match="no header line starting 'SIPRI AT Database ID'"):
        sources.derive(book, ["sipri_vn_arms_imports"])
    assert files(book) == before


def test_a_new_release_folder_is_picked_up_without_a_code_change(book):
    """The SIPRI register read is the newest release folder's (by its origin's vintage):
    adding a release is adding a folder."""
    old = snapshots.newest(book, sipri.ARMS_RELEASES)
    new_folder = book / "data" / "raw" / "sipri" / "arms-2099-01"
    shutil.copytree(book / "data" / "raw" / old.folder, new_folder)
    origin = json.loads((new_folder / "origin.json").read_text(encoding="utf-8"))
    origin["vintage"] = "2099-01"
    (new_folder / "origin.json").write_text(json.dumps(origin), encoding="utf-8")
    assert sipri.register_file(book) == "sipri/arms-2099-01/trade_register.csv"
    assert sipri.register_id(book) == "sipri_register_2099_01"
    assert {r["source"] for r in sipri.vn_imports(book)} == {"sipri_register_2099_01"}


def test_the_cpi_table_is_derived_from_bls_files_and_a_transcription_says_so(root):
    """CPI-U to 2013 is read from BLS's own table (byte-exact, above); the later years from
    a compilation that was transcribed: its origin says so and claims no blob, and its
    character count is the one the stored-repository reader gave (4,357)."""
    compilation = snapshots.newest(root, bls.COMPILATION)
    origin = json.loads((root / "data" / "raw" / compilation.folder / "origin.json").read_text())
    assert all(f["exact"] is False and not f["copy"].get("blob") for f in origin["files"])
    text = (root / "data" / "raw" / compilation.folder / "cpi_annual.json").read_text(encoding="utf-8")
    assert len(text) == 4357
    rows = csv_rows(root, "cpi_u_annual")
    table = bls.table_values(
        (root / "data" / "raw" / snapshots.newest(root, bls.TABLE).folder / "cpiai.txt").read_text(
            encoding="utf-8"
        )
    )
    for r in rows:
        if r["source"] == bls.TABLE_ID:
            assert r["cpi_u"] == table[int(r["year"])]
    assert table[1995] == "152.4"  # the 'Annual Avg.' column of the 1995 line, as BLS prints it


# ----------------------------------------------------------------------------- leaders' visits


def test_every_visit_the_office_of_the_historian_lists_is_in_the_record(root):
    listed = csv_rows(root, "visit_crosschecks")
    assert listed and all(r["trip_id"] for r in listed), [r for r in listed if not r["trip_id"]]
    by_start = {r["start"]: r for r in listed}
    assert by_start["2000-09-06"]["trip_id"] == "vi_2000_tran_duc_luong"  # the Millennium Summit
    # the Office names the prime minister of 2006-2016 for the ASEAN summit of May 2022: kept, flagged
    assert [(r["start"], r["visitor_listed"]) for r in listed if r["names_agree"] == "false"] == [
        ("2022-05-12", "Prime Minister Nguyen Tan Dung")
    ]


def test_a_trip_missing_from_the_record_is_reported(book):
    rows = [r for r in csv_rows(book, "us_vn_visits") if r["id"] != "vi_2011_truong_tan_sang"]
    write_rows(book, "us_vn_visits", rows)
    found = [p for p in problems_of(book) if p.rule == "missing-trip"]
    assert len(found) == 1 and found[0].file == "data/us_vn_visits.csv"
    assert "Truong Tan Sang (2011-11-10" in found[0].message
    proc = validate_cli(book)
    assert proc.returncode == 1 and "missing-trip" in proc.stderr


# ----------------------------------------------------------------------------- trafficking tiers


def test_trafficking_tiers_run_every_year_and_agree_with_each_narrative_read(root):
    rows = csv_rows(root, "vn_trafficking_tiers")
    years = [int(r["report_year"]) for r in rows]
    assert years == list(range(2001, years[-1] + 1)) and years[-1] >= 2024
    both = [r for r in rows if r["basis"] == "narrative" and r["compilation_tier"]]
    assert both and all(r["agrees"] == "true" for r in both)
    assert {r["report_year"]: r["tier"] for r in rows}["2022"] == "Tier 3"  # the 2022 report's narrative


def test_a_narrative_that_disagrees_with_the_compilation_stops_the_derive(book):
    rows = csv_rows(book, "tip_report_narratives")
    rows[0]["tier"] = "Tier 3"  # 2004: the compilation has the Watch List
    write_rows(book, "tip_report_narratives", rows)
    before = files(book)
    with pytest.raises(data.DataError, match="2004 reads 'Tier 3' but the compilation"):
        sources.derive(book)
    assert files(book) == before
