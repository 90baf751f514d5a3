"""usvn data update on copies of data/, with recorded API answers instead of the network."""
from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from usvn import data, update

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


def census_value(flow: str) -> int:
    answer = recorded(f"{flow}/hs")["response"]
    return int(answer[1][answer[0].index("ALL_VAL_YR" if flow == "exports" else "GEN_VAL_YR")])


def test_census_rows_are_rewritten_in_millions_with_the_api_as_source(book, replay):
    before = rows(book, TRADE)
    [change] = update.update([TRADE], book, replay, first=2024, last=2024)
    after = rows(book, TRADE)
    exports, imports = census_value("exports") / 1e6, census_value("imports") / 1e6
    assert float(after["2024"]["exports_usd_m"]) == pytest.approx(exports, abs=0.05)
    assert float(after["2024"]["imports_usd_m"]) == pytest.approx(imports, abs=0.05)
    assert float(after["2024"]["balance_usd_m"]) == pytest.approx(exports - imports, abs=0.05)
    assert after["2024"]["source"] == "census_intltrade_api"
    assert {y: r for y, r in after.items() if y != "2024"} == {y: r for y, r in before.items() if y != "2024"}
    assert change.fetched == 1
    assert data.validate(book) == []  # hash re-recorded, source declared


def test_the_api_source_is_recorded_with_todays_access_date(book, replay):
    import datetime as dt
    update.update([TRADE], book, replay, first=2024, last=2024)
    src = {s["id"]: s for s in data.sources(TRADE, book)}["census_intltrade_api"]
    assert src["date_accessed"] == dt.date.today().isoformat()
    assert src["publisher"] == "US Census Bureau" and "5520" in src["table_or_page"]


def test_years_before_the_api_are_never_asked_and_keep_their_sources(book, replay):
    before = rows(book, TRADE)
    update.update([TRADE], book, replay, first=2010, last=2012)
    assert replay.calls == [] and rows(book, TRADE) == before


def test_a_month_without_data_changes_nothing(book, replay):
    before = snapshot(book)
    [change] = update.update([TRADE], book, replay, first=2013, last=2013)
    assert change.fetched == 0 and not change.years and snapshot(book) == before


def test_dry_run_reports_but_writes_nothing(book, replay):
    before = snapshot(book)
    [change] = update.update([TRADE], book, replay, first=2024, last=2024, dry_run=True)
    assert change.fetched == 1 and snapshot(book) == before


def test_bls_annual_averages(book, replay, monkeypatch):
    monkeypatch.setenv("BLS_API_KEY", "a-real-key-is-never-recorded")
    update.update([CPI], book, replay, first=2023, last=2024)
    answer = recorded("bls.gov")["response"]["Results"]["series"][0]["data"]
    after = rows(book, CPI)
    for point in answer:
        assert after[point["year"]]["cpi_u"] == point["value"]
        assert after[point["year"]]["source"] == "bls_api_cuur0000sa0"
    assert data.validate(book) == []


def test_bls_without_a_key_says_how_to_get_one(book, replay, monkeypatch):
    monkeypatch.delenv("BLS_API_KEY", raising=False)
    with pytest.raises(update.UpdateError, match="BLS_API_KEY"):
        update.update([CPI], book, replay, first=2023, last=2024)


def test_unrecorded_request_is_an_error_never_the_network(book, replay):
    before = snapshot(book)
    with pytest.raises(update.UpdateError, match="no recorded response"):
        update.update([TRADE], book, replay, first=2020, last=2020)
    assert snapshot(book) == before


def test_answer_without_the_value_column_names_url_and_column(book, tmp_path):
    good = recorded("exports/hs")
    bad = dict(good, response=[["CTY_CODE", "CTY_NAME", "time"], ["5520", "VIETNAM", "2024-12"]])
    before = snapshot(book)
    with pytest.raises(update.UpdateError, match=r"exports/hs.*no column ALL_VAL_YR"):
        update.update([TRADE], book, write_replay(tmp_path, [bad]), first=2024, last=2024)
    assert snapshot(book) == before


def test_value_breaking_the_schema_restores_every_file(book, tmp_path):
    """A negative export value (the schema's minimum is 0) is caught after writing, and the
    CSV and datapackage.json are put back byte for byte."""
    exchanges = json.loads(RECORDED.read_text())
    exports = next(e for e in exchanges if "exports/hs" in e["url"] and "2024" in e["url"])
    exports["response"][1][2] = "-" + exports["response"][1][2]
    before = snapshot(book)
    with pytest.raises(data.DataError) as exc:
        update.update([TRADE], book, write_replay(tmp_path, exchanges), first=2024, last=2024)
    problem = exc.value.problems[0]
    assert problem.file == "data/us_vn_trade_annual.csv" and problem.column == "exports_usd_m"
    assert problem.line is not None and problem.rule == "constraint-error"
    assert snapshot(book) == before


def test_unknown_resource_lists_the_updatable_ones(book, replay):
    with pytest.raises(update.UpdateError, match="updatable: us_vn_trade_annual, cpi_u_annual"):
        update.update(["vn_partnerships"], book, replay)


def test_record_then_replay_gives_the_same_answer(tmp_path):
    served = update.Replay(RECORDED)
    url = recorded("imports/hs")["url"]
    log = tmp_path / "log.json"
    recorder = update.Record(log, inner=served)
    assert recorder(url + "&key=secret") == served(url)
    assert "secret" not in log.read_text()
    assert update.Replay(log)(url) == served(url)


def test_cli_update_offline_fails_clearly_and_changes_nothing(book):
    before = snapshot(book)
    env = {"PATH": "/usr/bin:/bin", "USVN_REPLAY": str(book / "no-answers.json")}
    (book / "no-answers.json").write_text("[]")
    proc = subprocess.run([sys.executable, "-m", "usvn", "--root", str(book), "data", "update",
                           TRADE, "--from", "2024"], capture_output=True, text=True, env=env)
    assert proc.returncode == 1
    assert "no recorded response" in proc.stderr and "Nothing was changed" in proc.stderr
    assert snapshot(book) == before


def test_cli_update_with_recorded_answers(book):
    env = {"PATH": "/usr/bin:/bin", "USVN_REPLAY": str(RECORDED)}
    proc = subprocess.run([sys.executable, "-m", "usvn", "--root", str(book), "data", "update",
                           TRADE, "--from", "2024", "--to", "2024"],
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "us_vn_trade_annual: 1 year(s) fetched" in proc.stdout
    assert rows(book, TRADE)["2024"]["source"] == "census_intltrade_api"


def test_bls_monthly_points_are_not_annual_averages(book, tmp_path, monkeypatch):
    """Only period M13 is an annual average: a monthly point in the answer (here the
    2023 average relabelled as December 2024, after the annual point) must not
    overwrite 2024."""
    monkeypatch.setenv("BLS_API_KEY", "k")
    exchange = recorded("bls.gov")
    points = exchange["response"]["Results"]["series"][0]["data"]
    annual = {p["year"]: p["value"] for p in points}
    points.append(dict(points[0], year="2024", period="M12", periodName="December",
                       value=annual["2023"]))
    update.update([CPI], book, write_replay(tmp_path, [exchange]), first=2023, last=2024)
    assert rows(book, CPI)["2024"]["cpi_u"] == annual["2024"]
