"""Rendering: Jupyter Book's website and PDF builders into a staging folder, swapped in
only when complete, each skipped when its inputs are unchanged; the facts export."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .. import charts, registry
from .execute import EXECUTED, BuildError, Job, Result, default_jobs, execute, files_digest, report

# What the render reads besides the executed chapters, copied into the render root.
BOOK_FILES = ("_config.yml", "_toc.yml", "intro.md", "references.md", "references.bib")
BOOK_TREES = ("_static/**/*", "data/*.csv", "data/datapackage.json", "editions/*/facts.json")


# ----------------------------------------------------------------------------- rendering


def write_vega_bundle(root: Path) -> Path:
    """Self-hosted Vega/Vega-Lite/vega-embed, regenerated when Altair's Vega-Lite changes."""
    target = root / "_static" / charts.VEGA_BUNDLE
    stamp = target.with_suffix(".version")
    version = f"{charts.vegalite_minor_version()} format {charts.BUNDLE_FORMAT}"
    if not (target.is_file() and stamp.is_file() and stamp.read_text() == version):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(charts.javascript_bundle(), encoding="utf-8")
        stamp.write_text(version)
    return target


def _swap(new: Path, dest: Path) -> None:
    """Replace ``dest`` by ``new`` with two renames; the old tree is removed last."""
    old = dest.with_name(dest.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if dest.exists():
        dest.rename(old)
    new.rename(dest)
    shutil.rmtree(old, ignore_errors=True)


PDF_NAME = "us-vietnam-relations.pdf"
LATEX_PACKAGES = ("texlive-xetex", "texlive-latex-extra", "texlive-fonts-recommended",
                  "latexmk", "fonts-freefont-otf")


def stage(root: Path, book: Path) -> Path:
    """The render root ``book``: the book's pages, configuration, static files and data
    offered for download, copied from ``root`` where their bytes differ (an unchanged
    file keeps its time, so Sphinx does not read it again); executed chapters go to
    ``book/chapters``.  Files no longer in ``root`` are removed."""
    book.mkdir(parents=True, exist_ok=True)
    wanted = {Path(n) for n in BOOK_FILES if (root / n).is_file()}
    wanted |= {p.relative_to(root) for pattern in BOOK_TREES for p in root.glob(pattern)
               if p.is_file()}
    for rel in sorted(wanted):
        src, dst = root / rel, book / rel
        if dst.is_file() and dst.read_bytes() == src.read_bytes():
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst)
    executed = {Path("chapters") / f"{n}.ipynb" for n in registry.names(root)}
    for path in sorted(book.rglob("*")):
        rel = path.relative_to(book)
        if path.is_file() and rel not in wanted and rel not in executed \
                and not rel.name.startswith("."):
            path.unlink()
    return book


def _jupyter_book(root: Path, staging: Path, builder: str) -> subprocess.CompletedProcess:
    jb = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(jb), "build", str(root), "--path-output", str(staging), "--builder", builder,
           "-W", "-n", "--keep-going", "-q"]
    return subprocess.run(cmd, capture_output=True, text=True)


PASTING_PAGES = ("intro.md",)  # pages that paste values from chapters (glue across documents)


