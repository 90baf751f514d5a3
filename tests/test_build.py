"""The build on temporary copies of the repository: caching, determinism, failure."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from usvn import build, data, text

pytestmark = pytest.mark.build


def statuses(results):
    return {r.chapter: r.status for r in results}


def tracked_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in root.rglob("*") if p.is_file() and "_build" not in p.parts
            and "_static/vega" not in p.as_posix()}


def test_fresh_copy_builds_every_page_and_executes_nothing(repo_copy):
    before = tracked_bytes(repo_copy)
    results = build.build(repo_copy, progress=False)
    # The committed notebooks are the default execution of the current inputs.
    assert statuses(results) == {c: "cached" for c in build.NOTEBOOKS}
    html = repo_copy / "_build" / "html"
    for page in ["intro.html", *(f"chapters/{c}.html" for c in build.NOTEBOOKS)]:
        assert (html / page).is_file(), page
    assert tracked_bytes(repo_copy) == before  # git status stays clean


def test_reexecution_is_byte_identical(repo_copy):
    target = repo_copy / "chapters" / "defence_ties.ipynb"
    committed = target.read_bytes()
    nb = nbformat.read(target, as_version=4)
    nb.metadata["usvn"]["key"] = "stale"
    nbformat.write(nb, str(target))
    results = build.execute(repo_copy, build.default_jobs(repo_copy), progress=False)
    assert statuses(results)["defence_ties"] == "executed"
    assert target.read_bytes() == committed


def _readers(root: Path) -> dict[str, set[str]]:
    readers: dict[str, set[str]] = {}
    for job in build.default_jobs(root):
        for name in nbformat.read(job.out, as_version=4).metadata["usvn"]["data"]:
            readers.setdefault(name, set()).add(job.chapter)
    return readers


def bump_last_imports(root: Path, by: float = 1000.0) -> tuple[float, float]:
    """Raise the last full year's US imports from Vietnam by ``by`` million dollars in the
    newest Census snapshot (December and the annual total), as a new vintage would, and
    re-derive; returns (old, new) imports."""
    from usvn import sources
    from usvn.sources import census, snapshots

    year = int(data.load("us_vn_trade_annual", root)["year"].max())
    snap = snapshots.find(root, f"{census.LATER}/trade_by_country/{year}.json")
    rows = json.loads(snap.path.read_text(encoding="utf-8"))
    row = next(r for r in rows if r["country_code"] == "VNM")
    old = row["imports_year"]
    row["imports"][11] = round(row["imports"][11] + by, 1)
    row["imports_year"] = round(old + by, 1)
    row["balance_year"] = round(row["balance_year"] - by, 1)
    snap.path.write_text(json.dumps(rows), encoding="utf-8")
    origin_file = snap.path.parents[1] / snapshots.ORIGIN
    origin = json.loads(origin_file.read_text(encoding="utf-8"))
    for entry in origin["files"]:
        if entry["path"] == f"trade_by_country/{year}.json":
            entry["sha256"] = snapshots.sha256(snap.path)
    origin_file.write_text(json.dumps(origin), encoding="utf-8")
    sources.derive(root)
    return float(old), float(old) + by


def test_data_change_reexecutes_exactly_the_chapters_that_read_it(repo_copy):
    readers = set().union(*(_readers(repo_copy).get(n, set()) for n in
                            ("us_vn_trade_annual", "us_vn_trade_monthly", "us_trade_by_partner",
                             "trade_crosschecks")))
    before = {c: (repo_copy / "chapters" / f"{c}.ipynb").read_bytes() for c in readers}
    bump_last_imports(repo_copy)
    results = build.execute(repo_copy, build.default_jobs(repo_copy), progress=False)
    assert {c for c, s in statuses(results).items() if s == "executed"} == readers
    assert not [c for c, s in statuses(results).items() if s == "failed"]
    for chapter in readers:  # the new value reached the executed chapter, not a stale one
        after = (repo_copy / "chapters" / f"{chapter}.ipynb").read_bytes()
        assert after != before[chapter]


def test_summary_follows_the_data(repo_copy):
    """Built once, then the data change: the incremental re-render shows the new value on
    the chapter page and on the summary that pastes it, nowhere the old one."""
    build.build(repo_copy, progress=False)
    old, new = bump_last_imports(repo_copy)
    build.build(repo_copy, progress=False)
    for page in ("intro.html", "chapters/trade_framework.html"):
        html = (repo_copy / "_build" / "html" / page).read_text(encoding="utf-8")
        assert str(text.usd_billions(new)) in html and str(text.usd_billions(old)) not in html, page


def test_no_op_build_renders_nothing(repo_copy):
    build.build(repo_copy, progress=False)
    site = repo_copy / "_build" / "html" / "index.html"
    stamp = site.stat().st_mtime_ns
    proc = subprocess.run([sys.executable, "-m", "usvn", "--root", str(repo_copy), "build",
                           "--quiet", "--formats", "html"], capture_output=True, text=True)
    assert proc.returncode == 0 and "unchanged, not rendered" in proc.stdout
    assert site.stat().st_mtime_ns == stamp
    assert "Kernel is running" not in proc.stderr


def test_parameter_change_reexecutes_that_chapter_only(repo_copy):
    target = repo_copy / "chapters" / "trade_framework.ipynb"
    nb = nbformat.read(target, as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    cell.source += "\n# a comment an author added"
    nbformat.write(nb, str(target))
    results = build.execute(repo_copy, build.default_jobs(repo_copy), progress=False)
    assert statuses(results) == {"diplomatic_upgrade": "cached", "trade_framework": "executed",
                                 "defence_ties": "cached", "claims": "cached",
                                 "corrections": "cached", "data_sources": "cached", "about": "cached"}


def test_failing_chapter_is_named_and_the_old_site_stays(repo_copy):
    build.build(repo_copy, progress=False)
    index = repo_copy / "_build" / "html" / "chapters" / "defence_ties.html"
    site_before = index.read_bytes()
    target = repo_copy / "chapters" / "defence_ties.ipynb"
    nb = nbformat.read(target, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("raise RuntimeError('deliberate failure')"))
    nbformat.write(nb, str(target))
    authored = target.read_bytes()
    proc = subprocess.run([sys.executable, "-m", "usvn", "--root", str(repo_copy), "build",
                           "--quiet", "--formats", "html"], capture_output=True, text=True)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "defence_ties" in out and "failed" in out
    assert "Kernel is running" not in out and "KeyboardInterrupt" not in out  # kernels' noise
    assert (repo_copy / "_build" / "logs" / "defence_ties.log").is_file()  # kept for --verbose
    assert f"cell {len(nb.cells) - 1}" in out and "deliberate failure" in out
    kept = repo_copy / "_build" / "failed" / "defence_ties.ipynb"
    assert kept.is_file() and str(kept) in out
    assert index.read_bytes() == site_before
    assert target.read_bytes() == authored  # the chapter file is not overwritten


class _FakePapermill:
    """Stands in for papermill: fails the first ``failures`` calls with ``error``."""

    from papermill import PapermillExecutionError

    def __init__(self, failures, error):
        self.calls, self.failures, self.error = 0, failures, error

    def execute_notebook(self, *args, **kwargs):
        self.calls += 1
        if self.calls <= self.failures:
            raise self.error


def test_kernel_start_failures_are_retried_cell_errors_are_not(monkeypatch, tmp_path):
    monkeypatch.setattr(build.time, "sleep", lambda s: None)
    job = build.Job("x", tmp_path / "x.ipynb", tmp_path / "out.ipynb")
    flaky = _FakePapermill(2, RuntimeError("Kernel didn't respond in 60 seconds"))
    build._papermill(flaky, job, tmp_path / "out.ipynb")
    assert flaky.calls == 3
    dead = _FakePapermill(5, RuntimeError("kernel died"))
    with pytest.raises(RuntimeError):
        build._papermill(dead, job, tmp_path / "out.ipynb")
    assert dead.calls == build.KERNEL_START_ATTEMPTS
    cell = _FakePapermill(5, _FakePapermill.PapermillExecutionError(3, 3, "x", "ValueError", "bad", []))
    with pytest.raises(_FakePapermill.PapermillExecutionError):
        build._papermill(cell, job, tmp_path / "out.ipynb")
    assert cell.calls == 1


def test_bad_data_stops_the_build_before_any_kernel_starts(repo_copy):
    build.build(repo_copy, progress=False)
    site = (repo_copy / "_build" / "html" / "index.html").read_bytes()
    path = repo_copy / "data" / "us_vn_trade_annual.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[5] = lines[5].replace(lines[5].split(",")[1], "-1", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    bump = repo_copy / "chapters" / "trade_framework.ipynb"  # a stale chapter: kernels would start
    nb = nbformat.read(bump, as_version=4)
    nb.cells[0].source += " "
    nbformat.write(nb, str(bump))
    proc = subprocess.run([sys.executable, "-m", "usvn", "--root", str(repo_copy), "build",
                           "--quiet", "--formats", "html"], capture_output=True, text=True)
    assert proc.returncode == 1
    assert "data/us_vn_trade_annual.csv, line 6" in proc.stderr and "nothing was executed" in proc.stderr
    assert "executing chapters" not in proc.stderr
    assert (repo_copy / "_build" / "html" / "index.html").read_bytes() == site


def test_a_changed_snapshot_byte_stops_even_a_build_with_nothing_stale(repo_copy):
    """No chapter is stale in a fresh copy, yet a snapshot that no longer matches its origin
    record is reported and nothing is executed or rendered."""
    path = repo_copy / "data" / "raw" / "census" / "2024-08" / "country.xlsx"
    content = bytearray(path.read_bytes())
    content[len(content) // 2] ^= 0xFF
    path.write_bytes(bytes(content))
    with pytest.raises(build.BuildError, match="country.xlsx"):
        build.execute(repo_copy, build.default_jobs(repo_copy), progress=False)


def test_a_derived_csv_edited_consistently_is_refused(repo_copy):
    """A partner's imports and balance changed together, and the hash in the data package
    rewritten to match: only re-deriving from the snapshots can tell, and the build does."""
    path = repo_copy / "data" / "us_trade_by_partner.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    head = lines[0].split(",")
    imports, balance, code = (head.index(c) for c in ("imports_usd_m", "balance_usd_m", "code"))
    at = next(i for i, ln in enumerate(lines[1:], 1) if ln.split(",")[code] == "THA")
    row = lines[at].split(",")
    row[imports] = f"{float(row[imports]) + 500:.1f}"
    row[balance] = f"{float(row[balance]) - 500:.1f}"
    lines[at] = ",".join(row)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    package = data.read_package(repo_copy)
    for res in package["resources"]:
        if res["name"] == "us_trade_by_partner":
            res["hash"] = f"sha256:{data.sha256_file(path)}"
            res["bytes"] = path.stat().st_size
    data.write_package(package, repo_copy)
    assert data.validate(repo_copy, derived=False) == []  # the hash alone cannot tell
    with pytest.raises(build.BuildError, match="derived-edited"):
        build.execute(repo_copy, build.default_jobs(repo_copy), progress=False)


def test_validation_with_derive_is_remembered_until_an_input_changes(repo_copy):
    build.execute(repo_copy, build.default_jobs(repo_copy), progress=False)
    stamp = repo_copy / "_build" / build.VALIDATED
    assert stamp.read_text() == build.validation_digest(repo_copy)
    (repo_copy / "data" / "raw" / "census" / "2024-08" / "origin.json").touch()
    assert stamp.read_text() == build.validation_digest(repo_copy)  # content, not times
    path = repo_copy / "data" / "vn_opinion.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert stamp.read_text() != build.validation_digest(repo_copy)
