"""`usvn run`: one chapter with other parameters, into its own folder."""
import subprocess
import sys

import nbformat


def usvn(root, *args):
    return subprocess.run([sys.executable, "-m", "usvn", "--root", str(root), *args],
                          capture_output=True, text=True)


def glued(nb, name):
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("metadata", {}).get("scrapbook", {}).get("name") == name:
                prefix = out["metadata"]["scrapbook"]["mime_prefix"]
                return out["data"][prefix + "text/plain"].strip("'")
    raise KeyError(name)


def test_run_executes_with_new_parameters_outside_chapters(repo_copy, tmp_path):
    tmp_path = tmp_path / "runs"
    authored = (repo_copy / "chapters" / "defence_ties.ipynb").read_bytes()
    proc = usvn(repo_copy, "run", "defence_ties", "-p", "start_year", "2010", "-p", "window",
                "3", "--out", str(tmp_path), "--quiet")
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "defence_ties-start_year-2010-window-3.ipynb"
    assert str(out) in proc.stdout
    nb = nbformat.read(out, as_version=4)
    assert glued(nb, "def_start") == "2010"  # the text reads the new parameter
    assert (repo_copy / "chapters" / "defence_ties.ipynb").read_bytes() == authored


def test_run_rejects_bad_parameters_before_executing(repo_copy, tmp_path):
    tmp_path = tmp_path / "runs"
    tmp_path.mkdir()
    proc = usvn(repo_copy, "run", "trade_framework", "-p", "start_year", "1990",
                "--out", str(tmp_path))
    assert proc.returncode == 2
    assert "parameter 'start_year' = 1990 is below the minimum 1995" in proc.stderr
    assert not list(tmp_path.iterdir())
    proc = usvn(repo_copy, "run", "trade_framework", "-p", "tariff", "0.4")
    assert proc.returncode == 2 and "unknown parameter(s) tariff" in proc.stderr


def test_run_failure_names_the_cell_and_exits_non_zero(repo_copy, tmp_path):
    proc = usvn(repo_copy, "run", "trade_framework", "-p", "start_year", "2015",
                "-p", "end_year", "2017", "--out", str(tmp_path), "--quiet")
    assert proc.returncode == 1
    assert "failed" in proc.stdout and "ValueError" in proc.stdout
    assert "no sourced value of 'imports_usd_m'" in proc.stdout
