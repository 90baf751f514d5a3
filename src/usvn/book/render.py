"""Rendering: Jupyter Book's website and PDF builders into a staging folder, swapped in
only when complete, each skipped when its inputs are unchanged; the facts export."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .. import registry
from . import guard
from .digests import drop_stale_environment
from .execution import EXECUTED, BuildError, Job, Result, default_jobs, execute, files_digest, report

# What the render reads besides the executed chapters, copied into the render root.
BOOK_FILES = ("_config.yml", "_toc.yml", "intro.md", "references.md", "references.bib")
BOOK_TREES = ("_static/**/*", "data/*.csv", "data/datapackage.json", "editions/*/facts.json")


# ----------------------------------------------------------------------------- rendering


def write_vega_bundle(root: Path) -> Path:
    """Self-hosted Vega/Vega-Lite/vega-embed, regenerated when the pinned Altair or
    vl-convert (which supplies the scripts) changes, or the bundle's format does."""
    from ..charts.bundle import BUNDLE_FORMAT, VEGA_BUNDLE

    target = root / "_static" / VEGA_BUNDLE
    stamp = target.with_suffix(".version")
    pins = [
        ln
        for ln in (root / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if ln.startswith(("altair==", "vl-convert-python=="))
    ]
    version = f"{' '.join(pins)} format {BUNDLE_FORMAT}"
    if not (target.is_file() and stamp.is_file() and stamp.read_text() == version):
        from .. import charts

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
LATEX_PACKAGES = (
    "texlive-xetex",
    "texlive-latex-extra",
    "texlive-fonts-recommended",
    "latexmk",
    "fonts-freefont-otf",
)


def stage(root: Path, book: Path) -> Path:
    """The render root ``book``: the book's pages, configuration, static files and data
    offered for download, copied from ``root`` where their bytes differ (an unchanged
    file keeps its time, so Sphinx does not read it again); executed chapters go to
    ``book/chapters``.  Files no longer in ``root`` are removed."""
    book.mkdir(parents=True, exist_ok=True)
    wanted = {Path(n) for n in BOOK_FILES if (root / n).is_file()}
    wanted |= {p.relative_to(root) for pattern in BOOK_TREES for p in root.glob(pattern) if p.is_file()}
    for rel in sorted(wanted):
        src, dst = root / rel, book / rel
        if dst.is_file() and dst.read_bytes() == src.read_bytes():
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst)
    executed = {Path("chapters") / f"{n}.ipynb" for n in registry.names(root)}
    for path in sorted(book.rglob("*")):
        rel = path.relative_to(book)
        if path.is_file() and rel not in wanted and rel not in executed and not rel.name.startswith("."):
            path.unlink()
    return book


WARM_IMPORTS = (
    "jupyter_book.cli.main",
    "sphinx.application",
    "sphinx.builders.html",
    "sphinx.builders.latex",
    "myst_nb",
    "myst_nb.sphinx_ext",
    "sphinx_book_theme",
    "pydata_sphinx_theme",
    "sphinxcontrib.bibtex",
    "sphinx_design",
    "sphinx_togglebutton",
    "sphinx_copybutton",
    "sphinx_thebe",
    "sphinx_comments",
    "sphinx_external_toc",
    "sphinx_multitoc_numbering",
    "sphinx_jupyterbook_latex",
    "usvn.book.sphinxext",
    "usvn.facts.export",
)


