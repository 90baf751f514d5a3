"""Safe interrupts and one build at a time.

* :func:`lock`: an exclusive lock on the output folder (``_build/.lock``, ``fcntl.flock``),
  so that a second build on the same book waits for the first, says so, and then finds
  everything current instead of executing every chapter again.  The lock dies with its
  process, so a killed build never leaves a stale lock behind.
* :func:`stop_pool`: on Ctrl-C or SIGTERM, the chapter workers and the kernels they
  started are killed before the command exits, so that nothing writes to the book after
  the command has returned.
* :func:`clean_staging`: staging folders left by a build that was killed with SIGKILL
  (which no handler can catch) are removed at the start of the next one.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

LOCK = ".lock"
STAGING = (".staging-*",)  # not .work-html: the website's incremental Sphinx tree, kept on purpose


@contextlib.contextmanager
def lock(folder: Path, stream=sys.stderr) -> Iterator[None]:
    """Hold ``folder/.lock`` for the duration; wait (saying so) while another holds it."""
    import fcntl

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOCK
    with open(path, "a+", encoding="utf-8") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            print(
                f"usvn: another build of this book is running ({holder}, lock {path}); "
                "waiting for it to finish…",
                file=stream,
                flush=True,
            )
            fcntl.flock(fh, fcntl.LOCK_EX)
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}")
        fh.flush()
        try:
            yield
        finally:
            fh.seek(0)
            fh.truncate()
            fcntl.flock(fh, fcntl.LOCK_UN)


def clean_staging(folder: Path) -> list[Path]:
    """Remove staging folders a killed build left in ``folder``; returns what was removed.
    Called with the lock held, so no running build owns them."""
    removed = []
    for pattern in STAGING:
        for leftover in folder.glob(pattern):
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
                removed.append(leftover)
    return removed


def stop_pool(pool) -> None:
    """Kill a ProcessPoolExecutor's workers and every process they started (the Jupyter
    kernels), then shut the pool down without waiting for its queue."""
    import psutil

    workers = list(getattr(pool, "_processes", {}).values())
    for worker in workers:
        try:
            proc = psutil.Process(worker.pid)
            family = proc.children(recursive=True) + [proc]
        except psutil.Error:
            continue
        for member in family:
            with contextlib.suppress(psutil.Error):
                member.kill()
        psutil.wait_procs(family, timeout=5)
    pool.shutdown(wait=False, cancel_futures=True)
