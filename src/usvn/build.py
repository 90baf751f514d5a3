"""Execute the chapters with papermill (in parallel, cached by content hash), then render
the website with Jupyter Book into a staging folder and swap it in only when complete.

Cache rule: an executed notebook records in its metadata (``metadata.usvn``) the hash of
everything it was made from: its cells' code and markdown, the parameters, the package
source, the pinned requirements, and a digest of each data resource it loaded (recorded
by ``usvn.data.load`` while the kernel ran).  A chapter is re-executed only when one of
these differs.  Hashes, never mtimes.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from . import charts, data

CHAPTERS = ("diplomatic_upgrade", "trade_framework", "defence_ties")  # parameterized
NOTEBOOKS = CHAPTERS + ("claims", "corrections", "data_sources", "about")  # every executed page of the book
KERNEL = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
_LANGUAGE_KEYS = ("name", "codemirror_mode", "file_extension", "mimetype", "nbconvert_exporter",
                  "pygments_lexer")


class BuildError(RuntimeError):
    pass


@dataclass
class Job:
    chapter: str
    source: Path  # the notebook as authored (chapters/<name>.ipynb)
    out: Path  # where the executed notebook goes
    params: dict = field(default_factory=dict)


@dataclass
class Result:
    chapter: str
    status: str  # executed | cached | failed
    seconds: float
    out: Path
    error: str = ""


# ----------------------------------------------------------------------------- hashing


def _sha(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode())
        h.update(b"\0")
    return h.hexdigest()


def cells_digest(nb: nbformat.NotebookNode) -> str:
    """Hash of what an author wrote: cell types, sources and tags (not outputs)."""
    cells = [(c.cell_type, c.source, sorted(c.get("metadata", {}).get("tags", [])))
             for c in nb.cells if "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
    return _sha(json.dumps(cells))


def environment_digest(root: Path) -> str:
    """The package source and the pinned requirements."""
    files = sorted((root / "src" / "usvn").rglob("*.py")) + [root / "requirements.txt"]
    return _sha(*(f"{p.relative_to(root).as_posix()}:{data.sha256_file(p)}" for p in files))


def job_key(root: Path, job: Job) -> str:
    nb = nbformat.read(job.source, as_version=4)
    return _sha(cells_digest(nb), json.dumps(job.params, sort_keys=True), environment_digest(root))


def is_current(root: Path, job: Job, key: str) -> bool:
    if not job.out.is_file():
        return False
    meta = nbformat.read(job.out, as_version=4).metadata.get("usvn", {})
    if meta.get("key") != key:
        return False
    try:
        return all(data.resource_digest(name, root) == digest
                   for name, digest in meta.get("data", {}).items())
    except (KeyError, FileNotFoundError):
        return False


# ----------------------------------------------------------------------------- cleaning


def clean(nb: nbformat.NotebookNode, key: str, deps: dict[str, str]) -> nbformat.NotebookNode:
    """Drop what changes from run to run (timings, paths, kernel versions) and record
    the inputs' hashes, so that two executions give byte-identical files."""
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = dict(KERNEL)
    lang = nb.metadata.get("language_info", {})
    nb.metadata["language_info"] = {k: lang[k] for k in _LANGUAGE_KEYS if k in lang}
    nb.metadata["usvn"] = {"key": key, "data": dict(sorted(deps.items()))}
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
    return nb


# ----------------------------------------------------------------------------- executing


def _execute(root: str, job: Job, key: str, failed_dir: str) -> Result:
    """Run in a worker process: papermill into a temp file, clean, then move into place."""
    import papermill as pm

    start = time.perf_counter()
    root_p = Path(root)
    with tempfile.TemporaryDirectory(prefix=f"usvn-{job.chapter}-") as tmp:
        tmp_out = Path(tmp) / f"{job.chapter}.ipynb"
        deps_file = Path(tmp) / "deps.txt"
        deps_file.touch()
        os.environ[data.DEPS_ENV] = str(deps_file)
        os.environ[data.ROOT_ENV] = str(root_p)
        try:
            with _kernel_output(root_p / "_build" / "logs" / f"{job.out.stem}.log"):
                _papermill(pm, job, tmp_out)
        except Exception as exc:  # papermill's errors and kernel deaths alike
            keep = Path(failed_dir) / f"{job.chapter}.ipynb"
            keep.parent.mkdir(parents=True, exist_ok=True)
            if tmp_out.exists():
                shutil.copyfile(tmp_out, keep)
            return Result(job.chapter, "failed", time.perf_counter() - start, keep,
                          _describe_failure(exc))
        names = sorted(set(deps_file.read_text().split()))
        deps = {n: data.resource_digest(n, root_p) for n in names}
        nb = clean(nbformat.read(tmp_out, as_version=4), key, deps)
        job.out.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, str(job.out))
    return Result(job.chapter, "executed", time.perf_counter() - start, job.out)


