"""No number is typed into the prose: every amount, share or count comes from a glue role.

Allowed numerals: years (1900–2099, also '1990s' and '2018–19'), days of a dated month
('10 September 2023'), identifiers of documents ('Executive Order 14346'). Everything
inside glue, cite and numref roles, inline code, code blocks, directive options and URLs
is not prose and is skipped.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from usvn import book

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
STRIP = [
    re.compile(r"```.*?```", re.S),  # fenced blocks (code, directives)
    re.compile(r"\{[a-z:]+\}`[^`]*`"),  # roles: glue, cite, numref, ...
    re.compile(r"`[^`]*`"),  # inline code
    re.compile(r"\]\([^)]*\)"),  # link targets
    re.compile(r"https?://\S+"),  # bare URLs
    re.compile(r"^\s*:[a-z-]+:.*$", re.M),  # directive options
    re.compile(r"^\s*\d+\.\s", re.M),  # ordered-list markers
]
ALLOWED = [
    re.compile(r"\b(19|20)\d{2}(s|–\d{2}\b)?"),  # years, decades, 2018–19
    re.compile(rf"\b\d{{1,2}} (?:{MONTHS})\b"),  # 10 September
    re.compile(r"\b(?:Executive Order|EO|Order|Annex|Chapter|Figure|Fig\.|Section|Public Law)\s+[\d-]+\b"),
    re.compile(r"\bBoeing\s+\d{3}(?:-\d+)?\b"),  # aircraft models (Boeing 737, 787-9)
    re.compile(r"\bSpecial\s+301\b"),  # the name of USTR's annual report
    re.compile(r"\bT-6C?\b"),  # the T-6C trainer
    re.compile(r"\bTier [123]\b"),  # the Trafficking in Persons Report's grades (names)
    re.compile(r"\bHaiyang\s+(?:Shiyou|Dizhi)\s+\d+\b"),  # ship and rig names
]
NUMERAL = re.compile(r"(?<![A-Za-z\d])\d[\d,.]*%?")  # not part of a name (sha256, G20)


def pages(root: Path) -> list[Path]:
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [c["file"] for c in part.get("chapters", [])]
    out = []
    for name in files:
        for suffix in (".md",):
            if (root / f"{name}{suffix}").is_file():
                out.append(root / f"{name}{suffix}")
    return out


def prose_of(path: Path) -> list[str]:
    """A page's prose: a plain Markdown page whole, a MyST Markdown notebook's markdown cells."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md" and "```{code-cell}" not in text:
        return [text]
    nb = book.read_source(path)
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


def typed_numbers(text: str) -> list[str]:
    for pattern in STRIP:
        text = pattern.sub(" ", text)
    for pattern in ALLOWED:
        text = pattern.sub(" ", text)
    found = []
    for m in NUMERAL.finditer(text):
        context = text[max(0, m.start() - 40) : m.end() + 40].replace("\n", " ")
        found.append(f"{m.group(0)!r} in «…{context}…»")
    return found


@pytest.mark.parametrize("page", pages(ROOT), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_typed_numbers(page):
    found = [hit for text in prose_of(page) for hit in typed_numbers(text)]
    assert not found, f"{page.relative_to(ROOT)}: numbers typed into prose:\n" + "\n".join(found)


def test_the_scanner_catches_what_it_must():
    assert typed_numbers("imports were $136.6 billion")
    assert typed_numbers("a share of 45% of the total")
    assert typed_numbers("the 14 partners")
    assert not typed_numbers("on 10 September 2023, in the 1990s and in 2018–19")
    assert not typed_numbers("{glue:text}`tr_imports_last` and {cite:p}`amiti2019`")
    assert not typed_numbers("Executive Order 14346 of the same year")
    assert not typed_numbers("1. **Data.** a sha256 hash")
