"""One place for how charts look and how they are emitted.

``setup()`` enables the book's theme and renderer.  The renderer turns every Altair
chart into a deterministic mime bundle: the Vega-Lite spec (for JupyterLab and for
build-time renderings), HTML that calls vega-embed from the site's own static files
(element id = hash of the spec, so outputs are byte-stable), and a plain-text fallback.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import textwrap
from urllib.parse import quote

import altair as alt

from .bundle import BUNDLE_FORMAT as BUNDLE_FORMAT  # noqa: F401
from .bundle import VEGA_BUNDLE as VEGA_BUNDLE  # noqa: F401

THEME = "usvn"
RENDERER = "usvn"
SOURCE_WIDTH = 90  # characters per line of a chart's source note
SOURCE_LINES = 2  # lines at most; longer notes are cut and point to the appendix
TITLE_WIDTH = 62  # characters per line of a chart title (16 px type on a 540 px chart)
FONT = "Source Sans Pro, Helvetica, Arial, sans-serif"
WIDTH, HEIGHT = 540, 300


def vegalite_mime_type() -> str:
    """The Vega-Lite mime type of the installed Altair (v5: ``+json``, v6: ``.json``)."""
    return alt.vegalite.v6.display.VEGALITE_MIME_TYPE


def vegalite_minor_version() -> str:
    return ".".join(alt.VEGALITE_VERSION.split(".")[:2])


def spec_id(spec: dict) -> str:
    return hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:12]


def _title_text(spec: dict) -> str:
    title = spec.get("title", "")
    if isinstance(title, dict):
        title = title.get("text", "")
    return " ".join(title) if isinstance(title, list) else str(title)


def datasets_csv(spec: dict) -> list[str]:
    """The data a chart shows, one CSV text per inline dataset of more than one row (a
    one-row table is a label drawn on the chart), columns in first-seen order."""
    tables = [rows for rows in spec.get("datasets", {}).values() if len(rows) > 1]  # not one-row labels
    if isinstance(spec.get("data"), dict) and "values" in spec["data"]:
        tables.append(spec["data"]["values"])
    out = []
    for rows in tables:
        columns = list(dict.fromkeys(k for row in rows for k in row))
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        out.append(buf.getvalue())
    return out


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "chart"


def download_links(spec: dict) -> str:
    """'Download data (CSV)' links (data: URIs, no request anywhere) for the chart's data."""
    tables = datasets_csv(spec)
    name = slug(_title_text(spec))
    links = []
    for i, text in enumerate(tables, start=1):
        label = "Download data (CSV)" if len(tables) == 1 else f"Download data, table {i} (CSV)"
        suffix = "" if len(tables) == 1 else f"-{i}"
        links.append(
            f'<a download="{name}{suffix}.csv" href="data:text/csv;charset=utf-8,{quote(text)}">{label}</a>'
        )
    return f'<p class="usvn-chart-download">{" · ".join(links)}</p>' if links else ""


def html(spec: dict) -> str:
    """A div and a script that queues the chart for the site's ``usvn.js``, which draws it
    with the self-hosted vega-embed at the width of its column; then links to download
    the chart's data."""
    div = f"usvn-chart-{spec_id(spec)}"
    payload = json.dumps(spec, sort_keys=True)
    return (
        f'<div class="usvn-chart" id="{div}" role="figure" '
        f'aria-label="{_attr(spec.get("description", _title_text(spec)))}"></div>\n'
        '<script type="text/javascript">\n'
        f'(window.usvnCharts = window.usvnCharts || []).push(["{div}", {payload}]);\n'
        "</script>\n" + download_links(spec)
    )


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def mimebundle(spec: dict, **_: object) -> dict:
    text = _title_text(spec) or "Chart"
    if spec.get("description"):
        text += f"\n{spec['description']}"
    mime = vegalite_mime_type()
    # nbformat stores only ``+json`` mime types as objects; Altair 6's ``.v6.json`` must be
    # text, or papermill and nbval reject the notebook.
    payload = spec if mime.endswith("+json") else json.dumps(spec, sort_keys=True)
    return {mime: payload, "text/html": html(spec), "text/plain": text}


def theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "view": {"continuousWidth": WIDTH, "continuousHeight": HEIGHT, "stroke": None},
            "font": FONT,
            "title": {
                "anchor": "start",
                "fontSize": 16,
                "subtitleFontSize": 12,
                "subtitleColor": "#555555",
                "offset": 12,
            },
            "axis": {"labelFontSize": 11, "titleFontSize": 12, "gridColor": "#e6e6e6"},
            "legend": {"labelFontSize": 11, "titleFontSize": 12, "orient": "top"},
        }
    }


