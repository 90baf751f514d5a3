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

import pytest

from conftest import ROOT, _executed_book, copy_repo
from usvn import book as build
from usvn import registry
from usvn.chapters import trade_framework
from usvn.chapters.trade_framework import analysis as trade
from usvn.chapters.trade_framework import live as whatif_live
from usvn.chapters.trade_framework import whatif
from usvn.facts import kinds as text

pytestmark = pytest.mark.site
CHROMIUM = "/usr/bin/chromium"
PAGES = ["intro.html", "references.html", *(f"chapters/{c}.html" for c in registry.names())]


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    """A copy of the repository, built (website and PDF) as `make book` builds it."""
    root = copy_repo(tmp_path_factory.mktemp("site") / "book")
    shutil.copytree(_executed_book(), root / build.EXECUTED)  # executed once per test run
    build.build(root, progress=False, formats=("html", "pdf"))
    return root


@pytest.fixture(scope="module")
def server(book):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(book / "_build" / "html"))
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
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
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
    tab.on(
        "console", lambda m: errors.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None
    )
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.on("response", lambda r: errors.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None)
    tab.goto(f"{server}/{page}", wait_until="networkidle")
    expected = charts_in(book / "_build" / "html" / page)
    if expected:
        tab.wait_for_function(
            f"document.querySelectorAll('.usvn-chart [data-drawn], .usvn-chart[data-drawn]').length >= {expected}",
            timeout=30_000,
        )
    marks = tab.eval_on_selector_all(
        ".usvn-chart",
        "els => els.map(e => e.querySelectorAll('g.mark-symbol path, g.mark-rect path,"
        " g.mark-line path, g.mark-area path, g.mark-rule line, g.mark-rule path').length)",
    )
    assert len(marks) == expected and all(n > 0 for n in marks), marks
    if expected:  # hovering a mark (the largest, so it is surely visible) shows its tooltip
        point = tab.evaluate(HOVER_TARGET)
        tab.mouse.move(point["x"], point["y"])
        tab.wait_for_selector("#vg-tooltip-element.visible", timeout=5_000)
        shown = tab.inner_text("#vg-tooltip-element")
        assert "NaN" not in shown and "Invalid Date" not in shown, shown
    shots = ROOT / "_build" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(shots / (page.replace("/", "_") + ".png")), full_page=True)
    ctx.close()
    foreign = [
        u
        for u in requests
        if urlparse(u).scheme not in ("data", "blob", "about")
        and urlparse(u).hostname not in ("127.0.0.1", "localhost")
    ]
    assert foreign == [], f"requests left localhost: {foreign}"
    assert errors == [], f"console errors or warnings: {errors}"


def _captions(root: Path) -> list[str]:
    """The first sentence of every glue:figure caption in the chapters."""
    out = []
    for chapter in registry.names():
        nb = build.read_source(root / "chapters" / f"{chapter}.md")
        for cell in nb.cells:
            for block in re.findall(r"```\{glue:figure\}.*?\n(.*?)```", cell.source, re.S):
                body = "\n".join(ln for ln in block.splitlines() if not ln.startswith(":")).strip()
                out.append(body.split(". ")[0].split(";")[0])
    return out


def _norm(text: str) -> str:
    text = text.replace("\u00ad", "").replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text).strip()


def test_pdf_has_every_chapter_and_every_chart_as_a_captioned_figure(book):
    assert shutil.which("pdftotext"), "poppler-utils is required (make test installs it)"
    pdf = book / "_build" / build.PDF_NAME
    text = _norm(
        subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
    )
    for chapter in registry.names():
        nb = build.read_source(book / "chapters" / f"{chapter}.md")
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


WEB_ONLY = re.compile(r"\bhover|\bclick|\btap\b|on the website|below the chart|the controls", re.I)


