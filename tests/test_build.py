"""The build on temporary copies of the repository: caching, determinism, failure."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from usvn import book as build
from usvn import data, registry, sources
from usvn.book import execution
from usvn.facts import kinds as text

pytestmark = pytest.mark.build


def statuses(results):
    return {r.chapter: r.status for r in results}


def tracked_bytes(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and "_build" not in p.parts and "_static/vega" not in p.as_posix()
    }


def executed_page(root: Path, chapter: str) -> Path:
    return root / build.EXECUTED / "chapters" / f"{chapter}.ipynb"


def add_to_code_cell(root: Path, chapter: str, line: str, tag: str = "parameters") -> None:
    """Append ``line`` to the chapter's code cell tagged ``tag`` (an author's code edit)."""
    path = root / "chapters" / f"{chapter}.md"
    text = path.read_text(encoding="utf-8")
    start = text.index(f":tags: [{tag}")
    end = text.index("\n```\n", start)
    path.write_text(text[:end] + "\n" + line + text[end:], encoding="utf-8")


def test_executed_copy_builds_every_page_and_executes_nothing(built_copy):
    repo_copy = built_copy
    before = tracked_bytes(repo_copy)
    results = build.build(repo_copy, progress=False)
    # The executed pages are the default execution of the current inputs.
    assert statuses(results) == {c: "cached" for c in registry.names()}
    html = repo_copy / "_build" / "html"
    for page in ["intro.html", *(f"chapters/{c}.html" for c in registry.names())]:
        assert (html / page).is_file(), page
    assert tracked_bytes(repo_copy) == before  # git status stays clean


def test_reexecution_is_byte_identical(built_copy):
    repo_copy = built_copy
    target = executed_page(repo_copy, "defence_ties")
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


def test_data_change_reexecutes_exactly_the_chapters_that_read_it(built_copy):
    repo_copy = built_copy
    readers = set().union(
        *(
            _readers(repo_copy).get(n, set())
            for n in ("us_vn_trade_annual", "us_vn_trade_monthly", "us_trade_by_partner", "trade_crosschecks")
        )
    )
    before = {c: executed_page(repo_copy, c).read_bytes() for c in readers}
    bump_last_imports(repo_copy)
    results = build.execute(repo_copy, build.default_jobs(repo_copy), progress=False)
    assert {c for c, s in statuses(results).items() if s == "executed"} == readers
    assert not [c for c, s in statuses(results).items() if s == "failed"]
    for chapter in readers:  # the new value reached the executed chapter, not a stale one
        after = executed_page(repo_copy, chapter).read_bytes()
        assert after != before[chapter]


def test_summary_follows_the_data(built_copy):
    """Built once, then the data change: the incremental re-render shows the new value on
    the chapter page and on the summary that pastes it, nowhere the old one."""
    repo_copy = built_copy
    build.build(repo_copy, progress=False)
    old, new = bump_last_imports(repo_copy)
    build.build(repo_copy, progress=False)
    for page in ("intro.html", "chapters/trade_framework.html"):
        html = (repo_copy / "_build" / "html" / page).read_text(encoding="utf-8")
        assert str(text.usd_billions(new)) in html and str(text.usd_billions(old)) not in html, page


def test_no_op_build_renders_nothing(built_copy):
    repo_copy = built_copy
    build.build(repo_copy, progress=False)
    site = repo_copy / "_build" / "html" / "index.html"
    stamp = site.stat().st_mtime_ns
    proc = subprocess.run(
        [sys.executable, "-m", "usvn", "--root", str(repo_copy), "build", "--quiet", "--formats", "html"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0 and "unchanged, not rendered" in proc.stdout
    assert site.stat().st_mtime_ns == stamp
    assert "Kernel is running" not in proc.stderr


def test_parameter_change_reexecutes_that_chapter_only(built_copy):
    repo_copy = built_copy
    add_to_code_cell(repo_copy, "trade_framework", "# a comment an author added")
    results = build.execute(repo_copy, build.default_jobs(repo_copy), progress=False)
    assert statuses(results) == {
        "diplomatic_upgrade": "cached",
        "trade_framework": "executed",
        "defence_ties": "cached",
        "claims": "cached",
        "corrections": "cached",
        "data_sources": "cached",
        "about": "cached",
    }


def test_failing_chapter_is_named_and_the_old_site_stays(built_copy):
    repo_copy = built_copy
    build.build(repo_copy, progress=False)
    index = repo_copy / "_build" / "html" / "chapters" / "defence_ties.html"
    site_before = index.read_bytes()
    target = repo_copy / "chapters" / "defence_ties.md"
    target.write_text(
        target.read_text(encoding="utf-8")
        + "\n```{code-cell}\nraise RuntimeError('deliberate failure')\n```\n",
        encoding="utf-8",
    )
    nb = build.read_source(target)
    authored = target.read_bytes()
    proc = subprocess.run(
        [sys.executable, "-m", "usvn", "--root", str(repo_copy), "build", "--quiet", "--formats", "html"],
        capture_output=True,
        text=True,
    )
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
    monkeypatch.setattr(execution.time, "sleep", lambda s: None)
    job = build.Job("x", tmp_path / "x.ipynb", tmp_path / "out.ipynb")
    flaky = _FakePapermill(2, RuntimeError("Kernel didn't respond in 60 seconds"))
    execution._papermill(flaky, job, tmp_path / "x.ipynb", tmp_path / "out.ipynb")
    assert flaky.calls == 3
    dead = _FakePapermill(5, RuntimeError("kernel died"))
    with pytest.raises(RuntimeError):
        execution._papermill(dead, job, tmp_path / "x.ipynb", tmp_path / "out.ipynb")
    assert dead.calls == execution.KERNEL_START_ATTEMPTS
    cell = _FakePapermill(5, _FakePapermill.PapermillExecutionError(3, 3, "x", "ValueError", "bad", []))
    with pytest.raises(_FakePapermill.PapermillExecutionError):
        execution._papermill(cell, job, tmp_path / "x.ipynb", tmp_path / "out.ipynb")
    assert cell.calls == 1


def test_bad_data_stops_the_build_before_any_kernel_starts(built_copy):
    repo_copy = built_copy
    build.build(repo_copy, progress=False)
    site = (repo_copy / "_build" / "html" / "index.html").read_bytes()
    path = repo_copy / "data" / "us_vn_trade_annual.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[5] = lines[5].replace(lines[5].split(",")[1], "-1", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    add_to_code_cell(repo_copy, "trade_framework", "# stale")  # a stale chapter: kernels would start
    proc = subprocess.run(
        [sys.executable, "-m", "usvn", "--root", str(repo_copy), "build", "--quiet", "--formats", "html"],
        capture_output=True,
        text=True,
    )
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
    assert sources.validate(repo_copy, derived=False) == []  # the hash alone cannot tell
    with pytest.raises(build.BuildError, match="derived-edited"):
        build.execute(repo_copy, build.default_jobs(repo_copy), progress=False)


def test_validation_with_derive_is_remembered_until_an_input_changes(repo_copy):
    build.execute(repo_copy, build.default_jobs(repo_copy), progress=False)
    stamp = repo_copy / "_build" / execution.VALIDATED
    assert stamp.read_text() == execution.validation_digest(repo_copy)
    (repo_copy / "data" / "raw" / "census" / "2024-08" / "origin.json").touch()
    assert stamp.read_text() == execution.validation_digest(repo_copy)  # content, not times
    path = repo_copy / "data" / "vn_opinion.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert stamp.read_text() != execution.validation_digest(repo_copy)


def test_prose_edit_reaches_the_page_without_a_kernel(built_copy):
    """A sentence changed in the Markdown: no chapter executes, the executed notebook takes
    the new text with its old outputs, and the page shows it."""
    repo_copy = built_copy
    build.build(repo_copy, progress=False)
    path = repo_copy / "chapters" / "trade_framework.md"
    text = path.read_text(encoding="utf-8")
    old = "Goods trade is the heaviest strand of the relationship."
    assert old in text
    path.write_text(text.replace(old, "Goods trade is the heaviest strand of the ties."), encoding="utf-8")
    results = build.build(repo_copy, progress=False)
    assert statuses(results)["trade_framework"] == "spliced"
    assert {s for c, s in statuses(results).items() if c != "trade_framework"} == {"cached"}
    html = (repo_copy / "_build" / "html" / "chapters" / "trade_framework.html").read_text(encoding="utf-8")
    assert "heaviest strand of the ties." in html and old not in html
    assert "fig_tr_flows" in html or "vega" in html  # the outputs came along


def test_a_changed_module_reexecutes_the_chapters_that_loaded_it(built_copy):
    """Each executed page records the digests of the package modules its kernel loaded; a
    page whose recorded module differs runs again, a page that never loaded it does not."""
    repo_copy = built_copy
    module = "usvn.chapters.defence_ties.figures"
    loaded = {
        c
        for c in registry.names()
        if module in nbformat.read(executed_page(repo_copy, c), as_version=4).metadata["usvn"]["modules"]
    }
    assert "defence_ties" in loaded and "trade_framework" not in loaded
    target = executed_page(repo_copy, "defence_ties")
    nb = nbformat.read(target, as_version=4)
    nb.metadata["usvn"]["modules"][module] = "an older version"
    nbformat.write(nb, str(target))
    results = build.execute(repo_copy, build.default_jobs(repo_copy), progress=False)
    assert {c for c, s in statuses(results).items() if s == "executed"} == {"defence_ties"}


def test_a_registry_edit_reexecutes_that_chapter(built_copy):
    """What a chapter prints of its registry entry (the re-run box: parameters, meanings,
    bounds) is part of its key: an edit of one entry re-executes that chapter (and the
    appendix that prints every chapter's parameters), no other."""
    path = built_copy / "chapters" / "chapters.toml"
    text = path.read_text(encoding="utf-8")
    old = 'meaning = "years per aggregation period"'
    assert old in text
    path.write_text(text.replace(old, 'meaning = "years in each aggregation period"'), encoding="utf-8")
    results = build.execute(built_copy, build.default_jobs(built_copy), progress=False)
    # that chapter, and the parameters appendix, which prints every chapter's entry
    executed = {c for c, s in statuses(results).items() if s == "executed"}
    assert executed == {"defence_ties", *execution.WHOLE_REGISTRY}
    assert "years in each aggregation period" in executed_page(built_copy, "about").read_text(
        encoding="utf-8"
    )
    assert "years in each aggregation period" in executed_page(built_copy, "defence_ties").read_text(
        encoding="utf-8"
    )


def test_a_bibliography_edit_reaches_every_page_that_cites_it(built_copy):
    """references.bib is read by every page: an edited title shows on the page citing it
    although no chapter's text changed (the environment is read afresh)."""
    repo_copy = built_copy
    build.build(repo_copy, progress=False)
    bib = repo_copy / "references.bib"
    old = "US Places Azerbaijan on Religious Freedom Watchlist"
    assert old in bib.read_text(encoding="utf-8")
    bib.write_text(
        bib.read_text(encoding="utf-8").replace(old, "US Lists Azerbaijan for Religious Freedom"),
        encoding="utf-8",
    )
    results = build.build(repo_copy, progress=False)
    assert set(statuses(results).values()) <= {"cached", "spliced"}  # no kernel for a citation
    html = (repo_copy / "_build" / "html" / "chapters" / "diplomatic_upgrade.html").read_text(
        encoding="utf-8"
    )
    assert "US Lists Azerbaijan for Religious Freedom" in html and old not in html
