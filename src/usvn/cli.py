"""The ``usvn`` command (also ``python -m usvn``)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import build as build_mod
from . import data
from . import params as params_mod


def _root(args: argparse.Namespace) -> Path:
    return Path(args.root).resolve() if args.root else data.find_root()


def cmd_build(args: argparse.Namespace) -> int:
    root = _root(args)
    out = Path(args.out).resolve() if args.out else None
    formats = tuple(f for f in args.formats.split(",") if f)
    unknown = [f for f in formats if f not in build_mod.FORMATS]
    if unknown:
        print(f"usvn build: --formats: unknown format(s) {', '.join(unknown)}; "
              f"allowed: {', '.join(build_mod.FORMATS)}", file=sys.stderr)
        return 2
    try:
        build_mod.build(root, html_dir=out / "html" if out else None, workers=args.workers,
                        progress=not args.quiet, formats=formats,
                        pdf_path=out / build_mod.PDF_NAME if out else None)
    except build_mod.BuildError as exc:
        print(f"usvn build: {exc}", file=sys.stderr)
        return 1
    return 0


def _parse_value(text: str):
    """A parameter value as YAML: 2010 -> int, 0.46 -> float, true -> bool, null -> None,
    [a, b] -> list; anything else stays a string."""
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text


def run_name(chapter: str, values: dict) -> str:
    """Output name derived from the parameter values, e.g. trade_framework-start_year-2010."""
    import re

    parts = [chapter] + [f"{k}-{v}" for k, v in sorted(values.items())]
    return re.sub(r"[^A-Za-z0-9_.=-]+", "_", "-".join(str(p) for p in parts))[:120]


def cmd_run(args: argparse.Namespace) -> int:
    root = _root(args)
    chapter = args.chapter
    try:
        schema = params_mod.schema(chapter)
        given = {name: _parse_value(value) for name, value in args.param}
        unknown = sorted(set(given) - {p.name for p in schema})
        if unknown:
            raise params_mod.ParameterError(
                f"{chapter}: unknown parameter(s) {', '.join(unknown)}; see `usvn params {chapter}`")
        values = {p.name: p.default for p in schema} | given
        params_mod.check(chapter, values)
    except params_mod.ParameterError as exc:
        print(f"usvn run: {exc}", file=sys.stderr)
        return 2
    out_dir = Path(args.out).resolve() if args.out else root / "_build" / "runs"
    out = out_dir / f"{run_name(chapter, given)}.ipynb"
    job = build_mod.Job(chapter, root / "chapters" / f"{chapter}.ipynb", out, given)
    results = build_mod.execute(root, [job], workers=1, progress=not args.quiet)
    build_mod.report(results)
    if results[0].status == "failed":
        return 1
    print(f"executed notebook: {out}")
    return 0


def cmd_params(args: argparse.Namespace) -> int:
    chapters = [args.chapter] if args.chapter else list(params_mod.SCHEMAS)
    try:
        print("\n\n".join(params_mod.describe(c) for c in chapters))
    except params_mod.ParameterError as exc:
        print(f"usvn params: {exc}", file=sys.stderr)
        return 2
    return 0


def cmd_data_validate(args: argparse.Namespace) -> int:
    root = _root(args)
    problems = data.validate(root)
    names = [r["name"] for r in data.read_package(root)["resources"]]
    if problems:
        print(data.DataError(problems), file=sys.stderr)
        return 1
    print(f"data/: {len(names)} resources valid ({', '.join(names)})")
    return 0


def cmd_data_stamp(args: argparse.Namespace) -> int:
    changed = data.stamp(_root(args), accessed=args.accessed, names=args.names or None)
    print("re-stamped: " + (", ".join(changed) if changed else "nothing changed"))
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="usvn", description=__doc__)
    p.add_argument("--root", help="the book's folder (default: found from the current folder)")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="execute stale chapters (papermill) and render the website")
    b.add_argument("--out", help="output folder (default: _build)")
    b.add_argument("--workers", type=int, help="parallel chapter executions (default: one per core)")
    b.add_argument("--quiet", action="store_true", help="no progress bar")
    b.add_argument("--formats", default="html,pdf",
                   help="what to render, comma-separated: html, pdf (default: html,pdf)")
    b.set_defaults(func=cmd_build)

    r = sub.add_parser("run", help="execute one chapter with other parameters (never into chapters/)")
    r.add_argument("chapter", help="diplomatic_upgrade, trade_framework or defence_ties")
    r.add_argument("-p", "--param", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                   help="a parameter and its value (YAML: 2010, 0.46, true, null, [a, b])")
    r.add_argument("--out", help="output folder (default: _build/runs)")
    r.add_argument("--quiet", action="store_true", help="no progress bar")
    r.set_defaults(func=cmd_run)

    pp = sub.add_parser("params", help="list chapters' parameters: defaults, types, ranges, meaning")
    pp.add_argument("chapter", nargs="?", help="one chapter (default: all)")
    pp.set_defaults(func=cmd_params)

    d = sub.add_parser("data", help="check and maintain data/")
    dsub = d.add_subparsers(dest="data_command", required=True)
    v = dsub.add_parser("validate", help="validate every resource; report every problem")
    v.set_defaults(func=cmd_data_validate)
    s = dsub.add_parser("stamp", help="re-record hashes after a deliberate edit")
    s.add_argument("names", nargs="*", help="resources to stamp (default: all)")
    s.add_argument("--accessed", help="also set sources' access date (YYYY-MM-DD or 'today')")
    s.set_defaults(func=cmd_data_stamp)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