def _pdf_words(pdf: Path) -> list[tuple[int, float, float, float, float, float, float, str]]:
    """Every word of the PDF with its page, the page size and its box (pdftotext -bbox)."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = []
    for n, (w, h, body) in enumerate(
        re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S), 1
    ):
        for x0, y0, x1, y1, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', body
        ):
            words.append((n, float(w), float(h), float(x0), float(y0), float(x1), float(y1), word))
    return words


def test_pdf_keeps_every_word_inside_the_margins_and_prints_no_web_only_wording(book):
    """No table, address or chart text runs past the page's margins or into the footer
    (checked word by word), and no sentence tells a reader of paper to hover or click."""
    pdf = book / "_build" / build.PDF_NAME
    words = _pdf_words(pdf)
    assert len(words) > 10_000
    # the text block, as the running heads at the top of every page span it
    heads = [(x0, x1) for _, _, _, x0, y0, x1, _, _ in words if y0 < 60]
    left, right = min(x0 for x0, _ in heads), max(x1 for _, x1 in heads)
    assert right - left > 400, (left, right)
    outside = [
        f"p. {n}: {word[:50]} ({x0:.0f}–{x1:.0f} pt; text block {left:.0f}–{right:.0f}; bottom {y1:.0f} of {h:.0f})"
        for n, w, h, x0, _, x1, y1, word in words
        if x0 < left - 8 or x1 > right + 8 or y1 > h - 28
    ]
    assert outside == [], outside[:20]
    text = _norm(
        subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True).stdout
    )
    found = [text[max(0, m.start() - 60) : m.end() + 40] for m in WEB_ONLY.finditer(text)]
    assert found == [], found


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
    assert all(
        urlparse(u).hostname in ("127.0.0.1", "localhost")
        for u in requests
        if urlparse(u).scheme in ("http", "https")
    )


# Phrases that talk about the book or its making instead of the subject ("Writing for
# readers" in the project guide).  "How this book is built" is exempt: it is about that.
SELF_REFERENCE = [
    r"the book's data",
    r"the book's table",
    r"the book's",
    r"the project could read",
    r"the project",
    r"not yet sourced",
    r"could not (?:yet )?be sourced",
    r"sourced (?:year|value)",
    r"\bthe book\b",
    r"data package\)",
    r"\bthe 1st\b",
    r"\b\d+(?:st|nd|rd|th)[- ]fastest",
]
EXEMPT = {"chapters/about.html"}


def reader_text(html: str) -> str:
    """The text a reader sees on a page: the article, without code, scripts or charts."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    main = soup.find("main") or soup
    for tag in main.select(
        "script, style, pre, code, div.cell_input, .usvn-chart, nav, "
        ".bd-sidebar-secondary, .prev-next-area, footer"
    ):
        tag.decompose()
    return " ".join(main.get_text(" ").split())


def test_pages_write_about_the_subject_not_the_book(book):
    hits = []
    for page in sorted(set(PAGES) - EXEMPT):
        text = reader_text((book / "_build" / "html" / page).read_text(encoding="utf-8"))
        for phrase in SELF_REFERENCE:
            for m in re.finditer(phrase, text, re.I):
                hits.append(f"{page}: «…{text[max(0, m.start() - 60) : m.end() + 40]}…»")
    assert not hits, "self-referential prose:\n" + "\n".join(hits)


def test_no_code_is_shown_to_readers(book):
    for page in ["intro.html", *(f"chapters/{c}.html" for c in registry.names())]:
        html = (book / "_build" / "html" / page).read_text(encoding="utf-8")
        assert "Show code cell source" not in html, page
        assert 'class="cell_input' not in html, page
    from bs4 import BeautifulSoup

    html = (book / "_build" / "html" / "chapters" / "trade_framework.html").read_text(encoding="utf-8")
    trade = " ".join(BeautifulSoup(html, "html.parser").find("article").get_text(" ").split())
    assert "Re-run this chapter" in trade and "usvn run trade_framework" in trade
    # the re-run box follows the story, collapsed (a dropdown), not between findings and story
    assert trade.index("Caveats") < trade.index("Re-run this chapter")
    box = (
        BeautifulSoup(html, "html.parser")
        .find("p", string=re.compile("Re-run this chapter"))
        .find_parent("div")
    )
    assert "dropdown" in box["class"], box["class"]


