"""Small Sphinx extension for the book.

Computed numbers: each pasted value gets its source as a hover and focus note.

Citations: registers the pybtex style ``authoryear`` (labels "Author Year") used with
sphinxcontrib-bibtex's author-year reference style (see ``_config.yml``).

Jupyter Book 1.x (with Sphinx 7) registers some page scripts twice (the Thebe
configuration, the toggle-button selector and files from ``html_js_files``); a second
copy of a script that declares ``const`` names throws in the browser.  This keeps the
first copy of each script on every page.
"""

from __future__ import annotations

import html
import re
from pathlib import Path


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
    from pybtex.plugin import register_plugin

    register_plugin("pybtex.style.formatting", "authoryear", _author_year_style())
    from sphinxcontrib.bibtex.plugin import register_plugin as register_bibtex_plugin

    register_bibtex_plugin("sphinxcontrib.bibtex.style.referencing", "author_year_round", _round_brackets())
    app.connect("html-page-context", dedupe_scripts, priority=999)  # after other handlers
    app.connect("html-page-context", source_notes)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


# ----------------------------------------------------------------------------- citations


def _author_year_style():
    """A pybtex style whose labels are 'Author Year' (the bibliography then reads like the
    author-year citations in the text), sorted by author and year."""
    from pybtex.style.formatting.unsrt import Style as Unsrt
    from pybtex.style.labels import BaseLabelStyle
    from pybtex.style.sorting.author_year_title import SortingStyle

    class AuthorYearLabels(BaseLabelStyle):
        def format_labels(self, sorted_entries):
            labels = [_label(entry) for entry in sorted_entries]
            for i, label in enumerate(labels):
                same = [j for j, other in enumerate(labels) if other == label]
                yield label + ("abcdefghijklmnopqrstuvwxyz"[same.index(i)] if len(same) > 1 else "")

    class AuthorYear(Unsrt):
        default_label_style = AuthorYearLabels
        default_sorting_style = SortingStyle

    return AuthorYear


def _label(entry) -> str:
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    if not people:
        name = entry.fields.get("organization") or entry.fields.get("title", "Anon.")
    elif len(people) > 2:
        name = f"{_surname(people[0])} et al."
    else:
        name = " and ".join(_surname(p) for p in people)
    return f"{name} {entry.fields.get('year', 'n.d.')}"


def _surname(person) -> str:
    return " ".join(str(part) for part in person.rich_last_names) or str(person)


def _round_brackets():
    """sphinxcontrib-bibtex's author-year citations in round brackets: "(Author, Year)"
    and "Author (Year)"."""
    from dataclasses import dataclass, field

    from sphinxcontrib.bibtex.style.referencing import BracketStyle
    from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

    def round_() -> BracketStyle:
        return BracketStyle(left="(", right=")", sep="; ")

    @dataclass
    class AuthorYearRound(AuthorYearReferenceStyle):
        bracket_parenthetical: BracketStyle = field(default_factory=round_)
        bracket_textual: BracketStyle = field(default_factory=round_)

    return AuthorYearRound


# ----------------------------------------------------------------------------- sources


PASTED = re.compile(r'<span class="pasted-text">')
GLUE_ROLE = re.compile(r"\{glue:text\}`([^`]+)`")


def _glued_notes(path: Path) -> dict[str, str]:
    """Fact -> its source note, from the records an executed chapter glued."""
    from ..facts import export

    return {r["id"]: r.get("note", "") for r in export.from_notebook(path)}


def _page_roles(path: Path) -> list[tuple[Path, str]]:
    """The glue:text roles of a page in reading order, each as (notebook, key)."""
    import nbformat

    if path.suffix == ".ipynb":
        text = "\n".join(
            c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown"
        )
    else:
        text = path.read_text(encoding="utf-8")
    roles = []
    for ref in GLUE_ROLE.findall(text):
        if "::" in ref:  # chapters/x.ipynb::key:s, pasted from another page
            doc, key = ref.split("::", 1)
            roles.append((path.parent / doc, key.split(":", 1)[0]))
        else:
            roles.append((path, ref))
    return roles


def source_notes(app, pagename, templatename, context, doctree) -> None:  # noqa: ARG001
    """Give each computed number on a page its source, shown on hover and keyboard focus
    (``data-source``, styled in usvn.css) and read by screen readers (``aria-description``).
    The n-th pasted value of the page is the n-th glue role of its source."""
    if "body" not in context:
        return
    try:
        path = Path(app.env.doc2path(pagename))
    except Exception:  # not a document (search page, index)
        return
    if not path.is_file():
        return
    roles = _page_roles(path)
    spans = list(PASTED.finditer(context["body"]))
    if not roles or len(roles) != len(spans):
        return  # the page does not match its roles one for one: add nothing rather than guess
    cache: dict[Path, dict[str, str]] = {}
    out, last = [], 0
    for match, (notebook, key) in zip(spans, roles):
        if notebook not in cache:
            # the records glue keeps are in executed notebooks; a page built from its MyST
            # source (plain `jupyter-book build`, as the benchmark runs it) has none
            cache[notebook] = (
                _glued_notes(notebook) if notebook.suffix == ".ipynb" and notebook.is_file() else {}
            )
        note = cache[notebook].get(key)
        out.append(context["body"][last : match.start()])
        fact = f'data-fact="{html.escape(key)}"'
        out.append(
            f'<span class="pasted-text usvn-sourced" {fact} tabindex="0" '
            f'data-source="{html.escape(note)}" aria-description="{html.escape(note)}">'
            if note
            else f'<span class="pasted-text" {fact}>'
        )
        last = match.end()
    context["body"] = "".join(out) + context["body"][last:]
