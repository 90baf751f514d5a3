"""Re-execution for researchers: `usvn run`, variant books and sweeps, on copies."""

import re
import subprocess
import sys

import pandas as pd
import pytest

from usvn import book as build
from usvn import params
from usvn.book import variants


def usvn(root, *args):
    return subprocess.run(
        [sys.executable, "-m", "usvn", "--root", str(root), *args], capture_output=True, text=True
    )


def tree_bytes(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_run_higher_tariff_lowers_modelled_imports(built_copy, tmp_path):
    repo_copy = built_copy
    default = float(
        variants.glued(repo_copy / build.EXECUTED / "chapters" / "trade_framework.ipynb")["tr_sc_after_usd_m"]
    )
    authored = tree_bytes(repo_copy / "chapters")
    proc = usvn(
        repo_copy,
        "run",
        "trade_framework",
        "-p",
        "tariff_rate",
        "0.46",
        "--out",
        str(tmp_path / "run"),
        "--quiet",
    )
    assert proc.returncode == 0, proc.stderr
    notebook = tmp_path / "run" / "book" / "chapters" / "trade_framework.ipynb"
    page = tmp_path / "run" / "html" / "chapters" / "trade_framework.html"
    assert str(notebook) in proc.stdout and str(page) in proc.stdout
    assert "tr_sc_after" in proc.stdout  # key results printed
    after = float(variants.glued(notebook)["tr_sc_after_usd_m"])
    assert after < default
    html = page.read_text(encoding="utf-8")
    shown = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))
    assert "A variant, not the book" in shown and "tariff_rate = 0.46" in shown
    assert "injected-parameters" in html  # papermill's cell is shown
    assert tree_bytes(repo_copy / "chapters") == authored


@pytest.mark.parametrize(
    "args, message",
    [
        (["-p", "tarif_rate", "0.4"], "unknown parameter 'tarif_rate'; did you mean 'tariff_rate'?"),
        (["-p", "start_year", "twenty"], "'start_year' must be int, got str"),
        (["-p", "tariff_rate", "1.5"], "'tariff_rate' = 1.5 is above the maximum 1"),
        (
            ["-p", "start_year", "2010", "-p", "end_year", "2005"],
            "'start_year' (2010) must be before 'end_year' (2005)",
        ),
        (["-p", "start_year", "[2010"], "malformed value '[2010'"),
    ],
)
def test_run_refuses_bad_parameters_before_any_kernel(repo_copy, tmp_path, args, message):
    proc = usvn(repo_copy, "run", "trade_framework", *args, "--out", str(tmp_path / "run"))
    assert proc.returncode == 2
    assert message in proc.stderr
    assert not (tmp_path / "run").exists()  # nothing written


def break_chapter(root, chapter: str, message: str) -> None:
    """Make the chapter's last code cell raise (a failure inside a kernel)."""
    path = root / "chapters" / f"{chapter}.md"
    text = path.read_text(encoding="utf-8")
    start = text.rindex("```{code-cell}")
    end = text.index("\n```\n", start)
    path.write_text(text[:end] + f"\nraise RuntimeError({message!r})" + text[end:], encoding="utf-8")


@pytest.mark.build
def test_run_failure_names_the_cell_and_exits_non_zero(repo_copy, tmp_path):
    break_chapter(repo_copy, "trade_framework", "a failure inside the chapter")
    proc = usvn(
        repo_copy,
        "run",
        "trade_framework",
        "-p",
        "start_year",
        "2000",
        "--out",
        str(tmp_path / "run"),
        "--quiet",
    )
    assert proc.returncode == 1
    out = proc.stdout + proc.stderr
    assert "failed" in out and "a failure inside the chapter" in out and "cell" in out