class Builder:
    """A child process, forked early, that imports Jupyter Book, Sphinx and the book's
    extensions (on another core, while the parent executes or splices the chapters) and
    then runs one ``jupyter-book build`` command: the command-line tool's behaviour without
    its start-up time.  Unused, it exits when closed."""

    def __init__(self) -> None:
        sys.stdout.flush()
        sys.stderr.flush()
        read_args, self._send = os.pipe()
        self.log = Path(tempfile.NamedTemporaryFile(prefix="jupyter-book-", suffix=".log", delete=False).name)
        self.pid = os.fork()
        if self.pid == 0:
            os.close(self._send)
            self._child(read_args)
        os.close(read_args)

    def _child(self, read_args: int) -> None:  # never returns
        code = 1
        try:
            fd = os.open(self.log, os.O_WRONLY | os.O_TRUNC)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            import importlib

            for name in WARM_IMPORTS:
                with contextlib.suppress(ImportError):
                    importlib.import_module(name)
            with os.fdopen(read_args, "rb") as fh:  # one line: a later child holds this pipe too,
                args = json.loads(fh.readline() or b"null")  # so the end of file may never come
            if args is None:
                code = 0
            else:
                from jupyter_book.cli.main import main as jupyter_book

                jupyter_book.main(args=args, prog_name="jupyter-book", standalone_mode=False)
                code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        except BaseException:  # report any failure in the log the parent shows
            import traceback

            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)

    def run(self, args: list[str]) -> subprocess.CompletedProcess:
        os.write(self._send, json.dumps(args).encode() + b"\n")
        os.close(self._send)
        try:
            _, status = os.waitpid(self.pid, 0)
        except BaseException:  # Ctrl-C, SIGTERM: the render stops with the command
            self.close()
            raise
        text = self.log.read_text(encoding="utf-8", errors="replace")
        self.log.unlink(missing_ok=True)
        return subprocess.CompletedProcess(args, os.waitstatus_to_exitcode(status), text, "")

    def close(self) -> None:
        """Stop an unused child (it has only imported modules; nothing to finish)."""
        if self.pid:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
                os.close(self._send)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.log.unlink(missing_ok=True)
            self.pid = 0


_WARM: list[Builder] = []  # builders forked ahead of the renders that will need them


def prewarm(count: int) -> None:
    """Fork ``count`` builders now, to be used by the next renders."""
    _WARM.extend(Builder() for _ in range(count))


def release() -> None:
    while _WARM:
        _WARM.pop().close()


def _jupyter_book(root: Path, staging: Path, builder: str) -> subprocess.CompletedProcess:
    """``jupyter-book build`` (warnings are errors, nitpicky) in a forked child."""
    args = [
        "build",
        str(root),
        "--path-output",
        str(staging),
        "--builder",
        builder,
        "-W",
        "-n",
        "--keep-going",
        "-q",
    ]
    child = _WARM.pop(0) if _WARM else Builder()
    return child.run(args)


PASTING_PAGES = ("intro.md",)  # pages that paste values from chapters (glue across documents)


