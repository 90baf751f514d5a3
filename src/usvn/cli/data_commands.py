"""The ``usvn data`` and ``usvn edition`` commands: check, stamp, package, derive and update the data; record an edition."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import data, sources


def root_of(args: argparse.Namespace) -> Path:
    """The book the command works on: ``--root``, else the one the working folder is in."""
    return Path(args.root).resolve() if args.root else data.find_root()


def cmd_data_validate(args: argparse.Namespace) -> int:
    root = root_of(args)
    problems = sources.validate(root)
    names = [r["name"] for r in data.read_package(root)["resources"]]
    if problems:
        print(data.DataError(problems), file=sys.stderr)
        return 1
    print(f"data/: {len(names)} resources valid ({', '.join(names)})")
    return 0


def cmd_data_package(args: argparse.Namespace) -> int:
    """Generate data/datapackage.json from the metadata files (after editing one)."""
    root = root_of(args)
    data.write_package(data.read_package(root), root)
    print(
        f"data/{data.PACKAGE_FILE}: generated from {len(data.read_package(root)['resources'])} metadata files"
    )
    return 0


def cmd_data_stamp(args: argparse.Namespace) -> int:
    root = root_of(args)
    derived = {r["name"] for r in data.read_package(root)["resources"] if r.get("usvn:derived")}
    asked = set(args.names or [])
    if asked & derived:
        print(
            f"usvn data stamp: {', '.join(sorted(asked & derived))} are made by `usvn data "
            "derive` from data/raw/; change the snapshot (a new vintage) and re-derive, "
            "never the CSV",
            file=sys.stderr,
        )
        return 2
    known = {r["name"] for r in data.read_package(root)["resources"]}
    unknown = sorted(asked - known)
    if unknown:
        print(
            f"usvn data stamp: no resource {', '.join(map(repr, unknown))} in "
            f"data/datapackage.json; resources: {', '.join(sorted(known - derived))}",
            file=sys.stderr,
        )
        return 2
    names = list(args.names)
    changed = data.stamp(root, accessed=args.accessed, names=names)
    print("re-stamped: " + (", ".join(changed) if changed else "nothing changed"))
    return 0


def cmd_edition(args: argparse.Namespace) -> int:
    """Record the book's current facts as a new edition (editions/NAME/facts.json)."""
    import datetime as dt

    from ..facts import editions

    try:
        dt.date.fromisoformat(args.name)
    except ValueError:
        print(
            f"usvn edition: NAME must be the edition's date, YYYY-MM-DD (got {args.name!r})", file=sys.stderr
        )
        return 2
    path = editions.record(root_of(args), args.name)
    print(f"edition {args.name}: {path}")
    return 0


def cmd_data_derive(args: argparse.Namespace) -> int:

    try:
        changed = sources.derive(root_of(args), args.names or None)
    except (KeyError, ValueError, OSError) as exc:  # DataError is a ValueError
        print(f"usvn data derive: {exc}\nNothing was changed in data/.", file=sys.stderr)
        return 1
    print("derived: " + (", ".join(changed) if changed else "nothing changed (byte-identical)"))
    return 0


def cmd_data_update(args: argparse.Namespace) -> int:
    from ..sources import update

    try:
        changes = update.update(
            args.names or None,
            root_of(args),
            first=args.first,
            last=args.last,
            dry_run=args.dry_run,
            accept_smaller=args.accept_smaller,
        )
    except (update.UpdateError, data.DataError) as exc:
        print(f"usvn data update: {exc}\nNothing was changed in data/.", file=sys.stderr)
        return 1
    for change in changes:
        print(("would update " if args.dry_run else "") + str(change))
    return 0
