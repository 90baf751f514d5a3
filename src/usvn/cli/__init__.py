"""The ``usvn`` command (also ``python -m usvn``)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .. import book as build_mod
from .. import data, registry
from .. import params as params_mod
from .data_commands import (
    cmd_data_derive,
    cmd_data_package,
    cmd_data_stamp,
    cmd_data_update,
    cmd_data_validate,
    cmd_edition,
    root_of,
)

_root = root_of


def _formats(text: str) -> tuple[str, ...]:
    """``--formats``: html, pdf, both, or none (execute only); anything else is a usage error."""
    formats = tuple(f for f in text.split(",") if f and f != "none")
    unknown = [f for f in formats if f not in build_mod.FORMATS]
    if unknown:
        raise params_mod.ParameterError(
            f"--formats: unknown format(s) {', '.join(unknown)}; "
            f"allowed: {', '.join(build_mod.FORMATS)}, none"
        )
    return formats


def cmd_build(args: argparse.Namespace) -> int:
    root = _root(args)
    formats = _formats(args.formats)
    if args.params:
        return _build_variant(root, args, formats)
    out = Path(args.out).resolve() if args.out else None
    try:
        build_mod.build(
            root,
            html_dir=out / "html" if out else None,
            workers=args.workers,
            progress=not args.quiet,
            formats=formats,
            pdf_path=out / build_mod.PDF_NAME if out else None,
        )
    except build_mod.BuildError as exc:
        print(f"usvn build: {exc}", file=sys.stderr)
        return 1
    return 0


def _overrides(chapter: str, pairs: list[list[str]]) -> dict:
    from ..book import variants

    given = {name: variants.parse_value(value) for name, value in pairs}
    return variants.validate(chapter, given)


def cmd_run(args: argparse.Namespace) -> int:
    from ..book import variants

    root = _root(args)
    try:
        given = _overrides(args.chapter, args.param)
    except params_mod.ParameterError as exc:
        print(f"usvn run: {exc}", file=sys.stderr)
        return 2
    out = (
        Path(args.out).resolve()
        if args.out
        else root / "_build" / "runs" / args.chapter / variants.slug(given)
    )
    try:
        results = variants.build_variant(
            root, {args.chapter: given}, out, formats=("html",), progress=not args.quiet
        )
    except build_mod.BuildError as exc:
        print(f"usvn run: {exc}", file=sys.stderr)
        return 1
    build_mod.report(results)
    notebook = out / "book" / "chapters" / f"{args.chapter}.ipynb"
    print(f"executed notebook: {notebook}")
    print(f"page: {out / 'html' / 'chapters' / f'{args.chapter}.html'}")
    values = variants.glued(notebook)
    for key in registry.page(args.chapter, root).results:
        print(f"  {key:<22} {values.get(key, '')}")
    return 0


def cmd_sweep(args: argparse.Namespace) -> int:
    from ..book import sweeps, variants

    root = _root(args)
    try:
        lists = {
            name: [variants.parse_value(v) for v in variants.split_values(value)]
            for name, value in args.param
        }
        points = variants.grid(args.chapter, lists)
    except params_mod.ParameterError as exc:
        print(f"usvn sweep: {exc}", file=sys.stderr)
        return 2
    out = (
        Path(args.out).resolve()
        if args.out
        else root / "_build" / "sweeps" / args.chapter / sweeps.folder_name(args.chapter, lists)
    )
    try:
        frame, results = variants.sweep(
            root,
            args.chapter,
            lists,
            out,
            workers=args.workers,
            progress=not args.quiet,
            execute=args.execute,
            scheduler=args.scheduler,
        )
    except params_mod.ParameterError as exc:
        print(f"usvn sweep: {exc}", file=sys.stderr)
        return 2
    except build_mod.BuildError as exc:
        print(f"usvn sweep: {exc}", file=sys.stderr)
        return 1
    failed = [r for r in results if r.status == "failed"]
    chart = variants.sweep_chart(frame[frame["status"] != "failed"], args.chapter, list(lists))
    from ..charts import pdf as pdfcharts

    (out / "summary.svg").write_text(pdfcharts.spec_to_svg(chart.to_dict()), encoding="utf-8")
    counts = {s: sum(r.status == s for r in results) for s in ("computed", "executed", "cached")}
    print(
        f"{len(points)} runs ("
        + ", ".join(f"{n} {s}" for s, n in counts.items() if n)
        + f", {len(failed)} failed; {sum(r.seconds for r in results):.1f} s of work)"
    )
    print(f"results: {out / 'sweep.csv'}\nchart: {out / 'summary.svg'}")
    for r in failed:
        print(f"  failed: {r.out}: {r.error}", file=sys.stderr)
    return 1 if failed else 0


RESEARCH_OUTPUTS = {"runs": "usvn run", "sweeps": "usvn sweep", "variants": "usvn build --params"}


def cmd_clean(args: argparse.Namespace) -> int:
    """Remove researchers' outputs under _build (runs, sweeps, variant books) and staging
    left by killed builds; the book's own site, PDF and executed chapters stay."""
    import shutil

    from ..book import guard

    build_dir = _root(args) / "_build"
    kinds = args.kinds or list(RESEARCH_OUTPUTS)
    unknown = [k for k in kinds if k not in RESEARCH_OUTPUTS]
    if unknown:
        raise params_mod.ParameterError(
            f"nothing called {', '.join(unknown)}; choose from {', '.join(RESEARCH_OUTPUTS)}"
        )
    with guard.lock(build_dir):
        for kind in kinds:
            folder = build_dir / kind
            if folder.exists():
                size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
                shutil.rmtree(folder)
                print(f"removed {folder} ({size / 1e6:.1f} MB, made by {RESEARCH_OUTPUTS[kind]})")
        for leftover in guard.clean_staging(build_dir):
            print(f"removed {leftover} (left by a stopped build)")
    return 0


