"""Shared fixtures: the repository root and throw-away copies of it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def copy_repo(dest: Path) -> Path:
    """Copy what git would check out (tracked plus untracked-but-not-ignored files)."""
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split("\0")
    for rel in filter(None, files):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    return dest


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    return copy_repo(tmp_path / "book")


@pytest.fixture
def root() -> Path:
    return ROOT


def _executed_book() -> Path:
    """The book's pages executed into ``_build/executed`` (as ``usvn build`` does; cached:
    only stale pages run).  A lock keeps parallel test workers from executing twice."""
    import fcntl

    from usvn import book

    lock = ROOT / "_build" / ".tests-execute.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        results = book.execute(ROOT, book.default_jobs(ROOT), progress=False)
        failed = [r for r in results if r.status == "failed"]
        assert not failed, [(r.chapter, r.error) for r in failed]
    return ROOT / book.EXECUTED


@pytest.fixture(scope="session")
def executed() -> Path:
    """The render root with every page executed (``_build/executed``)."""
    return _executed_book()


@pytest.fixture
def built_copy(tmp_path: Path, executed: Path) -> Path:
    """A copy of the repository with the book's executed pages (so nothing stale runs)."""
    dest = copy_repo(tmp_path / "book")
    shutil.copytree(executed, dest / "_build" / "executed")
    return dest


KERNEL_FIXTURES = {"executed", "built_copy"}


def pytest_collection_modifyitems(config, items):
    """Tests that need executed chapters (kernels) are slow: marked ``build``, so that
    ``make test-fast`` leaves them out and ``make test`` runs them."""
    for item in items:
        if KERNEL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.build)


def loader_with(resource: str, change):
    """A loader that gives ``change(copy of the resource)`` for ``resource`` and the real
    tables for every other: a chapter section run on one edited table."""
    from usvn import data

    def load(name):
        frame = data.load(name)
        return change(frame.copy()) if name == resource else frame

    return load