def date_x(field: str = "date", fmt: str = "%Y", **kwargs) -> alt.X:
    """A date axis in UTC: dates are days, and the page's time zone must not move them
    (on a UTC scale Vega-Lite formats the labels in UTC; "utc" is not a format type)."""
    return alt.X(f"{field}:T", scale=alt.Scale(type="utc"), axis=alt.Axis(format=fmt), **kwargs)


# Axis labels for values in million US dollars: "$500m", "$1bn", "$250bn", "−$150bn".
MILLIONS = (
    "(datum.value < 0 ? '−' : '') + (abs(datum.value) >= 1000"
    " ? '$' + format(abs(datum.value) / 1000, ',~r') + 'bn'"
    " : '$' + format(abs(datum.value), ',~r') + 'm')"
)


def money_axis(**kwargs) -> alt.Axis:
    """An axis of million US dollars labelled with the unit in each label ($m, $bn)."""
    return alt.Axis(labelExpr=MILLIONS, **kwargs)


def date_tooltip(field: str, title: str) -> alt.Tooltip:
    """A date in a tooltip, read in UTC (a UTC time unit), so no time zone moves the day."""
    return alt.Tooltip(f"{field}:T", timeUnit="utcyearmonthdate", title=title, format="%d %B %Y")


INTERACTIVE_ENV = "USVN_INTERACTIVE"  # set by `make lab`


def interactive() -> bool:
    """True in JupyterLab started by `make lab`: charts are shown where they are made,
    drawn by Altair's own widget renderer (offline); the build never sets this."""
    return os.environ.get(INTERACTIVE_ENV) == "1"


def setup() -> None:
    """Enable the book's theme and renderer (call once at the top of every chapter)."""
    if THEME not in alt.theme.names():
        alt.theme.register(THEME, enable=False)(theme)
    alt.theme.enable(THEME)
    if interactive():
        alt.renderers.enable("jupyter", offline=True)
        return
    alt.renderers.register(RENDERER, mimebundle)
    alt.renderers.enable(RENDERER)


def figure(name: str, chart: alt.TopLevelMixin) -> None:
    """Glue a chart for a ``glue:figure`` in the book; in JupyterLab also show it."""
    from myst_nb import glue

    glue(name, chart, display=False)
    from .. import data

    data.record_modules()
    if interactive():
        from IPython.display import display

        display(chart)


def finish(
    chart: alt.TopLevelMixin,
    *,
    title: str,
    source: str,
    alt_text: str,
    subtitle: str | None = None,
    printed: str | None = None,
) -> alt.TopLevelMixin:
    """Give a chart the book's furniture: a finding as title, a source note under the
    subtitle, and alt text (the spec's ``description``, read by screen readers).
    ``printed``: the subtitle in the PDF where the website's speaks of what only a screen
    does (controls, hovering)."""
    # Vega does not wrap subtitles: a long source note would widen the chart (and shrink
    # it on the PDF page), so it is broken into lines.
    note = textwrap.wrap(f"Source: {source}", SOURCE_WIDTH)
    if len(note) > SOURCE_LINES:  # the full list is in the appendix
        note = note[:SOURCE_LINES]
        note[-1] = (
            textwrap.shorten(note[-1] + " …", SOURCE_WIDTH - 24, placeholder=" …") + " (see Data and sources)"
        )
    lines = ([subtitle] if subtitle else []) + note
    # Alt text states the finding first (the title), then what is drawn.
    heading = textwrap.wrap(title, TITLE_WIDTH) if len(title) > TITLE_WIDTH else title
    # The full texts, for the page's script to wrap again at a phone's width.
    full = ([subtitle] if subtitle else []) + [" ".join(note)]
    meta: dict = {"title": title, "subtitle": full}
    if printed is not None:
        meta["printed"] = [printed, *note]  # read by usvn.charts.pdf.for_print
    return chart.properties(
        title=alt.TitleParams(text=heading, subtitle=lines),
        description=f"{title}. {alt_text}",
        usermeta={"usvn": meta},
    )


def javascript_bundle() -> str:
    """Vega, Vega-Lite and vega-embed in one classic script, made offline by vl-convert
    and matched to the installed Altair's Vega-Lite version."""
    import vl_convert as vlc

    bundle = vlc.javascript_bundle("window.vegaEmbed = vegaEmbed;", vl_version=vegalite_minor_version())
    # One function scope: the bundle's top-level names (e.g. ``_``) must not collide with
    # the page's own globals (Sphinx declares ``const _``).
    return "(function () {\n" + bundle + "\n})();\n"
