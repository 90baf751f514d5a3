"""Side-by-side timings on the same chapters, each on its own copy of the repository:

1. our clean build: every chapter stale, papermill in parallel, then jupyter-book render;
2. plain ``jupyter-book build`` with ``execute_notebooks: force`` (serial, in-process);
3. our no-op rebuild: nothing changed since (1), the ``usvn build`` command as a user runs it;
4. a 1,000-combination sweep of the trade chapter, computed in process (no kernel);
5. sweep parity: a few grid points computed in process and by executing the notebook.

Prints the figures, then one line each: ``ratio clean/force: R`` (R = (1) / (2)),
``no-op build: S s``, ``prose edit to website: S s`` and ``prose edit to pdf: S s`` (one
sentence of a chapter changed, then ``usvn build --formats html`` / ``pdf``), ``test-fast:
S s``, ``sweep 1000: S s``, ``sweep 10000: S s``, ``sweep on dask: ok`` (the 10,000 runs on
a local Dask scheduler, equal to the local run) and ``sweep parity: ok`` (or what differs).
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
from usvn import book as build  # noqa: E402
from usvn.book import variants  # noqa: E402

SWEEP = {
    "tariff_rate": [i / 100 for i in range(0, 80, 2)],  # 40 values
    "elasticity": [round(0.4 + i * 0.2, 1) for i in range(25)],
}  # x 25 = 1,000 runs
PARITY = {"tariff_rate": [0.1, 0.46], "elasticity": [1.4, 3.7]}
SWEEP_10K = {
    "tariff_rate": [i / 100 for i in range(100)],
    "elasticity": [round(0.1 + i * 0.1, 1) for i in range(100)],
}  # 100 x 100 = 10,000 runs


def make_stale(root: Path) -> None:
    for job in build.default_jobs(root):
        if not job.out.is_file():
            continue
        nb = nbformat.read(job.out, as_version=4)
        nb.metadata.pop("usvn", None)
        nbformat.write(nb, str(job.out))


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def jupyter_book_force(root: Path) -> None:
    config = root / "_config.yml"
    config.write_text(re.sub(r'execute_notebooks: "off"', 'execute_notebooks: "force"', config.read_text()))
    build.write_vega_bundle(root)
    jb = Path(sys.executable).with_name("jupyter-book")
    subprocess.run([str(jb), "build", str(root), "--builder", "html", "-q"], check=True, capture_output=True)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="usvn-bench-") as tmp:
        ours = copy_repo(Path(tmp) / "ours")
        plain = copy_repo(Path(tmp) / "plain")
        build.write_vega_bundle(ours)  # the bundle is generated once per checkout in both
        make_stale(ours)
        t_clean, first = timed(lambda: build.build(ours, progress=False))
        t_force, _ = timed(lambda: jupyter_book_force(plain))
        usvn = [
            str(Path(sys.executable).with_name("usvn")),
            "--root",
            str(ours),
            "build",
            "--formats",
            "html",
            "--quiet",
        ]
        t_noop, noop = timed(lambda: subprocess.run(usvn, capture_output=True, text=True))
        t_prose_html = prose_edit(ours, usvn, "one")
        t_prose_pdf = None
        if not build.missing_latex_tools():
            pdf = usvn[:-3] + ["--formats", "pdf", "--quiet"]
            subprocess.run(pdf, capture_output=True, text=True, check=True)  # the PDF as it is
            t_prose_pdf = prose_edit(ours, pdf, "two")
        t_fast, _ = timed(lambda: subprocess.run(["make", "-C", str(HERE), "test-fast"], capture_output=True))
        t_sweep, (frame, _) = timed(
            lambda: variants.sweep(ours, "trade_framework", SWEEP, Path(tmp) / "sweep", progress=False)
        )
        t_10k, (frame_10k, _) = timed(
            lambda: variants.sweep(ours, "trade_framework", SWEEP_10K, Path(tmp) / "sweep10k", progress=False)
        )
        on_dask = dask_parity(ours, Path(tmp), frame_10k)
        parity = sweep_parity(ours, Path(tmp))
        draws = chart_draw_times(ours / "_build" / "html")
    executed = [r.chapter for r in first if r.status == "executed"]
    print()
    print(f"(1) usvn clean build:               {t_clean:7.1f} s  ({len(executed)} executed)")
    print(f"(2) jupyter-book build, force exec: {t_force:7.1f} s")
    print(f"(3) usvn no-op rebuild (command):   {t_noop:7.1f} s  ({noop.stdout.count('executed')} executed)")
    print(
        f"(4) sweep of {len(frame)} trade runs:      {t_sweep:7.1f} s  "
        f"({(frame['status'] == 'computed').sum()} computed)"
    )
    print(f"ratio clean/force: {t_clean / t_force:.2f}")
    print(f"no-op build: {t_noop:.1f} s")
    print(f"prose edit to website: {t_prose_html:.1f} s")
    print(
        f"prose edit to pdf: {t_prose_pdf:.1f} s"
        if t_prose_pdf is not None
        else "prose edit to pdf: no LaTeX"
    )
    print(f"test-fast: {t_fast:.1f} s")
    print(f"sweep 1000: {t_sweep:.1f} s")
    print(f"sweep {len(frame_10k)}: {t_10k:.1f} s")
    print(f"sweep on dask: {on_dask}")
    print(f"sweep parity: {parity}")
    for page, seconds in draws.items():
        print(f"charts drawn {page}: {seconds:.2f} s")
    return 0


def prose_edit(root: Path, command: list[str], word: str) -> float:
    """Seconds for ``command`` (a build) after one sentence of the trade chapter changed."""
    path = root / "chapters" / "trade_framework.md"
    text = path.read_text(encoding="utf-8")
    old = "Goods trade is the heaviest strand of the relationship."
    path.write_text(
        text.replace(old, f"Goods trade is the heaviest strand of the relationship, {word}."),
        encoding="utf-8",
    )
    seconds, proc = timed(lambda: subprocess.run(command, capture_output=True, text=True))
    assert proc.returncode == 0 and "spliced" in proc.stdout, proc.stdout + proc.stderr
    path.write_text(text, encoding="utf-8")
    return seconds


def chart_draw_times(site: Path) -> dict[str, float]:
    """Seconds from navigation start until every chart of a chapter page is drawn, in
    headless Chromium (Debian's), served from localhost."""
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *a, **k: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    out = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            for chapter in ("diplomatic_upgrade", "trade_framework", "defence_ties"):
                page = f"chapters/{chapter}.html"
                expected = (site / page).read_text(encoding="utf-8").count('class="usvn-chart"')
                tab = browser.new_page(viewport={"width": 1280, "height": 900})
                tab.goto(f"http://127.0.0.1:{httpd.server_address[1]}/{page}")
                tab.wait_for_function(
                    "n => document.querySelectorAll('[data-drawn]').length >= n", arg=expected, timeout=30_000
                )
                out[page] = tab.evaluate("performance.now()") / 1000
                tab.close()
            browser.close()
    finally:
        httpd.shutdown()
    return out


def sweep_parity(root: Path, tmp: Path) -> str:
    """The same small grid computed in process and by executing the notebook."""
    fast, _ = variants.sweep(root, "trade_framework", PARITY, tmp / "fast", progress=False)
    slow, _ = variants.sweep(root, "trade_framework", PARITY, tmp / "slow", progress=False, execute=True)
    keys = [*PARITY, "tr_sc_after_usd_m"]  # the swept values and the key result, in both
    differ = [c for c in keys if fast[c].astype(str).tolist() != slow[c].astype(str).tolist()]
    return "ok" if not differ else "differs in " + ", ".join(differ)


def dask_parity(root: Path, tmp: Path, local) -> str:
    """The 10,000-run grid on a Dask scheduler with two local worker processes."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        remote, _ = variants.sweep(
            root,
            "trade_framework",
            SWEEP_10K,
            tmp / "sweep10k-dask",
            progress=False,
            scheduler=cluster.scheduler_address,
        )
    return "ok" if remote.equals(local) else "differs from the local run"


if __name__ == "__main__":
    sys.exit(main())
