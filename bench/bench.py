"""Side-by-side timings on the same chapters, each on its own copy of the repository:

1. our clean build: every chapter stale, papermill in parallel, then jupyter-book render;
2. plain ``jupyter-book build`` with ``execute_notebooks: force`` (serial, in-process);
3. our no-op rebuild: nothing changed since (1).

Prints the figures and ends with ``ratio clean/force: R`` where R = (1) / (2).
"""
from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE / "tests"))
from conftest import copy_repo  # noqa: E402

from usvn import build  # noqa: E402


def make_stale(root: Path) -> None:
    for job in build.default_jobs(root):
        nb = nbformat.read(job.out, as_version=4)
        nb.metadata.pop("usvn", None)
        nbformat.write(nb, str(job.out))


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def jupyter_book_force(root: Path) -> None:
    config = root / "_config.yml"
    config.write_text(re.sub(r'execute_notebooks: "off"', 'execute_notebooks: "force"',
                             config.read_text()))
    build.write_vega_bundle(root)
    jb = Path(sys.executable).with_name("jupyter-book")
    subprocess.run([str(jb), "build", str(root), "--builder", "html", "-q"], check=True,
                   capture_output=True)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="usvn-bench-") as tmp:
        ours = copy_repo(Path(tmp) / "ours")
        plain = copy_repo(Path(tmp) / "plain")
        build.write_vega_bundle(ours)  # the bundle is generated once per checkout in both
        make_stale(ours)
        t_clean, first = timed(lambda: build.build(ours, progress=False))
        t_force, _ = timed(lambda: jupyter_book_force(plain))
        t_noop, second = timed(lambda: build.build(ours, progress=False))
    executed = [r.chapter for r in first if r.status == "executed"]
    noop_executed = [r.chapter for r in second if r.status == "executed"]
    print()
    print(f"(1) usvn clean build:               {t_clean:7.1f} s  ({len(executed)} executed)")
    print(f"(2) jupyter-book build, force exec: {t_force:7.1f} s")
    print(f"(3) usvn no-op rebuild:             {t_noop:7.1f} s  ({len(noop_executed)} executed)")
    print(f"ratio clean/force: {t_clean / t_force:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
