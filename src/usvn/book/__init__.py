"""The book layer: executing the chapters (:mod:`.execution`), rendering the website and
the PDF (:mod:`.render`), variants and sweeps for researchers (:mod:`.variants`), the live
preview (:mod:`.preview`) and the Sphinx extension (:mod:`.sphinxext`).

Names are loaded on first use, so that Sphinx loading the extension does not import the
build machinery (and pandas with it)."""

from __future__ import annotations

from .. import lazy_exports

_EXPORTS = {
    "execution": (
        "EXECUTED",
        "VERBOSE_ENV",
        "BuildError",
        "Job",
        "Result",
        "default_jobs",
        "execute",
        "files_digest",
        "read_source",
        "report",
        "validate_always",
    ),
    "render": (
        "FORMATS",
        "LATEX_PACKAGES",
        "PDF_NAME",
        "build",
        "missing_latex_tools",
        "render_html",
        "render_pdf",
        "stage",
        "write_facts_export",
        "write_vega_bundle",
    ),
}
__all__, __getattr__ = lazy_exports(__name__, _EXPORTS)