VERBOSE_ENV = "USVN_VERBOSE"


@contextlib.contextmanager
def _kernel_output(log: Path):
    """Send this worker's stderr, which kernels inherit (their start-up warnings and the
    notices of their shutdown), to ``log`` instead of the terminal; ``$USVN_VERBOSE``
    keeps it on the terminal."""
    if os.environ.get(VERBOSE_ENV):
        yield
        return
    log.parent.mkdir(parents=True, exist_ok=True)
    sys.stderr.flush()
    saved = os.dup(2)
    with open(log, "w", encoding="utf-8") as fh:
        os.dup2(fh.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)


KERNEL_START_ATTEMPTS = 3


def _papermill(pm, job: Job, out: Path) -> None:
    """Execute with papermill.  A failure before any cell ran (a kernel that did not start,
    e.g. two parallel launches racing for a port) is retried; a failing cell is not."""
    for attempt in range(1, KERNEL_START_ATTEMPTS + 1):
        try:
            pm.execute_notebook(str(job.source), str(out), parameters=job.params or None,
                                cwd=str(job.source.parent), kernel_name="python3",
                                progress_bar=False, log_output=False)
            return
        except pm.PapermillExecutionError:
            raise
        except Exception:
            if attempt == KERNEL_START_ATTEMPTS:
                raise
            time.sleep(0.5 * attempt)


def _describe_failure(exc: Exception) -> str:
    cell = getattr(exc, "cell_index", None)
    if cell is None:
        return f"{type(exc).__name__}: {exc}"
    ename, evalue = getattr(exc, "ename", ""), getattr(exc, "evalue", "")
    return f"cell {cell} (execution count {getattr(exc, 'exec_count', '?')}): {ename}: {evalue}"


VALIDATED = ".validated"  # in _build/: the digest of the inputs last found valid with derive


def validation_digest(root: Path) -> str:
    """Hash of everything the derive comparison depends on: every file under data/
    (snapshots, derived and curated CSVs, the data package) and the code that derives."""
    return files_digest(root, ("data/**/*", "src/usvn/**/*.py"))


def validate_always(root: Path) -> None:
    """Validate every resource and snapshot before anything is executed or rendered, and
    compare the derived CSVs with what ``usvn data derive`` makes from the snapshots
    unless exactly these inputs were found valid before (the comparison is the slow part).
    Raises BuildError with the report; nothing is written then."""
    digest = validation_digest(root)
    stamp = root / "_build" / VALIDATED
    known = stamp.is_file() and stamp.read_text() == digest
    problems = data.validate(root, derived=not known)
    if problems:
        stamp.unlink(missing_ok=True)
        raise BuildError(f"{data.DataError(problems)}\nnothing was executed or rendered; the "
                         "previous site and PDF are unchanged")
    if not known:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(digest)


def execute(root: Path, jobs: list[Job], workers: int | None = None,
            progress: bool = True) -> list[Result]:
    """Execute the jobs that are out of date, in parallel; report every job."""
    from tqdm import tqdm

    root = root.resolve()
    failed_dir = root / "_build" / "failed"
    results, todo = [], []
    for job in jobs:
        key = job_key(root, job)
        if is_current(root, job, key):
            results.append(Result(job.chapter, "cached", 0.0, job.out))
        else:
            todo.append((job, key))
    validate_always(root)  # stale chapters or not: nothing renders from data that fails
    if todo:
        import papermill  # noqa: F401  imported once here, inherited by forked workers
        workers = max(1, min(workers or os.cpu_count() or 1, len(todo)))
        bar = tqdm(total=len(todo), desc="executing chapters", unit="chapter",
                   disable=not progress, file=sys.stderr)
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(_execute, str(root), job, key, str(failed_dir))
                       for job, key in todo]
            for fut in as_completed(futures):
                res = fut.result()
                bar.set_postfix_str(f"{res.chapter} {res.status}")
                bar.update()
                results.append(res)
        bar.close()
    order = {job.chapter: i for i, job in enumerate(jobs)}
    return sorted(results, key=lambda r: order[r.chapter])


