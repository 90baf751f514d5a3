"""usvn data update on copies of data/, with recorded API answers instead of the network."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from usvn import data, sources
from usvn.sources import update

RECORDED = Path(__file__).parent / "fixtures" / "api" / "recorded.json"
TRADE, CPI = "us_vn_trade_annual", "cpi_u_annual"


@pytest.fixture
def book(tmp_path: Path, root: Path) -> Path:
    shutil.copytree(root / "data", tmp_path / "data")
    return tmp_path


@pytest.fixture
def replay() -> update.Replay:
    return update.Replay(RECORDED)


def rows(book: Path, name: str) -> dict[str, dict[str, str]]:
    with open(data.data_dir(book) / data.resource(name, book)["path"], encoding="utf-8") as fh:
        return {r["year"]: r for r in csv.DictReader(fh)}


def snapshot(book: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((book / "data").iterdir())}


def recorded(url_part: str) -> dict:
    return next(e for e in json.loads(RECORDED.read_text()) if url_part in e["url"])


def write_replay(tmp_path: Path, exchanges: list[dict]) -> update.Replay:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(exchanges))
    return update.Replay(path)


TODAY = dt.date(2026, 12, 1)
SUBSET = Path(__file__).parent / "fixtures" / "api" / "country_subset.xlsx"


def tree(book: Path) -> dict[str, bytes]:
    return {
        p.relative_to(book).as_posix(): p.read_bytes()
        for p in sorted((book / "data").rglob("*"))
        if p.is_file()
    }


def test_census_workbook_becomes_a_new_snapshot_and_everything_is_re_derived(book, replay):
    [change] = update.update(["census"], book, replay, today=TODAY)
    folder = book / "data" / "raw" / "census" / "2026-12"
    assert (folder / "country.xlsx").read_bytes() == SUBSET.read_bytes()
    origin = json.loads((folder / "origin.json").read_text())
    assert origin["files"][0]["sha256"] == hashlib.sha256(SUBSET.read_bytes()).hexdigest()
    assert origin["url_download"] == update.CENSUS_XLSX and origin["date_accessed"] == "2026-12-01"
    assert "new snapshot data/raw/census/2026-12" in change and "us_vn_trade_annual" in change
    annual = rows(book, TRADE)
    assert {r["vintage"] for r in annual.values()} == {"2026-12"}  # the newest supersedes
    assert {r["source"] for r in annual.values()} == {"census_country_2026_12"}
    assert sources.validate(book) == []


def test_the_same_workbook_twice_is_kept_once(book, replay):
    update.update(["census"], book, replay, today=TODAY)
    before = tree(book)
    [change] = update.update(["census"], book, replay, today=dt.date(2027, 1, 5))
    assert "already holds this workbook" in change and tree(book) == before


def test_dry_run_reports_but_writes_nothing(book, replay):
    before = tree(book)
    [change] = update.update(["census"], book, replay, dry_run=True, today=TODAY)
    assert "would be saved" in change and tree(book) == before


def test_a_workbook_without_a_needed_column_names_url_and_column(book, tmp_path):
    import openpyxl

    broken = openpyxl.load_workbook(SUBSET)
    broken.active.delete_cols(29)  # EYR, the annual exports
    broken.save(tmp_path / "broken.xlsx")
    before = tree(book)
    replay = write_replay(
        tmp_path, [{"url": update.CENSUS_XLSX, "body": None, "response_file": "broken.xlsx"}]
    )
    with pytest.raises(update.UpdateError, match=r"country.xlsx: sheet 1 has no column EYR"):
        update.update(["census"], book, replay, today=TODAY)
    assert tree(book) == before


def test_a_workbook_breaking_an_identity_restores_every_file(book, tmp_path):
    """A month edited so that Vietnam's months no longer sum to the year: the derive step
    fails validation, the new snapshot folder is removed and every file is as before."""
    import openpyxl

    bad = openpyxl.load_workbook(SUBSET)
    sheet = bad.active
    for row in sheet.iter_rows(min_row=2):
        if row[1].value == "5520" and row[0].value == "2010":
            row[3].value += 50  # IJAN
    bad.save(tmp_path / "bad.xlsx")
    before = tree(book)
    replay = write_replay(tmp_path, [{"url": update.CENSUS_XLSX, "body": None, "response_file": "bad.xlsx"}])
    with pytest.raises(data.DataError, match="months-not-summing"):
        update.update(["census"], book, replay, today=TODAY)
    assert tree(book) == before


def test_bls_annual_averages_become_a_snapshot_the_table_is_derived_from(book, replay, monkeypatch):
    monkeypatch.setenv("BLS_API_KEY", "a-real-key-is-never-recorded")
    answer = recorded("bls.gov")["response"]["Results"]["series"][0]["data"]
    # start from a table that lacks the years answered, so that only the update can put
    # the recorded values there (the shipped table already holds them)
    path = book / "data" / "cpi_u_annual.csv"
    answered = {p["year"] for p in answer}
    kept = [
        ln
        for ln in path.read_text(encoding="utf-8").splitlines(keepends=True)
        if ln.split(",")[1] not in answered
    ]
    path.write_text("".join(kept), encoding="utf-8")
    data.stamp(book, names=[CPI])
    assert not answered & set(rows(book, CPI))
    update.update([CPI], book, replay, first=2023, last=2024)
    after = rows(book, CPI)
    for point in answer:
        assert after[point["year"]]["cpi_u"] == point["value"]
        assert after[point["year"]]["source"] == f"bls_api_cuur0000sa0_{dt.date.today():%Y_%m_%d}"
    # the answer is kept as a snapshot with its origin record, and the table is derived from it
    folder = book / "data" / "raw" / "bls" / f"api-{dt.date.today().isoformat()}"
    saved = json.loads((folder / "cpi_u_annual.json").read_text(encoding="utf-8"))
    assert saved["annual_averages"] == {p["year"]: p["value"] for p in answer}
    assert json.loads((folder / "origin.json").read_text(encoding="utf-8"))["downloaded"] is True
    assert sources.validate(book) == []  # the derived table equals a fresh derive


def test_bls_without_a_key_says_how_to_get_one(book, replay, monkeypatch):
    monkeypatch.delenv("BLS_API_KEY", raising=False)
    with pytest.raises(update.UpdateError, match="BLS_API_KEY"):
        update.update([CPI], book, replay, first=2023, last=2024)


def test_bls_monthly_points_are_not_annual_averages(book, tmp_path, monkeypatch):
    """Only period M13 is an annual average: a monthly point in the answer (here the
    2023 average relabelled as December 2024, after the annual point) must not
    overwrite 2024."""
    monkeypatch.setenv("BLS_API_KEY", "k")
    exchange = recorded("bls.gov")
    points = exchange["response"]["Results"]["series"][0]["data"]
    annual = {p["year"]: p["value"] for p in points}
    points.append(dict(points[0], year="2024", period="M12", periodName="December", value=annual["2023"]))
    update.update([CPI], book, write_replay(tmp_path, [exchange]), first=2023, last=2024)
    assert rows(book, CPI)["2024"]["cpi_u"] == annual["2024"]


def test_unrecorded_request_is_an_error_never_the_network(book, tmp_path):
    before = tree(book)
    with pytest.raises(update.UpdateError, match="no recorded response"):
        update.update(["census"], book, write_replay(tmp_path, []), today=TODAY)
    assert tree(book) == before


def test_unknown_name_lists_the_updatable_ones(book, replay):
    with pytest.raises(update.UpdateError, match="updatable: census, cpi_u_annual"):
        update.update(["vn_partnerships"], book, replay)


def test_record_then_replay_gives_the_same_answer(tmp_path):
    served = update.Replay(RECORDED)
    log = tmp_path / "log.json"
    recorder = update.Record(log, inner=served)
    assert recorder(update.CENSUS_XLSX) == SUBSET.read_bytes()
    entry = json.loads(log.read_text())[0]
    assert entry["response_file"].endswith(".xlsx")
    assert update.Replay(log)(update.CENSUS_XLSX) == SUBSET.read_bytes()


def test_cli_update_offline_fails_clearly_and_changes_nothing(book):
    before = tree(book)
    env = {"PATH": "/usr/bin:/bin", "USVN_REPLAY": str(book / "no-answers.json")}
    (book / "no-answers.json").write_text("[]")
    proc = subprocess.run(
        [sys.executable, "-m", "usvn", "--root", str(book), "data", "update", "census"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 1
    assert "no recorded response" in proc.stderr and "Nothing was changed" in proc.stderr
    assert tree(book) == before


def test_cli_update_with_recorded_answers(book):
    env = {"PATH": "/usr/bin:/bin", "USVN_REPLAY": str(RECORDED)}
    proc = subprocess.run(
        [sys.executable, "-m", "usvn", "--root", str(book), "data", "update", "census"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert "census: new snapshot data/raw/census/" in proc.stdout
