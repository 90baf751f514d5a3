"""The ``usvn`` command (also ``python -m usvn``)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import build as build_mod
from . import data


def _root(args: argparse.Namespace) -> Path:
    return Path(args.root).resolve() if args.root else data.find_root()


def cmd_build(args: argparse.Namespace) -> int:
    root = _root(args)
    html = Path(args.out).resolve() / "html" if args.out else None
    try:
        build_mod.build(root, html_dir=html, workers=args.workers, progress=not args.quiet)
    except build_mod.BuildError as exc:
        print(f"usvn build: {exc}", file=sys.stderr)
        return 1
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
    b.set_defaults(func=cmd_build)

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