def test_variant_book_leaves_the_default_book_untouched(built_copy, tmp_path):
    repo_copy = built_copy
    build.build(repo_copy, progress=False)
    site = tree_bytes(repo_copy / "_build" / "html")
    chapters = tree_bytes(repo_copy / "chapters")
    variant = repo_copy / "variants" / "tariff_46.yml"
    proc = usvn(
        repo_copy,
        "build",
        "--params",
        str(variant),
        "--formats",
        "html",
        "--out",
        str(tmp_path / "variant"),
        "--quiet",
    )
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "variant" / "html" / "chapters" / "trade_framework.html").is_file()
    assert tree_bytes(repo_copy / "_build" / "html") == site
    assert tree_bytes(repo_copy / "chapters") == chapters
    # the chapter follows the variant: imports after a 46% tariff at the default elasticity,
    # recomputed here from the CSV (the default book, at 20%, prints another value)
    import pandas as pd

    annual = pd.read_csv(repo_copy / "data" / "us_vn_trade_annual.csv").set_index("year")
    after = annual.loc[2024, "imports_usd_m"] * 1.46**-1.4
    expected = f"${after / 1000:,.1f} billion"
    page = (tmp_path / "variant" / "html" / "chapters" / "trade_framework.html").read_text(encoding="utf-8")
    default = (repo_copy / "_build" / "html" / "chapters" / "trade_framework.html").read_text(
        encoding="utf-8"
    )
    assert expected in page and expected not in default


def test_variant_file_errors_name_file_and_chapter(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("trade_framework:\n  tariff_rate: 2\n", encoding="utf-8")
    with pytest.raises(params.ParameterError, match="bad.yml: trade_framework: parameter 'tariff_rate'"):
        variants.load_variant(bad)
    bad.write_text("trade_frame:\n  tariff_rate: 0.3\n", encoding="utf-8")
    with pytest.raises(params.ParameterError, match="unknown chapter 'trade_frame'"):
        variants.load_variant(bad)


def test_sweep_writes_one_row_per_grid_point(repo_copy, tmp_path):
    proc = usvn(
        repo_copy,
        "sweep",
        "trade_framework",
        "-p",
        "tariff_rate",
        "0.1,0.46",
        "-p",
        "elasticity",
        "1.4,3.7",
        "--out",
        str(tmp_path / "sweep"),
        "--quiet",
    )
    assert proc.returncode == 0, proc.stderr
    frame = pd.read_csv(tmp_path / "sweep" / "sweep.csv")
    assert len(frame) == 4
    assert set(zip(frame["tariff_rate"], frame["elasticity"])) == {
        (0.1, 1.4),
        (0.1, 3.7),
        (0.46, 1.4),
        (0.46, 3.7),
    }
    at = frame.set_index(["tariff_rate", "elasticity"])["tr_sc_after_usd_m"]
    assert at[(0.46, 3.7)] < at[(0.46, 1.4)] < at[(0.1, 1.4)]
    assert (tmp_path / "sweep" / "summary.svg").read_text().startswith("<svg")


def test_marking_a_variant_twice_keeps_one_header(executed, tmp_path):
    import shutil

    import nbformat

    nb_path = tmp_path / "x.ipynb"
    shutil.copy(executed / "chapters" / "trade_framework.ipynb", nb_path)
    variants.mark_variant(nb_path, "trade_framework", {"tariff_rate": 0.46})
    variants.mark_variant(nb_path, "trade_framework", {"tariff_rate": 0.46})
    cells = nbformat.read(nb_path, as_version=4).cells
    assert sum("usvn-variant" in c.metadata.get("tags", []) for c in cells) == 1
    assert cells[0].source.startswith("# ")


def test_values_are_read_as_yaml_and_dates_stay_text():
    assert variants.parse_value("2010") == 2010 and variants.parse_value("0.46") == 0.46
    assert variants.parse_value("true") is True and variants.parse_value("null") is None
    assert variants.parse_value("[United States, China]") == ["United States", "China"]
    assert variants.parse_value("2023-09-09") == "2023-09-09"


def test_sweep_values_split_on_top_level_commas_only():
    assert variants.split_values("0.1,0.2") == ["0.1", "0.2"]
    assert variants.split_values("[United States, China],[Japan]") == ["[United States, China]", "[Japan]"]
