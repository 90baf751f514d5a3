import base64
import json
import re

import altair as alt
import pandas as pd
import pytest

from conftest import ROOT
from usvn import charts
from usvn.chapters import trade_framework
from usvn.chapters.trade_framework import analysis as trade
from usvn.chapters.trade_framework import figures as trade_figures
from usvn.chapters.trade_framework import tariff_figures
from usvn.charts import common
from usvn.charts import pdf as pdfcharts


@pytest.fixture
def chart():
    charts.setup()
    frame = pd.DataFrame({"year": [2000, 2001], "value": [1.0, 2.0]})
    return charts.finish(
        alt.Chart(frame).mark_line().encode(x="year:O", y="value:Q"),
        title="Values rose",
        source="Test source",
        alt_text="A line rising.",
    )


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
    assert spec["description"] == "Values rose. A line rising."  # the finding first
    assert "Values rose" in bundle["text/plain"]


def test_html_id_is_a_hash_of_the_spec(chart):
    spec = chart.to_dict()
    other = chart.properties(title="Values fell").to_dict()
    assert f'id="usvn-chart-{charts.spec_id(spec)}"' in charts.html(spec)
    assert charts.spec_id(spec) != charts.spec_id(other)


def test_html_loads_no_script_from_elsewhere(chart):
    page = charts.html(chart.to_dict())
    assert "<script src" not in page and "require" not in page
    assert "window.usvnCharts" in page  # queued for the site's own usvn.js


def test_the_page_script_draws_charts_with_the_self_hosted_embed():
    script = (ROOT / "_static" / "usvn.js").read_text(encoding="utf-8")
    assert "vegaEmbed(" in script
    assert not re.search(r"https?:|import\(|fetch\(", script)  # nothing loaded from anywhere


def test_mime_type_comes_from_altair():
    assert charts.vegalite_mime_type().startswith("application/vnd.vegalite.v")
    assert charts.vegalite_minor_version() == ".".join(alt.VEGALITE_VERSION.split(".")[:2])


def test_a_chapter_chart_names_its_producers_and_states_a_finding():
    """The flows chart's source line names the US Census Bureau (who made the figures) and
    its title states the latest deficit as the chapter prints it."""
    from usvn import data, facts

    f = trade_framework.facts(facts.cached(data.load))
    spec = trade_framework.figure(f, "fig_tr_flows").to_dict()
    title = spec["title"]["text"]
    title = " ".join(title) if isinstance(title, list) else title
    subtitle = " ".join(spec["title"]["subtitle"])
    assert "US Census Bureau" in subtitle and "copy in" not in subtitle
    assert "billion" in title


def test_long_source_note_is_wrapped_not_widening_the_chart():
    source = "; ".join(f"Publisher number {i} of a list" for i in range(4))
    spec = charts.finish(
        alt.Chart(pd.DataFrame({"x": [1]})).mark_point(), title="t", source=source, alt_text="a"
    ).to_dict()
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
    assert 'aria-label="Values rose. A line rising."' in charts.html(chart.to_dict())


def test_interactive_mode_uses_altairs_widget_renderer(monkeypatch):
    monkeypatch.setenv(charts.INTERACTIVE_ENV, "1")
    charts.setup()
    assert alt.renderers.active == "jupyter"
    monkeypatch.delenv(charts.INTERACTIVE_ENV)
    charts.setup()
    assert alt.renderers.active == charts.RENDERER


def test_pdf_rendering_is_vector_with_a_png_fallback(chart, monkeypatch):
    from myst_nb.core.render import MimeData

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

    code = (
        "import time, usvn; t = time.perf_counter(); import altair; "
        "import sys; print('rfc3987_syntax' in sys.modules and sys.modules['rfc3987_syntax'] is None)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"  # the slow optional import was declined


# ----------------------------------------------------------------------------- chart rules


def test_source_notes_take_two_lines_at_most():
    chart = charts.finish(
        alt.Chart(pd.DataFrame({"x": [1]})).mark_point(),
        title="T",
        source="; ".join(f"Publisher number {i}" for i in range(40)),
        alt_text="A point.",
    )
    subtitle = chart.to_dict()["title"]["subtitle"]
    assert len(subtitle) == charts.SOURCE_LINES and subtitle[-1].endswith("(see Data and sources)")


def test_long_titles_wrap_instead_of_widening_the_chart():
    title = "A finding stated in a sentence long enough to need a second line on the page"
    chart = charts.finish(
        alt.Chart(pd.DataFrame({"x": [1]})).mark_point(), title=title, source="X", alt_text="A point."
    )
    text = chart.to_dict()["title"]["text"]
    assert isinstance(text, list) and " ".join(text) == title
    assert all(len(line) <= charts.TITLE_WIDTH for line in text)


def test_series_spanning_orders_of_magnitude_get_a_log_axis_and_the_balance_its_own():
    from usvn import data, facts

    f = facts.compute("trade_framework", facts.cached(data.load))
    flows = f.frames["flows"]
    ratio = (
        flows[flows["series"] != trade_figures.BALANCE]["usd_m"].max()
        / flows[flows["series"] != trade_figures.BALANCE]["usd_m"].min()
    )
    assert ratio > 100
    spec = trade_framework.figure(f, "fig_tr_flows").to_dict()
    top, bottom = spec["vconcat"]
    scales = [
        layer["encoding"]["y"].get("scale", {})
        for layer in top.get("layer", [top])
        if "y" in layer.get("encoding", {})
    ]
    assert {"type": "log"}.items() <= scales[-1].items()
    assert all(not ("mark" in b and "line" in str(b["mark"]) and "log" in str(b)) for b in [bottom])


def test_a_zero_rate_and_a_rate_that_never_applied_are_drawn_apart_from_applied_rates():
    actions = pd.DataFrame(
        {
            "date": ["2025-04-02", "2025-10-26"],
            "rate": [0.46, 0.0],
            "instrument": ["a", "b"],
            "scope": ["x", "y"],
            "effect": [trade.ANNOUNCED, trade.ZERO],
        }
    )
    spec = tariff_figures.tariff_actions(actions, title="T", source="S").to_dict()
    points = next(layer for layer in spec["layer"] if "fill" in layer.get("encoding", {}))
    fills = points["encoding"]["fill"]["scale"]["range"]
    assert fills[0] != fills[2] and fills[2] == "#ffffff"  # in force filled, announced hollow


def test_dates_known_to_the_year_are_not_drawn_in_january():
    frame = pd.DataFrame(
        {"date": ["2025-01-01", "2025-06-01", "2025-06-17"], "date_precision": ["year", "month", "day"]}
    )
    out = common.at_precision(frame)
    assert out["plot_date"].tolist() == ["2025-07-01", "2025-06-15", "2025-06-17"]
    assert out["known"].tolist() == ["2025", "June 2025", "17 June 2025"]
