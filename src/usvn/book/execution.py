"""Execute the chapters with papermill (in parallel, cached), into ``_build/executed/``.

Chapters are authored as MyST Markdown notebooks (``chapters/<name>.md``, jupytext's
``md:myst`` format); the build converts each to a notebook and executes it with papermill.

Cache rule (one mechanism): an executed notebook records in its metadata
(``metadata.usvn``) the key of what its execution depended on: its code cells (source and
tags, in order), the parameters and the pinned requirements; and the digests of the data
resources it read and of the package modules it had loaded (both recorded by the kernel,
see :func:`usvn.data.record_modules`).  A chapter is re-executed only when one of these
differs.  A prose-only edit changes none of them: the executed notebook's outputs are then
carried over into the new text (:func:`splice`), with no kernel.  Hashes, never mtimes.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .. import data, registry, sources
from . import guard
from .digests import files_digest, module_digest, sha

KERNEL = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
_LANGUAGE_KEYS = (
    "name",
    "codemirror_mode",
    "file_extension",
    "mimetype",
    "nbconvert_exporter",
    "pygments_lexer",
)
EXECUTED = Path("_build") / "executed"  # the render root: the book with executed chapters


class BuildError(RuntimeError):
    pass


@dataclass
class Job:
    chapter: str
    source: Path  # the page as authored (chapters/<name>.md)
    out: Path  # where the executed notebook goes
    params: dict = field(default_factory=dict)


@dataclass
class Result:
    chapter: str
    status: str  # executed | cached | spliced | failed
    seconds: float
    out: Path
    error: str = ""


# ----------------------------------------------------------------------------- reading


def read_source(path: Path) -> nbformat.NotebookNode:
    """A page as a notebook: MyST Markdown through jupytext, or a ``.ipynb`` as it is."""
    if path.suffix == ".ipynb":
        return nbformat.read(path, as_version=4)
    import jupytext

    nb = jupytext.read(path, fmt="md:myst")
    nb.metadata.pop("jupytext", None)
    nb.metadata["kernelspec"] = dict(KERNEL)
    for i, cell in enumerate(nb.cells):  # stable ids: the same text gives the same file
        cell["id"] = f"cell-{i}"
    return nb


def _tags(cell) -> list[str]:
    return sorted(cell.get("metadata", {}).get("tags", []))


def _is_injected(cell) -> bool:
    return "injected-parameters" in _tags(cell)


def code_digest(nb: nbformat.NotebookNode) -> str:
    """Hash of what executes: the code cells' sources and tags, in order (not the prose)."""
    cells = [(c.source, _tags(c)) for c in nb.cells if c.cell_type == "code" and not _is_injected(c)]
    return sha(json.dumps(cells))


WHOLE_REGISTRY = ("about",)  # pages that print every chapter's entry (the parameters appendix)


def job_key(root: Path, job: Job, nb: nbformat.NotebookNode | None = None, code: str | None = None) -> str:
    """The key of what executing ``job`` depends on, besides the data and modules it reads
    (``code``: the code digest, when known without reading the page)."""
    if code is None:
        code = code_digest(nb if nb is not None else read_source(job.source))
    entry = (
        "".join(registry.entry_digest(name, root) for name in registry.names(root))
        if job.chapter in WHOLE_REGISTRY
        else registry.entry_digest(job.chapter, root)
    )
    return sha(
        entry,
        code,
        json.dumps(job.params, sort_keys=True, default=str),
        data.sha256_file(root / "requirements.txt"),
    )


def _executed_meta(job: Job) -> dict:
    if not job.out.is_file():
        return {}
    try:
        return json.loads(job.out.read_text(encoding="utf-8"))["metadata"].get("usvn", {})
    except (ValueError, KeyError):  # a truncated or foreign file: execute again
        return {}


def is_current(root: Path, job: Job, key: str) -> bool:
    """The executed notebook was made from this code, these parameters, and the data and
    modules it read, as they are now."""
    meta = _executed_meta(job)
    if meta.get("key") != key:
        return False
    try:
        return all(data.resource_digest(n, root) == d for n, d in meta.get("data", {}).items()) and all(
            module_digest(n, root) == d for n, d in meta.get("modules", {}).items()
        )
    except (KeyError, FileNotFoundError):
        return False


