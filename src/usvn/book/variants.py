"""Re-execution for researchers: one chapter or the whole book with other parameters,
and parameter sweeps.  Everything is written under an output folder of its own; the
book's ``chapters/`` and ``_build/html`` are never touched."""

from __future__ import annotations

import ast
import contextlib
import datetime as dt
import difflib
import itertools
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd
import yaml

from .. import data, params, registry, sources
from . import execution as build
from . import guard, render, sweeps


def parse_value(text: str) -> Any:
    """A parameter value from the command line, read as YAML (2010, 0.46, true, null, [a, b])."""
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise params.ParameterError(f"malformed value {text!r}: {exc.problem}") from None
    except ValueError:  # looks like a date but is none (2020-13-45): the date rule will say so
        return text
    if isinstance(value, (dt.date, dt.datetime)):  # YAML reads 2023-09-09 as a date
        return text
    return value


def validate(chapter: str, given: dict[str, Any]) -> dict[str, Any]:
    """Check overrides for ``chapter`` before anything runs: unknown names (with the
    closest match), then every rule of the schema on the merged values."""
    schema = registry.schema(chapter)
    names = [p.name for p in schema]
    for name in given:
        if name not in names:
            close = difflib.get_close_matches(name, names, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise params.ParameterError(
                f"{chapter}: unknown parameter {name!r}{hint} Valid: {', '.join(names)}"
            )
    params.check(chapter, schema, {p.name: p.default for p in schema} | given)
    return given


def slug(values: dict[str, Any]) -> str:
    """Folder name derived from the parameter values, e.g. tariff_rate-0.46."""
    if not values:
        return "defaults"
    text = "_".join(f"{k}-{v}" for k, v in sorted(values.items()))
    return re.sub(r"[^A-Za-z0-9_.=-]+", "-", text)[:120]


def load_variant(path: Path) -> dict[str, dict[str, Any]]:
    """A variant file: ``{chapter: {parameter: value}}``, every value checked."""
    try:
        spec = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise params.ParameterError(f"{path}: not valid YAML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise params.ParameterError(
            f"{path}: cannot read the variant file ({exc.__class__.__name__}: "
            f"{getattr(exc, 'strerror', None) or exc}); give the path of a YAML "
            "file such as variants/tariff_46.yml"
        ) from None
    except ValueError as exc:  # a date YAML cannot build (2020-13-45)
        raise params.ParameterError(f"{path}: {exc}") from None
    if not isinstance(spec, dict):
        raise params.ParameterError(f"{path}: expected a mapping of chapter -> parameters")
    for chapter, given in spec.items():
        if chapter not in registry.parameterized():
            raise params.ParameterError(
                f"{path}: unknown chapter {chapter!r}; chapters: {', '.join(registry.parameterized())}"
            )
        try:
            validate(chapter, given or {})
        except params.ParameterError as exc:
            raise params.ParameterError(f"{path}: {exc}") from None
    return {c: dict(g or {}) for c, g in spec.items()}


def mark_variant(path: Path, chapter: str, given: dict[str, Any]) -> None:
    """State the non-default parameters at the top of an executed variant notebook."""
    nb = nbformat.read(path, as_version=4)
    nb.cells = [c for c in nb.cells if "usvn-variant" not in c.metadata.get("tags", [])]
    defaults = {p.name: p.default for p in registry.schema(chapter)}
    changed = ", ".join(f"`{k} = {v!r}` (default `{defaults[k]!r}`)" for k, v in sorted(given.items()))
    title = nb.cells[0].source.splitlines()[0] if nb.cells else ""
    header = nbformat.v4.new_markdown_cell(
        "```{admonition} A variant, not the book's default\n:class: warning\n"
        f"This page was executed with other parameters: {changed}. The cell tagged "
        "`injected-parameters` below shows them as papermill set them.\n```"
    )
    header.metadata["tags"] = ["usvn-variant"]
    header["id"] = "usvn-variant"
    # keep the chapter title first so the page keeps its heading
    if title.startswith("# "):
        first = nb.cells[0]
        rest = "\n".join(first.source.splitlines()[1:]).strip()
        first.source = title
        nb.cells.insert(1, header)
        if rest:
            cell = nbformat.v4.new_markdown_cell(rest)
            cell["id"] = "usvn-variant-intro"
            nb.cells.insert(2, cell)
    else:
        nb.cells.insert(0, header)
    nbformat.write(nb, str(path))


def build_variant(
    root: Path,
    overrides: dict[str, dict[str, Any]],
    out: Path,
    formats: tuple[str, ...] = ("html",),
    workers: int | None = None,
    progress: bool = True,
) -> list[build.Result]:
    """The whole book with per-chapter overrides, into ``out`` (book/, html/, PDF)."""
    root, out = root.resolve(), out.resolve()
    staging = out / "book"
    # every page of the book: overridden ones with their parameters, the others with the
    # defaults (each cached like the book's own build)
    jobs = [
        build.Job(
            c, root / "chapters" / f"{c}.md", staging / "chapters" / f"{c}.ipynb", overrides.get(c) or {}
        )
        for c in registry.names(root)
    ]
    for job in jobs:  # the book's own execution, where current, serves the default pages
        built = root / build.EXECUTED / "chapters" / job.out.name
        if not job.params and not job.out.exists() and built.is_file():
            job.out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(built, job.out)
    results = build.execute(root, jobs, workers=workers, progress=progress)
    failed = [r for r in results if r.status == "failed"]
    if failed:
        build.report(results)
        raise build.BuildError(
            f"{len(failed)} chapter(s) failed: {', '.join(r.chapter for r in failed)}; nothing was rendered"
        )
    for job in jobs:
        if job.params:
            mark_variant(job.out, job.chapter, job.params)
    render.write_vega_bundle(root)
    render.stage(root, staging)
    if "html" in formats:
        render.render_html(staging, out / "html")
    if "pdf" in formats:
        render.render_pdf(staging, out / render.PDF_NAME)
    return results


def glued(path: Path) -> dict[str, str]:
    """Every scalar glued in an executed notebook: key -> its plain-text value."""
    out = {}
    for cell in nbformat.read(path, as_version=4).cells:
        for output in cell.get("outputs", []):
            meta = output.get("metadata", {}).get("scrapbook")
            if not meta or meta["name"].startswith(("fig_", "_")):  # figures, hidden glue
                continue
            bundle = output["data"]
            markdown = bundle.get(meta["mime_prefix"] + "text/markdown")
            value = markdown if markdown is not None else bundle.get(meta["mime_prefix"] + "text/plain", "")
            if markdown is None and value[:1] in "'\"" and value[:1] == value[-1:]:
                value = ast.literal_eval(value)  # a string's repr, quotes and escapes undone
            out[meta["name"]] = value
    return out


def split_values(text: str) -> list[str]:
    """Split a sweep's value list on top-level commas: "1,2" -> ["1", "2"] but
    "[a, b],[c]" -> ["[a, b]", "[c]"] (lists keep their own commas)."""
    parts, depth, current = [], 0, ""
    for ch in text:
        depth += ch in "[{"
        depth -= ch in "]}"
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return [p.strip() for p in parts]


def grid(chapter: str, lists: dict[str, list[Any]]) -> list[dict[str, Any]]:
    """Every combination of the listed values, each validated before anything runs."""
    names = list(lists)
    points = [dict(zip(names, combo)) for combo in itertools.product(*lists.values())]
    for point in points:
        validate(chapter, point)
    return points


def sweep(
    root: Path,
    chapter: str,
    lists: dict[str, list[Any]],
    out: Path,
    workers: int | None = None,
    progress: bool = True,
    execute: bool = False,
    scheduler: str | None = None,
) -> tuple[pd.DataFrame, list]:
    """Every combination of the grid, one tidy row of results each, in ``out/sweep.csv``.
    By default rows are computed in process: all at once where the chapter's fast path
    covers the swept parameters, else one chapter computation per point (parallel over
    cores, no kernel); ``scheduler`` runs the same computation on a Dask cluster;
    ``execute`` runs the notebook with papermill instead (cached like the build), keeping
    an executed notebook per run."""
    import time

    root, out = root.resolve(), out.resolve()
    points = grid(chapter, lists)
    sweeps.claim(out, chapter, lists)
    swept = list(lists)
    if execute:
        jobs = [
            build.Job(chapter, root / "chapters" / f"{chapter}.md", out / "runs" / f"{slug(p)}.ipynb", p)
            for p in points
        ]
        results = build.execute(root, jobs, workers=workers, progress=progress)
        rows = []
        for point, job, res in zip(points, jobs, results):
            row = dict(point) | {"status": res.status, "notebook": str(job.out.relative_to(out))}
            if res.status != "failed":
                row |= glued(job.out)
            rows.append(row)
    else:
        problems = sources.validate(root)  # once, before any work: one clear report
        if problems:
            raise build.BuildError(f"{data.DataError(problems)}\nnothing was computed")
        fast = sweeps.fast_path(chapter, swept) is not None
        t0 = time.perf_counter()
        if scheduler:
            rows = sweeps.on_cluster(scheduler, root, chapter, points, fast)
        elif fast:
            rows = sweeps.fast_chunk(str(root), chapter, points)
        else:
            rows = _sweep_in_process(root, chapter, points, workers, progress)
        each = (time.perf_counter() - t0) / max(1, len(points))
        results = [
            build.Result(chapter, r["status"], each, Path(slug(p)), r.get("error", ""))
            for p, r in zip(points, rows)
        ]
    frame = sweeps.tidy(pd.DataFrame(rows).drop(columns=["error"], errors="ignore"), swept)
    frame.to_csv(out / "sweep.csv", index=False)
    return frame, results


def _sweep_in_process(
    root: Path, chapter: str, points: list[dict], workers: int | None, progress: bool
) -> list[dict]:
    import os
    from concurrent.futures import ProcessPoolExecutor

    from tqdm import tqdm

    workers = max(1, min(workers or os.cpu_count() or 1, len(points)))
    chunk = max(1, len(points) // (workers * 8))
    rows = []
    with ProcessPoolExecutor(max_workers=workers) as pool, _stopped_on_interrupt(pool):
        answers = pool.map(
            sweeps.facts_row, [str(root)] * len(points), [chapter] * len(points), points, chunksize=chunk
        )
        for point, (values, _, error) in tqdm(
            zip(points, answers),
            total=len(points),
            desc="computing",
            unit="run",
            disable=not progress,
            file=sys.stderr,
        ):
            rows.append(dict(point) | {"status": "failed" if error else "computed", "error": error} | values)
    return rows


@contextlib.contextmanager
def _stopped_on_interrupt(pool):
    """Ctrl-C or SIGTERM during a sweep: the workers are killed, not waited for."""
    try:
        yield
    except BaseException:
        guard.stop_pool(pool)
        raise


def sweep_chart(frame: pd.DataFrame, chapter: str, swept: list[str]):
    """A line of the chapter's numeric key result against the first swept parameter (one
    line per value of the second, if it has few values), drawn from aggregated data so
    that a grid of any size makes a small chart; a band shows the range over the other
    parameters where there are any."""
    import altair as alt

    from .. import charts
    from . import sweeps

    key = registry.page(chapter).numeric
    data = sweeps.summary_frame(frame, swept, key)
    numeric = pd.api.types.is_numeric_dtype(data[swept[0]])
    x = alt.X(f"{swept[0]}:{'Q' if numeric else 'O'}", title=swept[0])
    by = [c for c in swept[1:2] if c in data.columns]
    enc: dict[str, object] = {"x": x, "y": alt.Y(f"{key}:Q", title=key)}
    if by:
        data[by[0]] = data[by[0]].astype(str)
        enc["color"] = alt.Color(f"{by[0]}:N", title=by[0])
    chart = alt.Chart(data).mark_line(point=len(data) <= 200).encode(**enc)
    if (data["runs"] > 1).any():
        band = (
            alt.Chart(data)
            .mark_area(opacity=0.2)
            .encode(
                x=x,
                y=alt.Y(f"{key}_min:Q", title=key),
                y2=f"{key}_max:Q",
                **({"color": enc["color"]} if by else {}),
            )
        )
        chart = band + chart
    return charts.finish(
        chart.properties(width=charts.WIDTH),
        title=f"{chapter}: {key} across the sweep ({int(data['runs'].sum()):,} runs)",
        source="book's calculation (usvn sweep)",
        alt_text=f"Line chart of {key} against {swept[0]}, averaged over the other swept parameters.",
    )