def _render(root: Path, builder: str, built_rel: str, dest: Path) -> Path:
    """Run one Jupyter Book builder; only a complete result replaces ``dest`` (the
    previous site or PDF stays if anything fails).  The website is built in a folder kept
    between builds (``_build/.work-html``), so Sphinx re-reads only the pages that changed;
    the pages that paste values from chapters are always re-read."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".staging-{builder}-", dir=dest.parent))
    work = dest.parent / f".work-{builder}" if builder == "html" else staging
    for page in PASTING_PAGES:
        if (root / page).is_file():
            os.utime(root / page)  # newer than the environment: read again
    try:
        proc = _jupyter_book(root, work, builder)
        built = work / "_build" / built_rel
        if proc.returncode == 0 and built.is_dir() and work != staging:
            shutil.copytree(built, staging / "site")
            built = staging / "site"
        if proc.returncode != 0 or not built.exists():
            log = dest.parent / f"jupyter-book-{builder}.log"
            log.write_text(proc.stdout + proc.stderr, encoding="utf-8")
            tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
            raise BuildError(f"jupyter-book {builder} build failed (full log: {log}); the "
                             f"previous {dest.name} is untouched.\n{tail}")
        if builder == "html" and built.is_dir():
            write_facts_export(root, built)
        if built.is_dir():
            _swap(built, dest)
        else:
            os.replace(built, dest)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return dest


def toc_notebooks(book: Path) -> list[Path]:
    """The executed notebooks of a render root, in the order of its table of contents."""
    import re

    files = re.findall(r"file:\s*(\S+)", (book / "_toc.yml").read_text(encoding="utf-8"))
    return [book / f"{f}.ipynb" for f in files if (book / f"{f}.ipynb").is_file()]


def write_facts_export(root: Path, site: Path) -> tuple[Path, Path]:
    """``facts.json`` and ``facts.csv`` beside the website: the records each executed
    chapter glued, so the export is exactly what the pages were made from."""
    from ..facts import export

    records = [r for nb in toc_notebooks(root) for r in export.from_notebook(nb)]
    for edition in sorted((root / "editions").glob("*/facts.json")):  # stable URL per edition
        dest = site / "editions" / edition.parent.name / "facts.json"
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(edition, dest)
    return export.write(records, site)


def render_digest(book: Path, builder: str) -> str:
    """Hash of everything a render reads: the render root (pages, executed notebooks,
    config, bibliography, static files with the Vega bundle, data offered for download),
    the package (its Sphinx extension and PDF charts) and the pinned requirements."""
    package = Path(__file__).resolve().parents[1]
    salt = files_digest(package.parent, ("usvn/**/*.py",), salt=builder)
    requirements = package.parents[1] / "requirements.txt"
    if requirements.is_file():
        salt += files_digest(requirements.parent, ("requirements.txt",))
    return files_digest(book, ("**/*",), salt=salt)


def _stamp_file(dest: Path) -> Path:
    return dest.with_name(f".{dest.name}.render")


def _render_if_changed(root: Path, builder: str, dest: Path, render) -> bool:
    """Render unless ``dest`` exists and was made from exactly these inputs; True if it
    rendered.  The stamp is written only after a complete render."""
    digest = render_digest(root, builder)
    stamp = _stamp_file(dest)
    if dest.exists() and stamp.is_file() and stamp.read_text() == digest:
        return False
    stamp.unlink(missing_ok=True)
    render(root, dest)
    stamp.write_text(digest)
    return True


def render_html(root: Path, dest: Path) -> Path:
    """The website (warnings are errors); ``root`` is a render root (see :func:`stage`)."""
    return _render(root, "html", "html", dest)


def missing_latex_tools() -> list[str]:
    return [tool for tool in ("xelatex", "latexmk") if shutil.which(tool) is None]


def render_pdf(root: Path, dest: Path) -> Path:
    """The typeset PDF: Jupyter Book's LaTeX builder with xelatex; charts as vector PDF."""
    missing = missing_latex_tools()
    if missing:
        raise BuildError(f"the PDF needs {', '.join(missing)}; install with: sudo apt-get "
                         f"install {' '.join(LATEX_PACKAGES)}")
    return _render(root, "pdflatex", f"latex/{PDF_NAME}", dest)


FORMATS = ("html", "pdf")


def build(root: Path, jobs: list[Job] | None = None, html_dir: Path | None = None,
          workers: int | None = None, progress: bool = True,
          formats: tuple[str, ...] = ("html",), pdf_path: Path | None = None,
          book: Path | None = None) -> list[Result]:
    """The whole book: stage the render root (``_build/executed``), execute what is stale
    into it, then render.  Raises BuildError (after reporting) if a chapter fails; the
    previous site is then left as it was."""
    root = root.resolve()
    book = book or root / EXECUTED
    jobs = jobs if jobs is not None else default_jobs(root, dest=book)
    t0 = time.perf_counter()
    results = execute(root, jobs, workers=workers, progress=progress)
    print(f"chapters ({time.perf_counter() - t0:.1f} s):")
    report(results)
    failed = [r for r in results if r.status == "failed"]
    if failed:
        names = ", ".join(r.chapter for r in failed)
        raise BuildError(f"{len(failed)} chapter(s) failed: {names}; the site was not rebuilt")
    write_vega_bundle(root)
    stage(root, book)
    if "html" in formats:
        t1 = time.perf_counter()
        html_dir = html_dir or root / "_build" / "html"
        done = _render_if_changed(book, "html", html_dir, render_html)
        print(f"website: {html_dir / 'index.html'} "
              + (f"({time.perf_counter() - t1:.1f} s)" if done else "(unchanged, not rendered)"))
    if "pdf" in formats:
        t1 = time.perf_counter()
        pdf_path = pdf_path or root / "_build" / PDF_NAME
        done = _render_if_changed(book, "pdf", pdf_path, render_pdf)
        print(f"pdf: {pdf_path} "
              + (f"({time.perf_counter() - t1:.1f} s)" if done else "(unchanged, not rendered)"))
    return results