def default_jobs(root: Path, chapters: tuple[str, ...] = NOTEBOOKS) -> list[Job]:
    src = root / "chapters"
    return [Job(c, src / f"{c}.ipynb", src / f"{c}.ipynb") for c in chapters]


def report(results: list[Result], stream=sys.stdout) -> None:
    for r in results:
        line = f"  {r.chapter:<20} {r.status:<9} {r.seconds:6.1f} s"
        if r.status == "failed":
            line += f"\n      {r.error}\n      failed notebook kept at: {r.out}"
        print(line, file=stream)


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


def write_facts_export(root: Path, site: Path) -> tuple[Path, Path]:
    """``facts.json`` and ``facts.csv`` beside the website: the records each executed
    chapter glued, so the export is exactly what the pages were made from."""
    from .facts import export

    records = [r for name in NOTEBOOKS for r in export.from_notebook(root / "chapters" / f"{name}.ipynb")
               if (root / "chapters" / f"{name}.ipynb").is_file()]
    for edition in sorted((root / "editions").glob("*/facts.json")):  # stable URL per edition
        dest = site / "editions" / edition.parent.name / "facts.json"
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(edition, dest)
    return export.write(records, site)


RENDER_INPUTS = ("_config.yml", "_toc.yml", "*.md", "editions/*/facts.json", "references.bib", "requirements.txt",
                 "pyproject.toml", "chapters/*", "_static/**/*", "data/*", "src/usvn/**/*.py")


def render_digest(root: Path, builder: str) -> str:
    """Hash of everything a render reads: pages, executed notebooks, config, bibliography,
    static files (the Vega bundle included), data offered for download, the package."""
    return files_digest(root, RENDER_INPUTS, salt=f"{builder}\n{environment_digest(root)}\n")


def files_digest(root: Path, patterns, salt: str = "") -> str:
    """Hash of the paths and contents of the files under ``root`` matching ``patterns``
    (globs; caches left out), in a fixed order."""
    files = sorted({p for pattern in patterns for p in root.glob(pattern) if p.is_file()
                    and "__pycache__" not in p.parts})
    h = hashlib.sha256(salt.encode())
    for path in files:
        h.update(f"{path.relative_to(root).as_posix()}\0".encode())
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


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
    """The website (warnings are errors), with the self-hosted Vega bundle."""
    write_vega_bundle(root)
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
          formats: tuple[str, ...] = ("html",), pdf_path: Path | None = None) -> list[Result]:
    """The whole book: execute what is stale, then render.  Raises BuildError (after
    reporting) if a chapter fails; the previous site is then left as it was."""
    root = root.resolve()
    jobs = jobs if jobs is not None else default_jobs(root)
    t0 = time.perf_counter()
    results = execute(root, jobs, workers=workers, progress=progress)
    print(f"chapters ({time.perf_counter() - t0:.1f} s):")
    report(results)
    failed = [r for r in results if r.status == "failed"]
    if failed:
        names = ", ".join(r.chapter for r in failed)
        raise BuildError(f"{len(failed)} chapter(s) failed: {names}; the site was not rebuilt")
    if "html" in formats:
        t1 = time.perf_counter()
        html_dir = html_dir or root / "_build" / "html"
        write_vega_bundle(root)
        done = _render_if_changed(root, "html", html_dir, render_html)
        print(f"website: {html_dir / 'index.html'} "
              + (f"({time.perf_counter() - t1:.1f} s)" if done else "(unchanged, not rendered)"))
    if "pdf" in formats:
        t1 = time.perf_counter()
        pdf_path = pdf_path or root / "_build" / PDF_NAME
        done = _render_if_changed(root, "pdf", pdf_path, render_pdf)
        print(f"pdf: {pdf_path} "
              + (f"({time.perf_counter() - t1:.1f} s)" if done else "(unchanged, not rendered)"))
    return results
