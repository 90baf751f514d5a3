"""Vector charts for the PDF: a MyST-NB mime-render plugin.

At LaTeX build time the stored Vega-Lite spec of every chart is converted to PDF with
vl-convert (offline) and included as a vector image; the notebooks stay lean and the
website keeps its interactive HTML.  Registered under the ``myst_nb.mime_renderers``
entry point in ``pyproject.toml``.
"""

from __future__ import annotations

import base64
import dataclasses
import json

from .. import charts


def for_print(spec: dict) -> dict:
    """The chart as printed: a subtitle about controls or hovering replaced by its
    printed wording (``usvn.charts.finish(printed=...)``)."""
    printed = ((spec.get("usermeta") or {}).get("usvn") or {}).get("printed")
    if not printed or not isinstance(spec.get("title"), dict):
        return spec
    return {**spec, "title": {**spec["title"], "subtitle": printed}}


def spec_to_pdf(spec: dict) -> bytes:
    import vl_convert as vlc

    return vlc.vegalite_to_pdf(spec, vl_version=charts.vegalite_minor_version())


def spec_to_png(spec: dict, scale: float = 2.0) -> bytes:
    """Raster fallback for viewers that cannot show a vector PDF image."""
    import vl_convert as vlc

    return vlc.vegalite_to_png(spec, vl_version=charts.vegalite_minor_version(), scale=scale)


def rendering(data, spec: dict):
    """The chart as a vector PDF image; a PNG (at twice the resolution) if the vector
    conversion fails, so the figure is never lost."""
    try:
        return dataclasses.replace(
            data, mime_type="application/pdf", content=base64.b64encode(spec_to_pdf(spec)).decode("ascii")
        )
    except Exception as exc:  # vl-convert raises plain ValueError/RuntimeError
        import logging

        logging.getLogger(__name__).warning("vector rendering failed (%s); using PNG", exc)
        return dataclasses.replace(
            data, mime_type="image/png", content=base64.b64encode(spec_to_png(spec)).decode("ascii")
        )


class VegaLitePdf:
    """For the ``latex`` builder: Vega-Lite spec → vector PDF image node.  Sphinx renders
    every mime type of an output and picks one per builder afterwards, so for other
    builders the spec renders to nothing (the website uses the text/html rendering)."""

    mime_priority_overrides = [("latex", charts.vegalite_mime_type(), 1)]

    @staticmethod
    def handle_mime(renderer, data, inline):  # noqa: ANN001 - MyST-NB's protocol
        if data.mime_type != charts.vegalite_mime_type():
            return None
        env = renderer.renderer.sphinx_env
        if env is None:
            return None
        from myst_nb._compat import get_env_app

        if get_env_app(env).builder.format != "latex":
            return []
        spec = data.content if isinstance(data.content, dict) else json.loads(data.string)
        image = rendering(data, for_print(spec))
        nodes = renderer.render_image(image)
        for node in nodes:
            node["alt"] = spec.get("description", "")
        return nodes


def spec_to_svg(spec: dict) -> str:
    """Static SVG (for sweep summaries and other files outside the website)."""
    import vl_convert as vlc

    return vlc.vegalite_to_svg(spec, vl_version=charts.vegalite_minor_version())
