"""Interrupts and overlapping builds: SIGTERM and Ctrl-C stop workers and kernels and
leave the previous site; a second build of the same book waits for the first."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import psutil
import pytest

from usvn import book as build
from usvn.book import guard


def files_under(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


def test_a_second_lock_holder_waits_and_says_who_holds_it(tmp_path):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from usvn.book import guard\n"
            "with guard.lock(Path(sys.argv[1])):\n"
            "    print('held', flush=True); time.sleep(1.5)\n"
            "    (Path(sys.argv[1]) / 'done').write_text('')\n",
            str(tmp_path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    said = io.StringIO()
    with guard.lock(tmp_path, stream=said):
        assert (tmp_path / "done").exists()  # the first holder had finished before we got it
    holder.wait()
    assert f"another build of this book is running (pid {holder.pid}" in said.getvalue()
    assert "waiting" in said.getvalue()


def test_staging_left_by_a_killed_build_is_removed(tmp_path):
    (tmp_path / ".staging-html-abc").mkdir()
    (tmp_path / ".staging-html-abc" / "index.html").write_text("half")
    (tmp_path / "html").mkdir()
    (tmp_path / ".work-html").mkdir()  # the incremental Sphinx tree of the website: kept
    removed = guard.clean_staging(tmp_path)
    assert [p.name for p in removed] == [".staging-html-abc"]
    assert (tmp_path / "html").is_dir() and (tmp_path / ".work-html").is_dir()


@pytest.mark.build
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_during_execution_stops_workers_and_kernels_and_keeps_the_site(repo_copy, sig):
    site = repo_copy / "_build" / "html"
    site.mkdir(parents=True)
    (site / "index.html").write_text("the previous site")
    for job in build.default_jobs(repo_copy):  # every chapter stale: kernels will start
        job.out.unlink(missing_ok=True)
    proc = subprocess.Popen(
        [sys.executable, "-m", "usvn", "--root", str(repo_copy), "build", "--formats", "html"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + 120
    kernels: list[psutil.Process] = []
    while time.monotonic() < deadline and not kernels:  # wait until kernels run
        kernels = [p for p in parent.children(recursive=True) if "ipykernel" in " ".join(p.cmdline())]
        time.sleep(0.2)
    assert kernels, "no kernel started"
    family = parent.children(recursive=True)
    os.kill(proc.pid, sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert "Traceback" not in err
    gone, alive = psutil.wait_procs(family, timeout=10)
    assert not alive, f"still running after the command exited: {[p.pid for p in alive]}"
    executed = repo_copy / build.EXECUTED
    before = files_under(executed) if executed.exists() else {}
    time.sleep(2)
    assert (files_under(executed) if executed.exists() else {}) == before  # nothing written after exit
    assert (site / "index.html").read_text() == "the previous site"
    assert not list((repo_copy / "_build").glob(".staging-*"))
    for path in executed.rglob("*.ipynb") if executed.exists() else []:
        nbformat.read(path, as_version=4)  # no half-written notebook


def test_clean_removes_research_outputs_and_keeps_the_site(repo_copy):
    build_dir = repo_copy / "_build"
    for rel in ("runs/trade_framework/x/html/index.html", "sweeps/t/sweep.csv", "html/index.html"):
        (build_dir / rel).parent.mkdir(parents=True, exist_ok=True)
        (build_dir / rel).write_text("x")
    (build_dir / ".staging-html-1").mkdir()
    proc = subprocess.run(
        [sys.executable, "-m", "usvn", "--root", str(repo_copy), "clean"], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert not (build_dir / "runs").exists() and not (build_dir / "sweeps").exists()
    assert not (build_dir / ".staging-html-1").exists() and (build_dir / "html" / "index.html").is_file()
    assert "made by usvn run" in proc.stdout
