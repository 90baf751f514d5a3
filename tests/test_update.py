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
from usvn.sources import coverage, update

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


def test_a_workbook_covering_less_is_refused_with_the_difference_and_nothing_changes(book, replay):
    """The recorded workbook holds four partners: replacing 230 partners by four (and
    dropping years and months) is refused, and every file is as before."""
    before = tree(book)
    with pytest.raises(update.UpdateError) as err:
        update.update(["census"], book, replay, today=TODAY)
    message = str(err.value)
    assert "covers less than the data it would replace" in message
    assert "us_trade_by_partner.partner:" in message and "us_trade_by_partner.year:" in message
    assert "us_vn_trade_monthly.month:" in message and "--accept-smaller" in message
    assert tree(book) == before


def test_the_coverage_guard_names_what_each_column_loses():
    before = {"t.partner": {"A", "B", "C"}, "t.year": {"2024", "2025"}}
    after = {"t.partner": {"A"}, "t.year": {"2024", "2025", "2026"}}
    assert coverage.shrinkage(before, after) == ["t.partner: 2 of 3 values would be lost (B, C)"]
    assert coverage.shrinkage(after, after) == []


def test_census_workbook_becomes_a_new_snapshot_and_everything_is_re_derived(book, replay):
    [change] = update.update(["census"], book, replay, today=TODAY, accept_smaller=True)
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
    update.update(["census"], book, replay, today=TODAY, accept_smaller=True)
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
    command = [sys.executable, "-m", "usvn", "--root", str(book), "data", "update", "census"]
    before = tree(book)
    refused = subprocess.run(command, capture_output=True, text=True, env=env)
    assert refused.returncode == 1 and "covers less than the data" in refused.stderr
    assert "Traceback" not in refused.stderr and tree(book) == before
    proc = subprocess.run([*command, "--accept-smaller"], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "census: new snapshot data/raw/census/" in proc.stdout


def test_sigterm_during_an_update_restores_every_file(book, replay, monkeypatch):
    """A SIGTERM that arrives while the derived tables are being rewritten: the update
    unwinds, every file is restored and the new snapshot folder removed."""
    import os
    import signal

    from usvn import cli

    previous = signal.getsignal(signal.SIGTERM)
    cli.install_signal_handlers()
    before = tree(book)

    def derive_then_terminated(root, names=None):
        (data.data_dir(root) / "us_vn_trade_annual.csv").write_text("half-written\n")
        os.kill(os.getpid(), signal.SIGTERM)
        raise AssertionError("SIGTERM did not interrupt the update")

    monkeypatch.setattr(sources, "derive", derive_then_terminated)
    try:
        with pytest.raises(cli.Terminated):
            update.update(["census"], book, replay, today=TODAY, accept_smaller=True)
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert tree(book) == before