def _render(root: Path, builder: str, built_rel: str, dest: Path) -> Path:
    """Run one Jupyter Book builder; only a complete result replaces ``dest`` (else the old
    site or PDF stays).  The website is built in a kept folder (``_build/.work-html``), so
    Sphinx re-reads only changed pages; pages that paste values are read again when a glued
    value changed, and every page when the bibliography or config changed."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".staging-{builder}-", dir=dest.parent))
    work = dest.parent / f".work-{builder}" if builder == "html" else staging
    pasted, stamp = glued_digest(root), work / ".pasted"
    env_stamp, shared = drop_stale_environment(root, work)
    if not (stamp.is_file() and stamp.read_text() == pasted):  # values changed since
        for page in (p for p in PASTING_PAGES if (root / p).is_file()):
            os.utime(root / page)  # newer than the environment: read again
        stamp.unlink(missing_ok=True)
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
            raise BuildError(
                f"jupyter-book {builder} build failed (full log: {log}); the "
                f"previous {dest.name} is untouched.\n{tail}"
            )
        if builder == "html" and built.is_dir():
            write_facts_export(root, built)
        if work != staging:
            stamp.write_text(pasted)
            env_stamp.write_text(shared)
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


def _glued(nb: Path, only: str | None = None) -> str:
    """The glue outputs of an executed notebook (all, or the one named ``only``), as JSON."""
    cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
    return json.dumps(
        [
            o
            for c in cells
            if c["cell_type"] == "code"
            for o in c.get("outputs", [])
            if (name := o.get("metadata", {}).get("scrapbook", {}).get("name"))
            and (only is None or name == only)
        ]
    )


def glued_digest(book: Path) -> str:
    """Digest of every value the executed pages glue (what other pages may paste)."""
    return files_digest(book, (), salt="\n".join(_glued(nb) for nb in toc_notebooks(book)))


def write_facts_export(root: Path, site: Path) -> tuple[Path, Path]:
    """``facts.json`` and ``facts.csv`` beside the website: the records each executed
    chapter glued, so the export is exactly what the pages were made from."""
    from ..facts import export

    for edition in sorted((root / "editions").glob("*/facts.json")):  # stable URL per edition
        dest = site / "editions" / edition.parent.name / "facts.json"
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(edition, dest)
    # The export depends only on what each page glued and on the data package (the rows'
    # documents): made again only when one of them changed (not for an edit of the prose).
    notebooks = toc_notebooks(root)
    glued = [_glued(nb, export.FACTS_KEY) for nb in notebooks]
    key = files_digest(root, ("data/datapackage.json",), salt="\n".join(glued))
    cache = root.parent / ".facts-export"
    names = ("facts.json", "facts.csv")
    if not ((cache / "key").is_file() and (cache / "key").read_text() == key):
        shutil.rmtree(cache, ignore_errors=True)
        export.write([r for nb in notebooks for r in export.from_notebook(nb)], cache)
        (cache / "key").write_text(key)
    for name in names:
        shutil.copyfile(cache / name, site / name)
    return site / names[0], site / names[1]


def render_digest(book: Path, builder: str) -> str:
    """Hash of everything a render reads: the render root (pages, executed notebooks,
    config, bibliography, static files with the Vega bundle, data offered for download),
    the package (its Sphinx extension and PDF charts) and the pinned requirements."""
    package = Path(__file__).resolve().parents[1]
    salt = files_digest(package.parent, ("usvn/**/*.py",), salt=builder)
    requirements = package.parents[1] / "requirements.txt"
    if requirements.is_file():
        salt += files_digest(requirements.parent, ("requirements.txt",))
    return files_digest(book, ("**/*",), salt=salt, cache=book.parent / ".hashes-render.json")


def _stamp_file(dest: Path) -> Path:
    return dest.with_name(f".{dest.name}.render")


def _render_if_changed(root: Path, builder: str, dest: Path, render) -> bool:
    """Render unless ``dest`` was made from these inputs (stamped after a full render)."""
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
        raise BuildError(
            f"the PDF needs {', '.join(missing)}; install with: sudo apt-get "
            f"install {' '.join(LATEX_PACKAGES)}"
        )
    return _render(root, "pdflatex", f"latex/{PDF_NAME}", dest)


FORMATS = ("html", "pdf")


def build(
    root: Path,
    jobs: list[Job] | None = None,
    html_dir: Path | None = None,
    workers: int | None = None,
    progress: bool = True,
    formats: tuple[str, ...] = ("html",),
    pdf_path: Path | None = None,
    book: Path | None = None,
) -> list[Result]:
    """The whole book: execute what is stale into ``_build/executed``, then render.  Raises
    BuildError (after reporting) if a chapter fails; the previous site is then kept."""
    root = root.resolve()
    book = book or root / EXECUTED
    jobs = jobs if jobs is not None else default_jobs(root, dest=book)
    t0 = time.perf_counter()
    with guard.lock(root / "_build"):  # one build of a book at a time; a second one waits
        guard.clean_staging(root / "_build")
        prewarm(len([f for f in formats if f in FORMATS]))
        try:
            return _build(root, book, jobs, html_dir, workers, progress, formats, pdf_path, t0)
        finally:
            release()


def _build(
    root: Path,
    book: Path,
    jobs: list[Job],
    html_dir: Path | None,
    workers: int | None,
    progress: bool,
    formats: tuple[str, ...],
    pdf_path: Path | None,
    t0: float,
) -> list[Result]:
    results = execute(root, jobs, workers=workers, progress=progress)
    print(f"chapters ({time.perf_counter() - t0:.1f} s):")
    report(results)
    failed = [r for r in results if r.status == "failed"]
    if failed:
        names = ", ".join(r.chapter for r in failed)
        raise BuildError(f"{len(failed)} chapter(s) failed: {names}; the site was not rebuilt")
    write_vega_bundle(root)
    stage(root, book)
    outputs = {
        "html": ("website", html_dir or root / "_build" / "html", render_html),
        "pdf": ("pdf", pdf_path or root / "_build" / PDF_NAME, render_pdf),
    }
    for fmt in [f for f in outputs if f in formats]:
        label, out, render = outputs[fmt]
        t1 = time.perf_counter()
        done = _render_if_changed(book, fmt, out, render)
        took = f"({time.perf_counter() - t1:.1f} s)" if done else "(unchanged, not rendered)"
        print(f"{label}: {out / 'index.html' if fmt == 'html' else out} {took}")
    return results
