"""Sweeps that scale: the fast path agrees with the chapter, folders are named by their
grid and never overwritten, results are tidy numbers, the chart is drawn from aggregated
data at any size, and a Dask cluster gives the local results."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from usvn import data, facts, params
from usvn.book import sweeps, variants
from usvn.chapters import trade_framework

RATES = [i / 100 for i in range(100)]
ELASTICITIES = [round(0.1 + i * 0.1, 1) for i in range(100)]  # 100 x 100 = 10,000 runs


def test_the_fast_path_gives_what_the_chapter_computes_point_by_point(root):
    load = facts.cached(data.load)
    points = pd.DataFrame(
        [
            {"tariff_rate": 0.46, "elasticity": 3.7, "exempt_share": 0.0},
            {"tariff_rate": 0.1, "elasticity": 1.4, "exempt_share": 0.0},
            {"tariff_rate": 0.2, "elasticity": 2.0, "exempt_share": 0.3},
        ]
    )
    fast = trade_framework.sweep_fast(points, load)
    for i, point in points.iterrows():
        full = facts.compute("trade_framework", load, **point.to_dict())
        assert fast.loc[i, "tr_sc_after_usd_m"] == pytest.approx(full["tr_sc_after_usd_m"].value, abs=0.05)


def test_a_sweep_of_ten_thousand_runs_is_tidy_and_charted(root, tmp_path):
    frame, results = variants.sweep(
        root,
        "trade_framework",
        {"tariff_rate": RATES, "elasticity": ELASTICITIES},
        tmp_path / "s",
        progress=False,
    )
    assert len(frame) == 10_000 and len(results) == 10_000
    assert list(frame.columns[:3]) == ["tariff_rate", "elasticity", "status"]
    assert all(pd.api.types.is_numeric_dtype(frame[c]) for c in frame.columns if c.startswith("tr_"))
    assert not [c for c in frame.columns[3:] if frame[c].nunique() == 1]  # only results that vary
    chart = variants.sweep_chart(frame, "trade_framework", ["tariff_rate", "elasticity"])
    spec = chart.to_dict()  # Altair refuses more than 5,000 rows: the chart data are aggregated
    rows = sum(len(v) for v in spec.get("datasets", {}).values())
    assert 0 < rows <= 2 * len(RATES)


def test_a_folder_of_another_grid_is_not_overwritten(root, tmp_path):
    out = tmp_path / "s"
    variants.sweep(root, "trade_framework", {"tariff_rate": [0.1, 0.2]}, out, progress=False)
    before = (out / "sweep.csv").read_bytes()
    with pytest.raises(params.ParameterError, match="holds the results of another grid"):
        variants.sweep(root, "trade_framework", {"tariff_rate": [0.3]}, out, progress=False)
    assert (out / "sweep.csv").read_bytes() == before
    variants.sweep(
        root, "trade_framework", {"tariff_rate": [0.1, 0.2]}, out, progress=False
    )  # same grid: fine


def test_folder_names_differ_for_grids_that_share_their_ends():
    a = sweeps.folder_name("trade_framework", {"tariff_rate": [0.0, 0.5, 0.99]})
    b = sweeps.folder_name("trade_framework", {"tariff_rate": [0.0, 0.6, 0.99]})
    assert a != b and a.startswith("tariff_rate-0.0-0.99-") and len(a) < 120


def test_a_dask_cluster_gives_the_local_results(root, tmp_path):
    """A scheduler and two workers started here; the fast path and the point-by-point
    path each give the local run's rows."""
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster):
            for name, grid in (
                ("fast", {"tariff_rate": RATES[:30], "elasticity": ELASTICITIES[:40]}),
                ("chapter", {"scenario_year": [2023, 2024]}),
            ):
                local, _ = variants.sweep(
                    root, "trade_framework", grid, tmp_path / f"{name}-local", progress=False
                )
                remote, _ = variants.sweep(
                    root,
                    "trade_framework",
                    grid,
                    tmp_path / f"{name}-dask",
                    progress=False,
                    scheduler=cluster.scheduler_address,
                )
                pd.testing.assert_frame_equal(local, remote)


def test_the_cli_sweeps_on_a_scheduler_address(root, tmp_path):
    from distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "usvn",
                "--root",
                str(root),
                "sweep",
                "trade_framework",
                "-p",
                "tariff_rate",
                "0.1,0.2",
                "--scheduler",
                cluster.scheduler_address,
                "--out",
                str(tmp_path / "s"),
                "--quiet",
            ],
            capture_output=True,
            text=True,
        )
    assert proc.returncode == 0, proc.stderr
    assert len(pd.read_csv(Path(tmp_path / "s" / "sweep.csv"))) == 2
