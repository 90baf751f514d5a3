"""The built book in real tools: every page in headless Chromium (offline, no console
errors, every chart drawn and answering hover) and the PDF (pdftotext)."""
from __future__ import annotations

import functools
import http.server
import re
import shutil
import subprocess
import threading
from pathlib import Path
from urllib.parse import urlparse

import nbformat
import pytest

from usvn import build

from conftest import ROOT, copy_repo

pytestmark = pytest.mark.site
CHROMIUM = "/usr/bin/chromium"
PAGES = ["intro.html", "references.html", *(f"chapters/{c}.html" for c in build.NOTEBOOKS)]


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    """A copy of the repository, built (website and PDF) as `make book` builds it."""
    root = copy_repo(tmp_path_factory.mktemp("site") / "book")
    build.build(root, progress=False, formats=("html", "pdf"))
    return root


@pytest.fixture(scope="module")
def server(book):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler,
                                directory=str(book / "_build" / "html"))
    handler.log_message = lambda *a, **k: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).is_file(), "Debian's chromium is required (make test installs it)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


HOVER_TARGET = """() => {
  let best = null, area = 0;
  for (const el of document.querySelectorAll(
      '.usvn-chart g.mark-symbol path, .usvn-chart g.mark-rect path')) {
    const r = el.getBoundingClientRect();
    if (r.width * r.height > area) { area = r.width * r.height; best = el; }
  }
  best.scrollIntoView({block: "center"});
  const r = best.getBoundingClientRect();
  return {x: r.x + r.width / 2, y: r.y + r.height / 2};
}"""


def charts_in(html: Path) -> int:
    return html.read_text(encoding="utf-8").count('class="usvn-chart"')


@pytest.mark.parametrize("page", PAGES)
def test_page_draws_every_chart_offline_without_errors(book, server, browser, page):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = ctx.new_page()
    requests, errors = [], []
    tab.on("request", lambda r: requests.append(r.url))
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.on("response", lambda r: errors.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None)
    tab.goto(f"{server}/{page}", wait_until="networkidle")
    expected = charts_in(book / "_build" / "html" / page)
    if expected:
        tab.wait_for_function(
            f"document.querySelectorAll('.usvn-chart [data-drawn], .usvn-chart[data-drawn]').length >= {expected}",
            timeout=30_000)
    marks = tab.eval_on_selector_all(
        ".usvn-chart", "els => els.map(e => e.querySelectorAll('g.mark-symbol path, g.mark-rect path,"
        " g.mark-line path, g.mark-area path, g.mark-rule line, g.mark-rule path').length)")
    assert len(marks) == expected and all(n > 0 for n in marks), marks
    if expected:  # hovering a mark (the largest, so it is surely visible) shows its tooltip
        point = tab.evaluate(HOVER_TARGET)
        tab.mouse.move(point["x"], point["y"])
        tab.wait_for_selector("#vg-tooltip-element.visible", timeout=5_000)
    shots = ROOT / "_build" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(shots / (page.replace("/", "_") + ".png")), full_page=True)
    ctx.close()
    foreign = [u for u in requests if urlparse(u).scheme not in ("data", "blob", "about")
               and urlparse(u).hostname not in ("127.0.0.1", "localhost")]
    assert foreign == [], f"requests left localhost: {foreign}"
    assert errors == [], f"console errors: {errors}"


def _captions(root: Path) -> list[str]:
    """The first sentence of every glue:figure caption in the chapters."""
    out = []
    for chapter in build.NOTEBOOKS:
        nb = nbformat.read(root / "chapters" / f"{chapter}.ipynb", as_version=4)
        for cell in nb.cells:
            for block in re.findall(r"```\{glue:figure\}.*?\n(.*?)```", cell.source, re.S):
                body = "\n".join(l for l in block.splitlines() if not l.startswith(":")).strip()
                out.append(body.split(". ")[0].split(";")[0])
    return out


def _norm(text: str) -> str:
    text = text.replace("\u00ad", "").replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text).strip()


