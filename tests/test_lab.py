"""`make lab` mode: a chapter run top to bottom as in JupyterLab (USVN_INTERACTIVE=1)
shows its charts where they are made and computes the same results as the build."""

import jupytext
import nbformat
import papermill as pm
import pytest

from usvn import charts, registry
from usvn.book import variants


@pytest.mark.parametrize("chapter", registry.parameterized())
def test_interactive_run_matches_the_build(root, executed, tmp_path, monkeypatch, chapter):
    """The page as JupyterLab opens it (jupytext reads the MyST Markdown), run top to bottom."""
    monkeypatch.setenv(charts.INTERACTIVE_ENV, "1")
    source, out = tmp_path / f"{chapter}.in.ipynb", tmp_path / f"{chapter}.ipynb"
    nbformat.write(jupytext.read(root / "chapters" / f"{chapter}.md"), str(source))
    pm.execute_notebook(
        str(source), str(out), cwd=str(root / "chapters"), progress_bar=False, kernel_name="python3"
    )
    assert variants.glued(out) == variants.glued(executed / "chapters" / f"{chapter}.ipynb")
    shown = [
        o
        for c in nbformat.read(out, as_version=4).cells
        for o in c.get("outputs", [])
        if o.get("output_type") == "display_data" and "scrapbook" not in o.get("metadata", {})
    ]
    assert shown, "charts are displayed where they are made"