def test_computed_numbers_show_their_source_on_hover_and_in_the_page_list(book, server, browser):
    """Hover shows a number's source; keyboard and screen-reader users reach the same note
    in the page's list of sources, which the number names as its description; numbers are
    not tab stops."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = ctx.new_page()
    for page in [
        "intro.html",
        *(f"chapters/{c}.html" for c in ("diplomatic_upgrade", "trade_framework", "defence_ties")),
    ]:
        tab.goto(f"{server}/{page}")
        sourced = tab.locator(".usvn-sourced")
        assert sourced.count() > 10, page
        assert tab.locator(".pasted-text[tabindex]").count() == 0, page
        first = sourced.first
        note = first.get_attribute("data-source")
        assert note.startswith("Source: ")
        first.hover()
        assert note in tab.evaluate("e => getComputedStyle(e, '::after').content", first.element_handle())
        described = tab.evaluate(
            "e => document.getElementById(e.getAttribute('aria-describedby')).textContent",
            first.element_handle(),
        )
        assert described == f"{first.inner_text().strip()}: {note}", (page, described)
        listed = tab.locator("details.usvn-source-list li").count()
        facts = tab.evaluate(
            "new Set([...document.querySelectorAll('.usvn-sourced')].map(e => e.dataset.fact)).size"
        )
        assert listed == facts, page  # one entry per number on the page
    trade = (book / "_build" / "html" / "chapters" / "trade_framework.html").read_text(encoding="utf-8")
    assert 'data-source="Source: US Census Bureau (2' in trade and 'data-fact="tr_imports_last"' in trade
    ctx.close()


# ----------------------------------------------------------------------------- screens and keys

WIDTHS = (390, 1280)  # a phone and a laptop
FIT = """() => {
  const over = [];
  for (const el of document.querySelectorAll('.usvn-chart')) {
    const column = el.parentElement.getBoundingClientRect();
    for (const part of [el, el.querySelector('svg')]) {
      const r = part.getBoundingClientRect();
      if (r.right > column.right + 0.5 || r.left < column.left - 0.5)
        over.push(`${el.id}: ${Math.round(r.width)} px in a ${Math.round(column.width)} px column`);
    }
  }
  return {over: over, scroll: document.documentElement.scrollWidth, inner: window.innerWidth};
}"""


def _axe_script() -> Path:
    import axe_playwright_python

    return Path(axe_playwright_python.__file__).parent / "axe.min.js"


AXE = """async () => (await axe.run(document, {runOnly: {type: 'tag',
  values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations.map(
  v => `${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`)"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page", PAGES)
def test_page_fits_the_screen_without_warnings_or_accessibility_violations(
    book, server, browser, page, width
):
    """At a phone's and a laptop's width: every chart inside its column, the page never
    scrolls sideways, no console warning or error, and axe-core finds no WCAG 2 A/AA
    violation."""
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    tab = ctx.new_page()
    messages = []
    tab.on(
        "console",
        lambda m: (
            messages.append(f"{m.type}: {m.text}") if m.type in ("error", "warning", "assert") else None
        ),
    )
    tab.on("pageerror", lambda e: messages.append(str(e)))
    tab.goto(f"{server}/{page}", wait_until="networkidle")
    expected = charts_in(book / "_build" / "html" / page)
    if expected:
        tab.wait_for_function(
            f"document.querySelectorAll('.usvn-chart[data-drawn]').length >= {expected}", timeout=30_000
        )
    fit = tab.evaluate(FIT)
    assert fit["over"] == [], fit["over"]
    assert fit["scroll"] <= fit["inner"], f"the page scrolls sideways: {fit['scroll']} > {fit['inner']} px"
    assert messages == [], messages
    tab.add_script_tag(path=str(_axe_script()))
    assert tab.evaluate(AXE) == []
    ctx.close()


def test_the_first_live_control_is_a_few_tab_stops_from_the_chapter_title(book, server, browser):
    """From the trade chapter's title, the keyboard reaches a what-if control in a few
    stops: a link near the top leads to the live charts (computed numbers are not stops)."""
    tab = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    tab.goto(f"{server}/chapters/trade_framework.html", wait_until="networkidle")
    tab.wait_for_function("document.querySelectorAll('.usvn-chart[data-drawn]').length > 10", timeout=30_000)
    tab.click("article h1")
    stops = 0
    where = "(() => { const e = document.activeElement; return [e.tagName, e.getAttribute('href') || ''] })()"
    while stops < 6:
        stops += 1
        tab.keyboard.press("Tab")
        kind, href = tab.evaluate(where)
        if href.endswith("#fig-tr-real"):
            break
    else:
        raise AssertionError("no link to the live charts within 6 stops of the title")
    tab.keyboard.press("Enter")
    for _ in range(4):
        stops += 1
        tab.keyboard.press("Tab")
        if tab.evaluate(where)[0] in ("INPUT", "SELECT"):
            break
    else:
        raise AssertionError("the link does not lead to a control")
    assert stops <= 8, stops
    tab.context.close()


# ----------------------------------------------------------------------------- live figures

FIND_VIEW = """(signal) => { for (const [id, v] of Object.entries(window.usvnViews || {})) {
  try { v.signal(signal); return id; } catch (e) {} } return null; }"""
SET_CONTROL = """async ([id, name, value]) => {
  const el = document.querySelector(`#${id} [name="${name}"]`);
  if (el.type === "radio") {
    const radio = document.querySelector(`#${id} input[name="${name}"][value="${value}"]`);
    radio.checked = true; radio.dispatchEvent(new Event("change", {bubbles: true}));
  } else {
    el.value = String(value);
    el.dispatchEvent(new Event(el.tagName === "SELECT" ? "change" : "input", {bubbles: true}));
  }
  await window.usvnViews[id].runAsync();
}"""
SIGNALS = "([id, names]) => Object.fromEntries(names.map(n => [n, window.usvnViews[id].signal(n)]))"
WHATIF_INPUTS = [
    "tariff_rate",
    "exempt_share",
    "transshipment_share",
    "transshipment_rate",
    "elasticity",
    "base_year",
]
# sliders in per cent (named <parameter>_pct) for the model's shares
SLIDER = {c[0]: whatif_live.control(c[0], c[5]) for c in whatif_live.WHATIF_CONTROLS if c[5] != 1}
SHOWN_AS = {c[0]: c[5] for c in whatif_live.WHATIF_CONTROLS if c[5] != 1}
WHATIF_OUTPUTS = ["imports_before", "effective_rate", "imports_after", "change_share", "revenue"]


def whatif_combinations(n: int = 24) -> list[dict]:
    """A fixed spread of settings on the controls' steps (deterministic, reproducible)."""
    import random

    rng = random.Random(20251026)
    return [
        {
            "tariff_rate": rng.randrange(0, 101) / 100,
            "exempt_share": rng.randrange(0, 101) / 100,
            "transshipment_share": rng.randrange(0, 101) / 100,
            "transshipment_rate": rng.randrange(0, 101) / 100,
            "elasticity": rng.randrange(0, 101) / 10,
            "base_year": rng.randrange(1995, 2026),
        }
        for _ in range(n)
    ]


@pytest.fixture(scope="module")
def trade_page(book, server, browser):
    tab = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    tab.goto(f"{server}/chapters/trade_framework.html")
    tab.wait_for_function("() => window.usvnViews && Object.keys(window.usvnViews).length > 10")
    yield tab
    tab.context.close()


def _rel(a: float, b: float) -> float:
    return abs(a - b) / max(abs(b), 1e-300)


def test_the_live_whatif_equals_the_python_model_in_at_least_20_settings(trade_page):
    from usvn import data

    annual = data.load("us_vn_trade_annual").set_index("year")["imports_usd_m"]
    view = trade_page.evaluate(FIND_VIEW, "effective_rate")
    assert view, "the what-if figure is on the trade page"
    checked = 0
    for combo in whatif_combinations():
        for name in WHATIF_INPUTS:  # the sliders show per cent where the model takes a share
            shown = round(combo[name] * SHOWN_AS[name]) if name in SHOWN_AS else combo[name]
            trade_page.evaluate(SET_CONTROL, [view, SLIDER.get(name, name), shown])
        got = trade_page.evaluate(SIGNALS, [view, WHATIF_INPUTS + WHATIF_OUTPUTS])
        for name in WHATIF_INPUTS:  # the controls set the parameters
            assert got[name] == pytest.approx(combo[name], abs=1e-12), (name, combo)
        rate = whatif.effective_rate(
            combo["tariff_rate"],
            combo["exempt_share"],
            combo["transshipment_rate"],
            combo["transshipment_share"],
        )
        model = whatif.scenario(float(annual.loc[combo["base_year"]]), rate, combo["elasticity"])
        expected = {
            "imports_before": model["imports_before_usd_m"],
            "effective_rate": rate,
            "imports_after": model["imports_after_usd_m"],
            "change_share": model["change_share"],
            "revenue": model["revenue_usd_m"],
        }
        for name, value in expected.items():
            assert _rel(got[name], value) <= 1e-9 or abs(got[name] - value) <= 1e-12, (
                name,
                combo,
                got[name],
                value,
            )
        checked += 1
    assert checked >= 20
    print(f"live what-if: {checked} settings equal to usvn.chapters.trade_framework.whatif")


def test_the_live_whatif_starts_at_the_numbers_in_the_text(browser, server):
    from usvn import data, facts

    tab = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    tab.goto(f"{server}/chapters/trade_framework.html")
    tab.wait_for_function("() => window.usvnViews && Object.keys(window.usvnViews).length > 10")
    view = tab.evaluate(FIND_VIEW, "effective_rate")
    got = tab.evaluate(SIGNALS, [view, WHATIF_OUTPUTS])
    f = trade_framework.facts(facts.cached(data.load))
    assert text.percent(got["effective_rate"], 1) == f["tr_eff_rate"]
    assert text.usd_billions(got["imports_after"]) == f["tr_sc_after"]
    assert text.percent(abs(got["change_share"]), 1) == f["tr_sc_change"]
    assert text.usd_billions(got["revenue"]) == f["tr_sc_revenue"]
    page_text = tab.inner_text("main")
    for key in ("tr_eff_rate", "tr_sc_after", "tr_sc_revenue"):
        assert str(f[key]) in page_text
    tab.context.close()


def test_every_live_control_has_a_visible_label_and_answers_the_keyboard(trade_page):
    for signal in ("effective_rate", "base_cpi"):
        view = trade_page.evaluate(FIND_VIEW, signal)
        labels = trade_page.evaluate(
            "(id) => Array.from(document.querySelectorAll(`#${id} .vega-bind`)).map(d => "
            "[d.querySelector('.vega-bind-name').textContent.trim(), d.querySelector('.vega-bind-name').getBoundingClientRect().width])",
            view,
        )
        assert labels and all(name and width > 0 for name, width in labels), labels
    view = trade_page.evaluate(FIND_VIEW, "effective_rate")
    trade_page.evaluate(SET_CONTROL, [view, "tariff_rate_pct", 20])
    assert trade_page.evaluate(SIGNALS, [view, ["tariff_rate"]])["tariff_rate"] == pytest.approx(0.2)
    slider = trade_page.locator(f"#{view} input[name=tariff_rate_pct]")
    slider.focus()
    trade_page.keyboard.press("ArrowRight")
    trade_page.wait_for_function(f"() => window.usvnViews['{view}'].signal('tariff_rate') > 0.2")
    step = next(c[4] for c in whatif_live.WHATIF_CONTROLS if c[0] == "tariff_rate")  # in per cent
    assert trade_page.evaluate(SIGNALS, [view, ["tariff_rate"]])["tariff_rate"] == pytest.approx(
        0.2 + step / 100
    )


SHOWN = """(id) => { const v = window.usvnViews[id];
  for (const name of Object.keys(v._runtime.data)) {
    const rows = v.data(name);
    if (rows.length && 'shown' in rows[0]) return rows.map(r => [r.year, r.flow, r.shown]); }
  return null; }"""


def test_the_live_price_basis_equals_python_s_deflation(trade_page):
    from usvn import data

    annual = data.load("us_vn_trade_annual")
    cpi = data.load("cpi_u_annual")
    view = trade_page.evaluate(FIND_VIEW, "base_cpi")
    settings = [
        ("constant", 2024, 1995, 2025),
        ("constant", 2000, 2001, 2020),
        ("constant", 1995, 2010, 2025),
        ("current", 2024, 2005, 2015),
    ]
    for dollars, base, first, last in settings:
        for name, value in (
            ("dollars", dollars),
            ("price_base", base),
            ("first_year", first),
            ("last_year", last),
        ):
            trade_page.evaluate(SET_CONTROL, [view, name, value])
        rows = trade_page.evaluate(SHOWN, view)
        years = sorted({r[0] for r in rows})
        assert years == list(range(first, last + 1))
        expected = (
            trade.deflate(annual, cpi, base, ["exports_usd_m", "imports_usd_m"])
            if dollars == "constant"
            else annual
        )
        expected = expected.set_index("year")
        for year, flow, shown in rows:
            column = "imports_usd_m" if "imports" in flow else "exports_usd_m"
            assert _rel(shown, float(expected.loc[year, column])) <= 1e-9, (dollars, base, year, flow)