def test_pdf_has_every_chapter_and_every_chart_as_a_captioned_figure(book):
    assert shutil.which("pdftotext"), "poppler-utils is required (make test installs it)"
    pdf = book / "_build" / build.PDF_NAME
    text = _norm(subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
                                capture_output=True, text=True, check=True).stdout)
    for chapter in build.NOTEBOOKS:
        nb = nbformat.read(book / "chapters" / f"{chapter}.ipynb", as_version=4)
        title = nb.cells[0].source.splitlines()[0].lstrip("# ").strip()
        assert title in text, title
    captions = _captions(book)
    website_charts = sum(charts_in(book / "_build" / "html" / p) for p in PAGES)
    assert len(captions) == website_charts
    for caption in captions:
        assert _norm(caption) in text, caption
    assert "Việt Nam" in text  # Vietnamese diacritics survive xelatex
    assert "Tamberi" in text and "Bibliography" in text  # citations resolve to a bibliography
    figures = re.findall(r"Fig(?:ure|\.) \d+\.\d+", text)
    assert len(set(figures)) >= website_charts


def test_search_works_offline(book, server, browser):
    ctx = browser.new_context()
    tab = ctx.new_page()
    requests = []
    tab.on("request", lambda r: requests.append(r.url))
    tab.goto(f"{server}/search.html?q=tariff", wait_until="networkidle")
    tab.wait_for_selector("#search-results ul.search li", timeout=15_000)
    hits = tab.eval_on_selector_all("#search-results ul.search li a", "els => els.map(e => e.href)")
    ctx.close()
    assert any("trade_framework" in h for h in hits), hits
    assert all(urlparse(u).hostname in ("127.0.0.1", "localhost") for u in requests
               if urlparse(u).scheme in ("http", "https"))


# Phrases that talk about the book or its making instead of the subject ("Writing for
# readers" in the project guide).  "How this book is built" is exempt: it is about that.
SELF_REFERENCE = [
    r"the book's data", r"the book's table", r"the book's", r"the project could read",
    r"the project", r"not yet sourced", r"could not (?:yet )?be sourced", r"sourced (?:year|value)",
    r"\bthe book\b", r"data package\)", r"\bthe 1st\b", r"\b\d+(?:st|nd|rd|th)[- ]fastest",
]
EXEMPT = {"chapters/about.html"}


def reader_text(html: str) -> str:
    """The text a reader sees on a page: the article, without code, scripts or charts."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    main = soup.find("main") or soup
    for tag in main.select("script, style, pre, code, div.cell_input, .usvn-chart, nav, "
                           ".bd-sidebar-secondary, .prev-next-area, footer"):
        tag.decompose()
    return " ".join(main.get_text(" ").split())


def test_pages_write_about_the_subject_not_the_book(book):
    hits = []
    for page in sorted(set(PAGES) - EXEMPT):
        text = reader_text((book / "_build" / "html" / page).read_text(encoding="utf-8"))
        for phrase in SELF_REFERENCE:
            for m in re.finditer(phrase, text, re.I):
                hits.append(f"{page}: «…{text[max(0, m.start() - 60):m.end() + 40]}…»")
    assert not hits, "self-referential prose:\n" + "\n".join(hits)


def test_no_code_is_shown_to_readers(book):
    for page in ["intro.html", *(f"chapters/{c}.html" for c in build.NOTEBOOKS)]:
        html = (book / "_build" / "html" / page).read_text(encoding="utf-8")
        assert "Show code cell source" not in html, page
        assert 'class="cell_input' not in html, page
    from bs4 import BeautifulSoup

    html = (book / "_build" / "html" / "chapters" / "trade_framework.html").read_text(encoding="utf-8")
    trade = " ".join(BeautifulSoup(html, "html.parser").find("article").get_text(" ").split())
    assert "Re-run this chapter" in trade and "usvn run trade_framework" in trade
    assert trade.index("Key findings") < trade.index("Re-run this chapter") < trade.index("Thirty years")


def test_computed_numbers_show_their_source_on_focus(book, server, browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = ctx.new_page()
    for page in ["intro.html", *(f"chapters/{c}.html" for c in
                                 ("diplomatic_upgrade", "trade_framework", "defence_ties"))]:
        tab.goto(f"{server}/{page}")
        sourced = tab.locator(".usvn-sourced")
        assert sourced.count() > 10, page
        first = sourced.first
        first.focus()  # keyboard focus shows the note as hover does
        note = first.get_attribute("data-source")
        assert note.startswith("Source: ") and first.get_attribute("aria-description") == note
        shown = tab.evaluate("e => getComputedStyle(e, '::after').content", first.element_handle())
        assert note in shown, page
    trade = (book / "_build" / "html" / "chapters" / "trade_framework.html").read_text(encoding="utf-8")
    assert 'data-source="Source: US Census Bureau: US goods trade with Vietnam, annual' in trade
    ctx.close()
