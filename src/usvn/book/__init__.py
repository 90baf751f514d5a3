"""The book layer: executing the chapters (:mod:`.execute`), rendering the website and the
PDF (:mod:`.render`), variants and sweeps for researchers (:mod:`.variants`) and the Sphinx
extension (:mod:`.sphinxext`)."""
from __future__ import annotations

from .execute import (EXECUTED, BuildError, Job, Result, default_jobs, execute, files_digest,
                      read_source, report, validate_always)
from .render import (FORMATS, LATEX_PACKAGES, PDF_NAME, build, missing_latex_tools, render_html,
                     render_pdf, stage, write_facts_export, write_vega_bundle)

__all__ = ["EXECUTED", "FORMATS", "LATEX_PACKAGES", "PDF_NAME", "BuildError", "Job", "Result",
           "build", "default_jobs", "execute", "files_digest", "missing_latex_tools",
           "read_source", "render_html", "render_pdf", "report", "stage", "validate_always",
           "write_facts_export", "write_vega_bundle"]
