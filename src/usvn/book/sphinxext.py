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
    app.connect("html-page-context", bibliography_roles)
    app.connect("doctree-resolved", print_tables)
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


def bibliography_roles(app, pagename, templatename, context, doctree) -> None:  # noqa: ARG001
    """The bibliography's entries as list items of its list: sphinxcontrib-bibtex marks
    them ``doc-biblioentry``, a role ARIA 1.3 deprecates (axe-core: aria-deprecated-role)."""
    if "body" in context:
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')


# ----------------------------------------------------------------------------- print


TEXT_WIDTH_PT = 451  # the PDF's text block (A4, Sphinx's margins), in points
CHAR_PT = {True: 6.6, False: 5.0}  # a character of code (monospaced) or of text, 10 pt type
CELL_PAD_PT = 14  # a column's padding and rule


def column_weights(rows: list[list[tuple[str, bool]]]) -> list[int]:
    """Column widths (in points) for a printed table of (text, is code) cells: each column
    first gets room for its longest word (code and paths do not wrap), then the rest of the
    text block goes to the columns whose typical cell is longer than that, in proportion,
    so no column is cut at the margin and long texts wrap in the wide columns."""
    needs, wants = [], []
    for cells in zip(*rows):
        longest = max(
            (len(w) * CHAR_PT[code] for c, code in cells for w in c.split()), default=CHAR_PT[False]
        )
        typical = sum(len(c) * CHAR_PT[code] for c, code in cells) / max(len(cells), 1)
        needs.append(longest + CELL_PAD_PT)
        wants.append(max(0.0, min(typical, 40 * CHAR_PT[False]) + CELL_PAD_PT - needs[-1]))
    rest = max(0.0, TEXT_WIDTH_PT - sum(needs))
    share = [w / sum(wants) if sum(wants) else 1 / len(needs) for w in wants]
    return [max(1, round(n + rest * f)) for n, f in zip(needs, share)]


def print_tables(app, doctree, docname) -> None:  # noqa: ARG001
    """In the PDF every table may break across pages (longtable) and its columns are as
    wide as their content needs (see column_weights); a table given its own column
    spec (``tabularcolumns``) is left as it is."""
    if app.builder.format != "latex":
        return
    from docutils import nodes

    for table in doctree.findall(nodes.table):
        if table.get("spec"):
            continue
        groups = list(table.findall(nodes.tgroup))
        if not groups:
            continue
        group = groups[0]
        specs = [c for c in group.children if isinstance(c, nodes.colspec)]
        rows = [
            [(entry.astext(), any(True for _ in entry.findall(nodes.literal))) for entry in row.children]
            for row in group.findall(nodes.row)
            if len(row.children) == len(specs)
        ]
        if not rows:
            continue
        for spec, weight in zip(specs, column_weights(rows)):
            spec["colwidth"] = weight
        table["classes"] = [*table.get("classes", []), "longtable", "colwidths-given"]


# ----------------------------------------------------------------------------- sources


PASTED = re.compile(r'<span class="pasted-text">')
VALUE = re.compile(r"([^<]*)</span>")  # a pasted value's text, up to its span's end
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
    """Give each computed number on a page its source: shown on hover (``data-source``,
    styled in usvn.css), and, for keyboard and screen-reader users, in a list of the
    page's numbers and their sources at the end of the page, which each number names as
    its description (``aria-describedby``).  Numbers are not tab stops: a page of a
    hundred numbers would put a hundred stops before its first control.
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
    listed: dict[str, tuple[str, str]] = {}  # fact -> (element id, "value: note"), in reading order
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
        if note:
            value = VALUE.match(context["body"], match.end())
            shown = html.unescape(value.group(1)).strip() if value else key
            ref = listed.setdefault(key, (f"usvn-source-{len(listed) + 1}", f"{shown}: {note}"))[0]
            out.append(
                f'<span class="pasted-text usvn-sourced" {fact} '
                f'data-source="{html.escape(note)}" aria-describedby="{ref}">'
            )
        else:
            out.append(f'<span class="pasted-text" {fact}>')
        last = match.end()
    body = "".join(out) + context["body"][last:]
    context["body"] = body + _source_list(listed) if listed else body


def _source_list(listed: dict[str, tuple[str, str]]) -> str:
    """The page's computed numbers' sources, one entry per fact, collapsed at the end."""
    items = "".join(
        f'<li id="{ref}" data-fact="{html.escape(key)}">{html.escape(note)}</li>'
        for key, (ref, note) in listed.items()
    )
    return (
        '<details class="usvn-source-list"><summary>Sources of the numbers on this page</summary>'
        f"<ol>{items}</ol></details>"
    )