# ----------------------------------------------------------------------------- cleaning


def clean(
    nb: nbformat.NotebookNode, key: str, deps: dict[str, str], modules: dict[str, str]
) -> nbformat.NotebookNode:
    """Drop what changes from run to run (timings, paths, kernel versions) and record
    the inputs' hashes, so that two executions give byte-identical files."""
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = dict(KERNEL)
    lang = nb.metadata.get("language_info", {})
    nb.metadata["language_info"] = {k: lang[k] for k in _LANGUAGE_KEYS if k in lang}
    nb.metadata["usvn"] = {
        "key": key,
        "data": dict(sorted(deps.items())),
        "modules": dict(sorted(modules.items())),
    }
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
    return nb


def splice(source: nbformat.NotebookNode, executed: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The page's current text with the outputs of its last execution: each code cell of
    ``source`` takes the outputs of the executed code cell at the same position (their code
    is identical, or the key would differ); papermill's injected-parameters cell is kept
    after the parameters cell."""
    done = [c for c in executed.cells if c.cell_type == "code" and not _is_injected(c)]
    injected = [c for c in executed.cells if _is_injected(c)]
    out = nbformat.from_dict(json.loads(json.dumps(source)))
    cells, k = [], 0
    for cell in out.cells:
        if cell.cell_type == "code":
            cell.outputs = done[k].get("outputs", [])
            cell.execution_count = done[k].get("execution_count")
            k += 1
        cells.append(cell)
        if cell.cell_type == "code" and "parameters" in _tags(cell) and injected:
            cells.append(injected[0])
    out.cells = cells
    out.metadata = executed.metadata
    out.metadata.setdefault("usvn", {})["code"] = code_digest(source)
    return out


def _write_if_changed(nb: nbformat.NotebookNode, path: Path) -> bool:
    text = nbformat.writes(nb) + "\n"
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return True


# ----------------------------------------------------------------------------- executing


def _execute(root: str, job: Job, key: str, failed_dir: str) -> Result:
    """Run in a worker process: papermill into a temp file, clean, then move into place."""
    import papermill as pm

    start = time.perf_counter()
    root_p = Path(root)
    with tempfile.TemporaryDirectory(prefix=f"usvn-{job.chapter}-") as tmp:
        tmp_in = Path(tmp) / f"{job.chapter}.in.ipynb"
        nbformat.write(read_source(job.source), str(tmp_in))
        tmp_out = Path(tmp) / f"{job.chapter}.ipynb"
        deps_file = Path(tmp) / "deps.txt"
        deps_file.touch()
        os.environ[data.DEPS_ENV] = str(deps_file)
        os.environ[data.ROOT_ENV] = str(root_p)
        try:
            with _kernel_output(root_p / "_build" / "logs" / f"{job.out.stem}.log"):
                _papermill(pm, job, tmp_in, tmp_out)
        except Exception as exc:  # papermill's errors and kernel deaths alike
            keep = Path(failed_dir) / f"{job.chapter}.ipynb"
            keep.parent.mkdir(parents=True, exist_ok=True)
            if tmp_out.exists():
                shutil.copyfile(tmp_out, keep)
            return Result(job.chapter, "failed", time.perf_counter() - start, keep, _describe_failure(exc))
        lines = set(deps_file.read_text().split())
        mods = sorted(x[len(data.MODULE_PREFIX) :] for x in lines if x.startswith(data.MODULE_PREFIX))
        names = sorted(x for x in lines if not x.startswith(data.MODULE_PREFIX))
        deps = {n: data.resource_digest(n, root_p) for n in names}
        modules = {m: module_digest(m, root_p) for m in mods}
        nb = clean(nbformat.read(tmp_out, as_version=4), key, deps, modules)
        spliced = splice(read_source(job.source), nb)  # as a later splice would
        spliced.metadata["usvn"]["source"] = data.sha256_file(job.source)
        _write_if_changed(spliced, job.out)
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


def _papermill(pm, job: Job, source: Path, out: Path) -> None:
    """Execute with papermill.  A failure before any cell ran (a kernel that did not start,
    e.g. two parallel launches racing for a port) is retried; a failing cell is not."""
    for attempt in range(1, KERNEL_START_ATTEMPTS + 1):
        try:
            pm.execute_notebook(
                str(source),
                str(out),
                parameters=job.params or None,
                cwd=str(job.source.parent),
                kernel_name="python3",
                progress_bar=False,
                log_output=False,
            )
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
    return files_digest(
        root,
        ("data/**/*", "src/usvn/data/*.py", "src/usvn/sources/*.py"),
        cache=root / "_build" / ".hashes-data.json",
    )


def validate_always(root: Path) -> None:
    """Validate every resource and snapshot before anything is executed or rendered, and
    compare the derived CSVs with what ``usvn data derive`` makes from the snapshots,
    unless exactly these inputs (every file under data/ and the code that checks and
    derives, by content) were found valid before.  Raises BuildError with the report;
    nothing is written then."""
    digest = validation_digest(root)
    stamp = root / "_build" / VALIDATED
    if stamp.is_file() and stamp.read_text() == digest:
        return
    problems = sources.validate(root, derived=True)
    if problems:
        stamp.unlink(missing_ok=True)
        raise BuildError(
            f"{data.DataError(problems)}\nnothing was executed or rendered; the "
            "previous site and PDF are unchanged"
        )
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(digest)


def execute(root: Path, jobs: list[Job], workers: int | None = None, progress: bool = True) -> list[Result]:
    """Execute the jobs that are out of date, in parallel; carry the outputs of current
    ones into their latest text; report every job."""
    from tqdm import tqdm

    root = root.resolve()
    failed_dir = root / "_build" / "failed"
    validate_always(root)  # stale chapters or not: nothing renders from data that fails
    results, todo = [], []
    for job in jobs:
        t0 = time.perf_counter()
        text_sha = data.sha256_file(job.source)
        meta = _executed_meta(job)
        if meta.get("source") == text_sha and meta.get("code"):  # the page is as executed
            source, key = None, job_key(root, job, code=meta["code"])
        else:
            source = read_source(job.source)
            key = job_key(root, job, source)
        if is_current(root, job, key):
            changed = False
            if source is not None:  # the text changed, the code did not: carry the outputs over
                spliced = splice(source, nbformat.read(job.out, as_version=4))
                spliced.metadata["usvn"]["source"] = text_sha
                changed = _write_if_changed(spliced, job.out)
            results.append(
                Result(job.chapter, "spliced" if changed else "cached", time.perf_counter() - t0, job.out)
            )
        else:
            todo.append((job, key))
    if todo:
        import papermill  # noqa: F401  imported once here, inherited by forked workers

        workers = max(1, min(workers or os.cpu_count() or 1, len(todo)))
        bar = tqdm(
            total=len(todo), desc="executing chapters", unit="chapter", disable=not progress, file=sys.stderr
        )
        pool = ProcessPoolExecutor(max_workers=workers)
        try:
            futures = [pool.submit(_execute, str(root), job, key, str(failed_dir)) for job, key in todo]
            for fut in as_completed(futures):
                res = fut.result()
                bar.set_postfix_str(f"{res.chapter} {res.status}")
                bar.update()
                results.append(res)
        except BaseException:  # Ctrl-C, SIGTERM: no worker or kernel outlives the command
            guard.stop_pool(pool)
            raise
        finally:
            bar.close()
        pool.shutdown()
    order = {job.chapter: i for i, job in enumerate(jobs)}
    return sorted(results, key=lambda r: order[r.chapter])


def default_jobs(root: Path, chapters: tuple[str, ...] | None = None, dest: Path | None = None) -> list[Job]:
    """One job per registered page (or ``chapters``), executed into ``dest/chapters``."""
    dest = dest or root / EXECUTED
    names = chapters if chapters is not None else registry.names(root)
    return [Job(c, root / "chapters" / f"{c}.md", dest / "chapters" / f"{c}.ipynb") for c in names]


def report(results: list[Result], stream=sys.stdout) -> None:
    for r in results:
        line = f"  {r.chapter:<20} {r.status:<9} {r.seconds:6.1f} s"
        if r.status == "failed":
            line += f"\n      {r.error}\n      failed notebook kept at: {r.out}"
        print(line, file=stream)
