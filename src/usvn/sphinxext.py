"""Small Sphinx extension for the website.

Jupyter Book 1.x (with Sphinx 7) registers some page scripts twice (the Thebe
configuration, the toggle-button selector and files from ``html_js_files``); a second
copy of a script that declares ``const`` names throws in the browser.  This keeps the
first copy of each script on every page.
"""
from __future__ import annotations


def _script_key(script) -> tuple[str, str]:
    if isinstance(script, str):
        return script, ""
    body = (getattr(script, "attributes", None) or {}).get("body", "")
    return getattr(script, "filename", None) or "", body  # inline scripts: None or ""


def dedupe_scripts(app, pagename, templatename, context, doctree) -> None:  # noqa: ARG001
    seen: set[tuple[str, str]] = set()
    kept = []
    for script in context.get("script_files", []):
        key = _script_key(script)
        if key not in seen:
            seen.add(key)
            kept.append(script)
    context["script_files"] = kept


def setup(app):
    app.connect("html-page-context", dedupe_scripts, priority=999)  # after other handlers
    return {"parallel_read_safe": True, "parallel_write_safe": True}
