import base64
import json

import altair as alt
import pandas as pd
import pytest

from usvn import charts


@pytest.fixture
def chart():
    charts.setup()
    frame = pd.DataFrame({"year": [2000, 2001], "value": [1.0, 2.0]})
    return charts.finish(alt.Chart(frame).mark_line().encode(x="year:O", y="value:Q"),
                         title="Values rose", source="Test source", alt_text="A line rising.")


def test_same_spec_gives_same_bytes(chart):
    first = chart._repr_mimebundle_()
    second = chart.copy()._repr_mimebundle_()
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)


def test_bundle_has_spec_html_and_text(chart):
    bundle = chart._repr_mimebundle_()
    bundle = bundle[0] if isinstance(bundle, tuple) else bundle
    mime = alt.vegalite.v6.display.VEGALITE_MIME_TYPE
    assert set(bundle) == {mime, "text/html", "text/plain"}
    spec = bundle[mime] if isinstance(bundle[mime], dict) else json.loads(bundle[mime])
    assert spec["description"] == "A line rising."
    assert "Values rose" in bundle["text/plain"]


def test_html_id_is_a_hash_of_the_spec(chart):
    spec = chart.to_dict()
    other = chart.properties(title="Values fell").to_dict()
    assert f'id="usvn-chart-{charts.spec_id(spec)}"' in charts.html(spec)
    assert charts.spec_id(spec) != charts.spec_id(other)


def test_html_loads_no_script_from_elsewhere(chart):
    page = charts.html(chart.to_dict())
    assert "<script src" not in page and "require" not in page
    assert "vegaEmbed(" in page


def test_mime_type_comes_from_altair():
    assert charts.vegalite_mime_type().startswith("application/vnd.vegalite.v")
    assert charts.vegalite_minor_version() == ".".join(alt.VEGALITE_VERSION.split(".")[:2])


def test_source_note_and_finding_title(chart):
    spec = chart.to_dict()
    assert spec["title"]["text"] == "Values rose"
    assert spec["title"]["subtitle"][-1] == "Source: Test source"


def test_long_source_note_is_wrapped_not_widening_the_chart():
    source = "; ".join(f"Publisher number {i} of a long list" for i in range(8))
    spec = charts.finish(alt.Chart(pd.DataFrame({"x": [1]})).mark_point(), title="t",
                         source=source, alt_text="a").to_dict()
    lines = spec["title"]["subtitle"]
    assert len(lines) > 1 and all(len(line) <= charts.SOURCE_WIDTH for line in lines)
    assert " ".join(lines) == f"Source: {source}"


def test_download_link_carries_exactly_the_charted_data(chart):
    from urllib.parse import unquote

    page = charts.html(chart.to_dict())
    href = page.split('href="data:text/csv;charset=utf-8,')[1].split('"')[0]
    assert unquote(href) == "year,value\n2000,1.0\n2001,2.0\n"
    assert 'download="values-rose.csv"' in page and "Download data (CSV)" in page


def test_html_names_the_chart_for_screen_readers(chart):
    assert 'aria-label="A line rising."' in charts.html(chart.to_dict())


def test_interactive_mode_uses_altairs_widget_renderer(monkeypatch):
    monkeypatch.setenv(charts.INTERACTIVE_ENV, "1")
    charts.setup()
    assert alt.renderers.active == "jupyter"
    monkeypatch.delenv(charts.INTERACTIVE_ENV)
    charts.setup()
    assert alt.renderers.active == charts.RENDERER


def test_pdf_rendering_is_vector_with_a_png_fallback(chart, monkeypatch):
    from myst_nb.core.render import MimeData

    from usvn import pdfcharts

    spec = chart.to_dict()
    data = MimeData(charts.vegalite_mime_type(), json.dumps(spec))
    vector = pdfcharts.rendering(data, spec)
    assert vector.mime_type == "application/pdf"
    assert base64.b64decode(vector.content).startswith(b"%PDF")

    def broken(_):
        raise ValueError("no vector today")

    monkeypatch.setattr(pdfcharts, "spec_to_pdf", broken)
    raster = pdfcharts.rendering(data, spec)
    assert raster.mime_type == "image/png"
    assert base64.b64decode(raster.content).startswith(b"\x89PNG")


def test_importing_the_package_keeps_altair_fast_to_start():
    import subprocess
    import sys

    code = ("import time, usvn; t = time.perf_counter(); import altair; "
            "import sys; print('rfc3987_syntax' in sys.modules and sys.modules['rfc3987_syntax'] is None)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"  # the slow optional import was declined