def cmd_params(args: argparse.Namespace) -> int:
    try:
        chapters = [args.chapter] if args.chapter else list(registry.parameterized())
        print("\n\n".join(params_mod.describe(c, registry.schema(c)) for c in chapters))
    except params_mod.ParameterError as exc:
        print(f"usvn params: {exc}", file=sys.stderr)
        return 2
    return 0


def _build_variant(root: Path, args: argparse.Namespace, formats: tuple[str, ...]) -> int:
    from ..book import variants

    try:
        overrides = variants.load_variant(Path(args.params))
    except params_mod.ParameterError as exc:
        print(f"usvn build: {exc}", file=sys.stderr)
        return 2
    out = Path(args.out).resolve() if args.out else root / "_build" / "variants" / Path(args.params).stem
    try:
        results = variants.build_variant(
            root, overrides, out, formats=formats, workers=args.workers, progress=not args.quiet
        )
    except build_mod.BuildError as exc:
        print(f"usvn build: {exc}", file=sys.stderr)
        return 1
    build_mod.report(results)
    if "html" in formats:
        print(f"variant website: {out / 'html' / 'index.html'}")
    if "pdf" in formats:
        print(f"variant pdf: {out / build_mod.PDF_NAME}")
    return 0


def cmd_preview(args: argparse.Namespace) -> int:
    from ..book import preview

    preview.serve(_root(args), port=args.port)
    return 0


def _chapters() -> list[str]:
    """The chapters with parameters, from the registry (for help texts; empty outside a book)."""
    try:
        return list(registry.parameterized())
    except (OSError, params_mod.ParameterError):
        return []


