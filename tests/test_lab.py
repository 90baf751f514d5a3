"""`make lab` mode: a chapter run top to bottom as in JupyterLab (USVN_INTERACTIVE=1)
shows its charts where they are made and computes the same results as the build."""
import nbformat
import papermill as pm
import pytest

from usvn import build, charts, variants


@pytest.mark.parametrize("chapter", build.CHAPTERS)
def test_interactive_run_matches_the_build(root, tmp_path, monkeypatch, chapter):
    monkeypatch.setenv(charts.INTERACTIVE_ENV, "1")
    out = tmp_path / f"{chapter}.ipynb"
    pm.execute_notebook(str(root / "chapters" / f"{chapter}.ipynb"), str(out),
                        cwd=str(root / "chapters"), progress_bar=False, kernel_name="python3")
    assert variants.glued(out) == variants.glued(root / "chapters" / f"{chapter}.ipynb")
    shown = [o for c in nbformat.read(out, as_version=4).cells
             for o in c.get("outputs", []) if o.get("output_type") == "display_data"
             and "scrapbook" not in o.get("metadata", {})]
    assert shown, "charts are displayed where they are made"