def _chapter_and_params(
    p: argparse.ArgumentParser, metavar: tuple[str, str], help: str, required: bool = False
) -> None:
    """The ``chapter`` argument and the repeatable ``-p NAME VALUE(S)`` option."""
    p.add_argument("chapter", help="a chapter with parameters: " + ", ".join(_chapters()))
    p.add_argument(
        "-p", "--param", nargs=2, action="append", default=[], required=required, metavar=metavar, help=help
    )


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="usvn", description=__doc__)
    p.add_argument("--root", help="the book's folder (default: found from the current folder)")
    p.add_argument(
        "--verbose",
        action="store_true",
        help="show the kernels' own messages (start-up warnings, shutdown notices); "
        "by default they go to _build/logs/",
    )
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser(
        "build",
        help="execute stale chapters (papermill) and render the website and the PDF",
        description="Validate the data, execute the chapters that are stale into "
        "_build/executed (a prose-only edit executes nothing), then render what changed: "
        "the website (_build/html) and the PDF (needs xelatex; see --formats).",
    )
    b.add_argument("--out", help="output folder (default: _build)")
    b.add_argument("--workers", type=int, help="parallel chapter executions (default: one per core)")
    b.add_argument("--quiet", action="store_true", help="no progress bar")
    b.add_argument(
        "--params",
        help="a variant: YAML file of per-chapter parameter overrides "
        "(built into --out, default _build/variants/<name>)",
    )
    b.add_argument(
        "--formats",
        default="html,pdf",
        help="what to render, comma-separated: html, pdf (default: html,pdf); "
        "none executes the chapters into _build/executed and renders nothing",
    )
    b.set_defaults(func=cmd_build)

    r = sub.add_parser("run", help="execute one chapter with other parameters (never into chapters/)")
    _chapter_and_params(
        r, ("NAME", "VALUE"), "a parameter and its value (YAML: 2010, 0.46, true, null, [a, b])"
    )
    r.add_argument("--out", help="output folder (default: _build/runs/<chapter>/<parameters>)")
    r.add_argument("--quiet", action="store_true", help="no progress bar")
    r.set_defaults(func=cmd_run)

    sw = sub.add_parser("sweep", help="run a chapter over a grid of parameter values")
    _chapter_and_params(sw, ("NAME", "V1,V2,..."), "a parameter and its values", required=True)
    sw.add_argument("--out", help="output folder (default: _build/sweeps/<chapter>/<grid and its hash>)")
    sw.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run the sweep on a Dask cluster (e.g. tcp://10.0.0.5:8786); results as computed locally",
    )
    sw.add_argument("--workers", type=int, help="parallel runs (default: one per core)")
    sw.add_argument("--quiet", action="store_true", help="no progress bar")
    sw.add_argument(
        "--execute",
        action="store_true",
        help="execute the notebook with papermill "
        "for every run (slow; keeps the executed notebooks) instead of computing "
        "the chapter's facts in process",
    )
    sw.set_defaults(func=cmd_sweep)

    cl = sub.add_parser(
        "clean", help="remove researchers' outputs under _build (runs, sweeps, variants); the site stays"
    )
    cl.add_argument("kinds", nargs="*", help="runs, sweeps or variants (default: all three)")
    cl.set_defaults(func=cmd_clean)

    pp = sub.add_parser("params", help="list chapters' parameters: defaults, types, ranges, meaning")
    pp.add_argument("chapter", nargs="?", help="one chapter (default: all)")
    pp.set_defaults(func=cmd_params)

    pv = sub.add_parser(
        "preview",
        help="serve the website on localhost; rebuild and reload it "
        "when a chapter, page or data file changes",
    )
    pv.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default 8000)")
    pv.set_defaults(func=cmd_preview)

    e = sub.add_parser(
        "edition",
        help="record the current facts as the edition NAME "
        "(editions/NAME/facts.json; the corrections page compares with the latest)",
    )
    e.add_argument("name", help="the edition's date, YYYY-MM-DD")
    e.set_defaults(func=cmd_edition)

    d = sub.add_parser("data", help="check and maintain data/")
    dsub = d.add_subparsers(dest="data_command", required=True)
    v = dsub.add_parser("validate", help="validate every resource; report every problem")
    v.set_defaults(func=cmd_data_validate)
    pk = dsub.add_parser(
        "package",
        help="generate data/datapackage.json from data/<name>.meta.yaml "
        "and data/package.meta.yaml (after editing them)",
    )
    pk.set_defaults(func=cmd_data_package)
    s = dsub.add_parser("stamp", help="re-record hashes after a deliberate edit")
    s.add_argument(
        "names",
        nargs="+",
        help="the resources edited (at least one; a stamp records "
        "a deliberate edit, so it names what was edited)",
    )
    s.add_argument("--accessed", help="also set sources' access date (YYYY-MM-DD or 'today')")
    s.set_defaults(func=cmd_data_stamp)
    dv = dsub.add_parser(
        "derive", help="rebuild the derived CSVs from the snapshots in data/raw/ (byte-identical on re-run)"
    )
    dv.add_argument("names", nargs="*", help="derived resources (default: all)")
    dv.set_defaults(func=cmd_data_derive)
    u = dsub.add_parser(
        "update",
        help="fetch new vintages (census: country.xlsx; cpi_u_annual: "
        "BLS API) and re-derive; needs network, never run by the build",
    )
    u.add_argument("names", nargs="*", help="what to update: census, cpi_u_annual (default: all)")
    u.add_argument("--from", dest="first", type=int, help="first year (default: the file's first)")
    u.add_argument("--to", dest="last", type=int, help="last year (default: the file's last)")
    u.add_argument("--dry-run", action="store_true", help="fetch and report, write nothing")
    u.add_argument(
        "--accept-smaller",
        action="store_true",
        help="accept a Census vintage that covers fewer partners, years or months than the data now",
    )
    u.set_defaults(func=cmd_data_update)
    return p


class Terminated(SystemExit):
    """SIGTERM, raised where the process is, so that every ``finally`` and restore runs."""

    def __init__(self) -> None:
        super().__init__(143)  # 128 + SIGTERM, what a shell reports for a terminated process


def _on_sigterm(signum, frame) -> None:
    raise Terminated()


def install_signal_handlers() -> None:
    """SIGTERM behaves like Ctrl-C: the running command unwinds (a data update restores
    every file, a build stops its workers and keeps the previous site) and exits 143."""
    import signal

    signal.signal(signal.SIGTERM, _on_sigterm)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    install_signal_handlers()
    if args.root:  # every part of the package (the registry, the data) reads this book
        os.environ[data.ROOT_ENV] = str(Path(args.root).resolve())
    if args.verbose:
        os.environ[build_mod.VERBOSE_ENV] = "1"
    name = f"usvn {args.command}"
    try:
        return args.func(args)
    except (KeyboardInterrupt, Terminated) as exc:  # Ctrl-C, SIGTERM: unwound, then a report
        if args.verbose:
            raise
        print(f"{name}: interrupted; workers stopped, nothing half-written kept", file=sys.stderr)
        return 143 if isinstance(exc, Terminated) else 130
    except (data.BookNotFound, params_mod.ParameterError) as exc:  # how the command was called
        if args.verbose:
            raise
        print(f"{name}: {exc}", file=sys.stderr)
        return 2
    except data.DataError as exc:  # what the data hold
        if args.verbose:
            raise
        print(f"{name}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
